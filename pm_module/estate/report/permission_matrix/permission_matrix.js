// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Permission Matrix"] = {
	filters: [
		{
			fieldname: "position",
			label: __("Position"),
			fieldtype: "Data",
		},
		{
			fieldname: "doctype",
			label: __("DocType"),
			fieldtype: "Link",
			options: "DocType",
		},
	],
};
