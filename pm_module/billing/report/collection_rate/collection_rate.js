// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Collection Rate"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "estate", label: __("Estate"), fieldtype: "Link", options: "Estate" },
		{
			fieldname: "from_date",
			label: __("Periods From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{ fieldname: "to_date", label: __("Periods To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
