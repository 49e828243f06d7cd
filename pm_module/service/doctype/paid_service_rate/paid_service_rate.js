// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Paid Service Rate", {
	setup(frm) {
		frm.set_query("item", () => ({ filters: { is_sales_item: 1, disabled: 0 } }));
	},
});
