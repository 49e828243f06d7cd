// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Release Slip"] = {
	add_fields: ["status", "move_date"],
	get_indicator(doc) {
		const colors = { Draft: "red", Issued: "blue", Used: "green", Cancelled: "gray" };
		if (doc.status === "Issued" && doc.move_date < frappe.datetime.get_today()) {
			return [__("Expired"), "gray", "move_date,<," + frappe.datetime.get_today()];
		}
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
