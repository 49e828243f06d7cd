frappe.listview_settings["Return Visit"] = {
	add_fields: ["satisfaction", "docstatus", "is_spot_check"],
	get_indicator(doc) {
		if (doc.docstatus === 2) return [__("Cancelled"), "grey", "docstatus,=,2"];
		if (doc.docstatus === 0) return [__("Draft"), "orange", "docstatus,=,0"];
		const colour = { Satisfied: "green", "Basically Satisfied": "blue", Dissatisfied: "red" }[doc.satisfaction];
		return [__(doc.satisfaction), colour || "grey", `satisfaction,=,${doc.satisfaction}`];
	},
};
