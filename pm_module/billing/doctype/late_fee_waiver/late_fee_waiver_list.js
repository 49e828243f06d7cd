const WAIVER_COLOURS = { Pending: "orange", Approved: "blue", Rejected: "red", Applied: "green" };

frappe.listview_settings["Late Fee Waiver"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		return [__(doc.status), WAIVER_COLOURS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
