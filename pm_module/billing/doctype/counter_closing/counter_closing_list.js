frappe.listview_settings["Counter Closing"] = {
	add_fields: ["status", "cash_difference"],
	get_indicator(doc) {
		const colors = { Draft: "gray", "Handed Over": "orange", Checked: "green", Cancelled: "red" };
		return [__(doc.status, null, "Counter Closing"), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
