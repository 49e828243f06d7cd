const COMPLAINT_COLORS = {
	New: "red",
	Accepted: "orange",
	"In Progress": "orange",
	Answered: "blue",
	Resolved: "purple",
	Closed: "green",
	Invalid: "gray",
	Reopened: "red",
};

frappe.listview_settings["Complaint"] = {
	add_fields: ["status", "is_overdue", "resolve_by", "severity"],
	filters: [["status", "not in", ["Closed", "Invalid"]]],
	get_indicator(doc) {
		const open = !["Resolved", "Closed", "Invalid"].includes(doc.status);
		if (open && (doc.is_overdue || (doc.resolve_by && doc.resolve_by < frappe.datetime.now_datetime()))) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		return [__(doc.status), COMPLAINT_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
