frappe.listview_settings["Billing Run"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Draft: "gray",
			Queued: "yellow",
			Running: "blue",
			Completed: "green",
			"Completed with Errors": "orange",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
