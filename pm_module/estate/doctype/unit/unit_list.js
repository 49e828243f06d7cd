// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

const PM_UNIT_STATUS_COLORS = {
	Vacant: "orange",
	Occupied: "green",
	Custody: "blue",
	Renovating: "purple",
};

frappe.listview_settings["Unit"] = {
	add_fields: ["status", "unit_type", "current_owner_name"],
	get_indicator(doc) {
		return [__(doc.status), PM_UNIT_STATUS_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
