frappe.listview_settings["Desk Log"] = {
	add_fields: ["status", "escalated_to", "log_date"],
	get_indicator(doc) {
		if (doc.status === "Closed") return [__("Closed"), "green", "status,=,Closed"];
		if (doc.escalated_to) return [__("Escalated"), "red", "status,=,Open"];
		if (doc.log_date < frappe.datetime.get_today()) return [__("Open"), "orange", "status,=,Open"];
		return [__("Open"), "blue", "status,=,Open"];
	},
	filters: [["status", "=", "Open"]],
};
