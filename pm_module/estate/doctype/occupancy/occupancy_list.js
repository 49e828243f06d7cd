// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Occupancy"] = {
	add_fields: ["start_date", "end_date", "role"],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		if (doc.start_date > today) {
			return [__("Upcoming"), "blue", `start_date,>,${today}`];
		}
		if (doc.end_date && doc.end_date < today) {
			return [__("Ended"), "gray", `end_date,<,${today}`];
		}
		return [__("Current"), "green", `start_date,<=,${today}`];
	},
};
