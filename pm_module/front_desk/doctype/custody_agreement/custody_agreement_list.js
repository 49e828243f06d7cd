frappe.listview_settings["Custody Agreement"] = {
	add_fields: ["status", "meter_alarm", "next_patrol_due"],
	get_indicator(doc) {
		if (doc.status === "Active" && doc.meter_alarm)
			return [__("Meter Movement Alarm"), "red", "meter_alarm,=,1"];
		if (
			doc.status === "Active" &&
			doc.next_patrol_due &&
			doc.next_patrol_due < frappe.datetime.get_today()
		) {
			return [__("Patrol Due"), "orange", "status,=,Active"];
		}
		const colors = { Draft: "red", Active: "green", Ended: "blue", Cancelled: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
