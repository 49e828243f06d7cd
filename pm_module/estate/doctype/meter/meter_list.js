// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Meter"] = {
	add_fields: ["is_active", "meter_type"],
	get_indicator(doc) {
		return doc.is_active
			? [__(doc.meter_type), doc.meter_type === "Electricity" ? "yellow" : "blue", `meter_type,=,${doc.meter_type}`]
			: [__("Inactive"), "gray", "is_active,=,0"];
	},
};
