// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Late Fee Waivers"] = {
	filters: [
		{ fieldname: "estate", label: __("Estate"), fieldtype: "Link", options: "Estate" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Pending", "Approved", "Rejected", "Applied"].join("\n"),
		},
		{ fieldname: "unit", label: __("Unit"), fieldtype: "Link", options: "Unit" },
	],
};
