// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Daily Collection"] = {
	filters: [
		pm_module.report_filters.estate(),
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "cashier", label: __("Cashier"), fieldtype: "Link", options: "User" },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Day", label: __("Day") },
				{ value: "Cashier", label: __("Cashier") },
			],
			default: "Day",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "closing_status" && data) {
			const colors = { "Not Closed": "red", "Handed Over": "orange", Checked: "green" };
			const color = colors[data.closing_status_value];
			if (color) value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
