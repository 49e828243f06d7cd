// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Access Card", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) =>
			frm.call(method, args || {}).then(() => frm.reload_doc());
		if (frm.doc.status === "Pending Approval") {
			frm.add_custom_button(__("Approve"), () => call("approve"));
		}
		if (frm.doc.status === "Active") {
			frm.add_custom_button(__("Renew"), () => call("renew"), __("Card"));
			frm.add_custom_button(
				__("Report Lost"),
				() => frappe.prompt({ fieldname: "remarks", fieldtype: "Small Text", label: __("Remarks") },
					(v) => call("report_lost", v), __("Report Lost")),
				__("Card")
			);
		}
		if (["Active", "Lost"].includes(frm.doc.status)) {
			frm.add_custom_button(
				__("Replace"),
				() =>
					frappe.prompt(
						[
							{ fieldname: "new_card_number", fieldtype: "Data", label: __("New Card Number"), reqd: 1 },
							{
								fieldname: "reason",
								fieldtype: "Select",
								label: __("Reason"),
								options: ["Lost", "Damaged by Holder", "Faulty"].map((r) => ({ value: r, label: __(r) })),
								default: frm.doc.status === "Lost" ? "Lost" : "Faulty",
								reqd: 1,
							},
							{ fieldname: "remarks", fieldtype: "Small Text", label: __("Remarks") },
						],
						(v) => call("replace", v),
						__("Replace Card")
					),
				__("Card")
			);
		}
		if (["Active", "Pending Approval"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Return"), () => call("return_card"), __("Card"));
		}
	},
});
