// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Collection Rate"] = {
	filters: [
		pm_module.report_filters.company(),
		pm_module.report_filters.estate(),
		{
			fieldname: "from_date",
			label: __("Periods From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{ fieldname: "to_date", label: __("Periods To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
