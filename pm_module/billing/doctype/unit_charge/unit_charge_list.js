frappe.listview_settings["Unit Charge"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		return doc.status === "Billed"
			? [__("Billed"), "green", "status,=,Billed"]
			: [__("Pending"), "orange", "status,=,Pending"];
	},
};
