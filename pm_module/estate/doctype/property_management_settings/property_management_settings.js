// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Property Management Settings", {
	setup(frm) {
		frm.set_query("default_customer_group", () => ({ filters: { is_group: 0 } }));
		frm.set_query("default_territory", () => ({ filters: { is_group: 0 } }));
	},
});
