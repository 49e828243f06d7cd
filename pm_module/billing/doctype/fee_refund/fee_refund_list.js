// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Fee Refund"] = {
	add_fields: ["approval_status", "docstatus", "refund_type"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Refunded"), "green", "docstatus,=,1"];
		if (doc.docstatus === 2) return [__("Cancelled"), "gray", "docstatus,=,2"];
		const colours = { Pending: "orange", Approved: "blue", Rejected: "red" };
		const status = doc.approval_status || "Pending";
		return [__(status), colours[status] || "gray", `approval_status,=,${status}|docstatus,=,0`];
	},
};
