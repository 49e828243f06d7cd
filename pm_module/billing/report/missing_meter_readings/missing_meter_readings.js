// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Missing Meter Readings"] = {
	filters: [
		Object.assign(pm_module.report_filters.estate(), { reqd: 1 }),
		pm_module.report_filters.building(),
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_start(frappe.datetime.add_months(frappe.datetime.get_today(), -1)),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_end(frappe.datetime.add_months(frappe.datetime.get_today(), -1)),
		},
		{ fieldname: "assistant", label: __("Assistant"), fieldtype: "Link", options: "User" },
	],
};
