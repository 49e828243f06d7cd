const SERVICE_ORDER_COLOURS = {
	Open: "red",
	Dispatched: "orange",
	Acknowledged: "orange",
	Arrived: "yellow",
	Completed: "blue",
	Accepted: "cyan",
	Rework: "red",
	Escalated: "red",
	Closed: "green",
	Declined: "grey",
	Cancelled: "grey",
};

frappe.listview_settings["Service Order"] = {
	add_fields: ["status", "reply_due", "replied_at", "return_visit_due"],
	get_indicator(doc) {
		const now = frappe.datetime.now_datetime();
		if (doc.status === "Open" && !doc.replied_at && doc.reply_due && doc.reply_due < now) {
			return [__("Reply Overdue"), "red", "status,=,Open"];
		}
		if (doc.status === "Accepted" && doc.return_visit_due && doc.return_visit_due < now) {
			return [__("Visit Overdue"), "red", "status,=,Accepted"];
		}
		return [__(doc.status), SERVICE_ORDER_COLOURS[doc.status] || "grey", `status,=,${doc.status}`];
	},
};
