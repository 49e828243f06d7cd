frappe.listview_settings["Billing Run Result"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = { Invoiced: "green", "Already Billed": "blue", Skipped: "orange", Failed: "red" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
