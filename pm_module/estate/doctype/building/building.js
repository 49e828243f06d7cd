// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Building", {
	setup(frm) {
		frm.set_query("user", "assistants", () => ({
			query: "frappe.core.doctype.user.user.user_query",
			filters: { ignore_user_type: 1 },
		}));
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Units"), () =>
				frappe.set_route("List", "Unit", { building: frm.doc.name })
			);
			frm.add_custom_button(__("Unit Register"), () =>
				frappe.set_route("query-report", "Unit Register", {
					estate: frm.doc.estate,
					building: frm.doc.name,
				})
			);
		}
	},
});
