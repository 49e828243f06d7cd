// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Access Card"] = {
	add_fields: ["status", "valid_to"],
	get_indicator(doc) {
		if (doc.status === "Active" && doc.valid_to && doc.valid_to < frappe.datetime.get_today()) {
			return [__("Expired"), "gray", "valid_to,<," + frappe.datetime.get_today()];
		}
		const colors = { "Pending Approval": "orange", Active: "green", Lost: "red", Returned: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
