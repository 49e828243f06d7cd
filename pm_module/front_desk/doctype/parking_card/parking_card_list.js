// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Parking Card"] = {
	add_fields: ["status", "valid_to"],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		if (doc.status !== "Returned" && doc.valid_to && doc.valid_to < today) {
			return [__("Expired"), "gray", "valid_to,<," + today];
		}
		const colors = { Unpaid: "red", Active: "green", Expired: "gray", Returned: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
