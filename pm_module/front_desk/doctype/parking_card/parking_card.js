// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Parking Card", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
		frm.set_query("parking_space", () => ({
			filters: { unit_type: "Parking Space", ...(frm.doc.estate ? { estate: frm.doc.estate } : {}) },
		}));
	},
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Returned") return;
		frm.add_custom_button(__("Top Up"), () =>
			frappe.prompt(
				{ fieldname: "months", fieldtype: "Int", label: __("Months Paid"), default: 1, reqd: 1 },
				(v) =>
					frm.call("top_up", v).then((r) => {
						frm.reload_doc();
						if (r.message) {
							frappe.msgprint(
								__("Paid from {0} to {1}: {2}", [
									frappe.datetime.str_to_user(r.message.period_from),
									frappe.datetime.str_to_user(r.message.period_to),
									r.message.sales_invoice,
								])
							);
						}
					}),
				__("Top Up")
			)
		);
		frm.add_custom_button(__("Return"), () => frm.call("return_card").then(() => frm.reload_doc()));
	},
});
