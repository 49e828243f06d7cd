// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Complaint KPIs"] = {
	filters: [
		pm_module.report_filters.estate(),
		{
			fieldname: "month",
			label: __("Month"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
			description: __("Any day of the month: complaints received in that month"),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "met" && data && data.met !== undefined && data.met !== null && data.met !== "") {
			return data.met ? `<span class="text-success">${__("Met")}</span>` : `<span class="text-danger">${__("Not Met")}</span>`;
		}
		return value;
	},
};
