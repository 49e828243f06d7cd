frappe.listview_settings["Ownership Transfer"] = {
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Transferred"), "green", "docstatus,=,1"];
		if (doc.docstatus === 2) return [__("Cancelled"), "gray", "docstatus,=,2"];
		return [__("Draft"), "red", "docstatus,=,0"];
	},
};
