// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Occupancy", {
	role(frm) {
		if (!["Tenant", "Merchant"].includes(frm.doc.role)) {
			frm.set_value("pays_fees", 0);
		}
	},
});
