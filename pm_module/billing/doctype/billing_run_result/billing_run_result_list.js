frappe.listview_settings["Billing Run Result"] = {
	add_fields: ["status", "warnings"],
	get_indicator(doc) {
		const colors = { Invoiced: "green", "Already Billed": "blue", Skipped: "orange", Failed: "red" };
		// billed, but a meter had no new reading: its consumption comes on a later run
		const color = doc.status === "Invoiced" && doc.warnings ? "yellow" : colors[doc.status] || "gray";
		return [__(doc.status), color, "status,=," + doc.status];
	},
};
