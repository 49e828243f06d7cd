// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Desk Log", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
		frm.set_query("escalated_to", () => ({
			query: "pm_module.service.doctype.desk_log.desk_log.escalation_query",
		}));
	},
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") return;
		frm.add_custom_button(__("Service Order"), () =>
			frm.call({ doc: frm.doc, method: "make_service_order" }).then((r) =>
				frappe.set_route("Form", "Service Order", r.message)
			), __("Create"));
		frm.add_custom_button(__("Reviewed Today"), () =>
			frappe.prompt(
				{ fieldname: "note", fieldtype: "Small Text", label: __("Follow-up") },
				(v) => frm.call({ doc: frm.doc, method: "mark_reviewed", args: v }).then(() => frm.reload_doc()),
				__("Reviewed Today")
			));
	},
});
