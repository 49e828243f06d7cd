// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Late Fee Waiver", {
	setup(frm) {
		frm.set_query("sales_invoice", () => ({
			filters: { docstatus: 1, outstanding_amount: [">", 0], pm_unit: ["is", "set"] },
		}));
	},
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Pending" || !frm.doc.__onload?.can_decide) return;
		const decide = (method, label, note_required) =>
			frappe.prompt(
				{ fieldname: "note", fieldtype: "Small Text", label: __("Decision Note"), reqd: note_required },
				({ note }) => frm.call(method, { note }).then(() => frm.reload_doc()),
				label
			);
		frm.add_custom_button(__("Approve"), () => decide("approve", __("Approve"), 0)).addClass("btn-primary");
		frm.add_custom_button(__("Reject"), () => decide("reject", __("Reject"), 1));
	},
});
