// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Estate", {
	setup(frm) {
		frm.set_query("cost_center", () => ({
			filters: { company: frm.doc.company, is_group: 0 },
		}));
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Unit Register"), () =>
				frappe.set_route("query-report", "Unit Register", { estate: frm.doc.name })
			);
		}
	},
	company(frm) {
		frm.set_value("cost_center", null);
	},
});
