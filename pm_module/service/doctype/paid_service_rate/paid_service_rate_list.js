frappe.listview_settings["Paid Service Rate"] = {
	add_fields: ["is_active"],
	get_indicator(doc) {
		return doc.is_active
			? [__("Active"), "green", "is_active,=,1"]
			: [__("Inactive"), "grey", "is_active,=,0"];
	},
};
