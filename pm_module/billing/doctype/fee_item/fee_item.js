// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Fee Item", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: { estate: frm.doc.estate } }));
		frm.set_query("unit", () => ({ filters: { estate: frm.doc.estate } }));
		frm.set_query("item", () => ({ filters: { is_sales_item: 1, disabled: 0 } }));
		frm.set_query("income_account", () => ({
			filters: { company: frm.doc.company, root_type: "Income", is_group: 0 },
		}));
	},
});
