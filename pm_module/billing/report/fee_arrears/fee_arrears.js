// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Fee Arrears"] = {
	filters: [
		pm_module.report_filters.company(),
		pm_module.report_filters.estate(),
		pm_module.report_filters.building(),
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
