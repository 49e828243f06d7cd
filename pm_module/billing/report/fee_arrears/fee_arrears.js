// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Fee Arrears"] = {
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
			fieldname: "building",
			label: __("Building"),
			fieldtype: "Link",
			options: "Building",
			get_query: () => {
				const estate = frappe.query_report.get_filter_value("estate");
				return { filters: estate ? { estate } : {} };
			},
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Unit", "Building", "Resident", "Estate"],
			default: "Unit",
		},
		{ fieldname: "as_on_date", label: __("As On Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
