// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Renovation Application"] = {
	add_fields: ["status", "deposit_status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Draft: "red",
			"Submitted for Review": "orange",
			Approved: "green",
			Rejected: "gray",
			Completed: "blue",
			Cancelled: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
