// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Technician Workload"] = {
	filters: [
		pm_module.report_filters.estate(),
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
