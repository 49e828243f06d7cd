frappe.listview_settings["Fee Item"] = {
	add_fields: ["enabled", "charge_basis"],
	get_indicator(doc) {
		return doc.enabled
			? [__(doc.charge_basis), "green", "enabled,=,1"]
			: [__("Disabled"), "gray", "enabled,=,0"];
	},
};
