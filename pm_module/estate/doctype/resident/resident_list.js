// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Resident"] = {
	add_fields: ["customer", "resident_type"],
	get_indicator(doc) {
		return doc.customer
			? [__("Billable"), "green", "customer,is,set"]
			: [__("Not Billed"), "gray", "customer,is,not set"];
	},
};
