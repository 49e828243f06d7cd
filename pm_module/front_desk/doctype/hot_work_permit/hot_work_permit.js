// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Hot Work Permit", {
	setup(frm) {
		frm.set_query("renovation_application", () => ({
			filters: { docstatus: 1, status: "Approved" },
		}));
	},
});
