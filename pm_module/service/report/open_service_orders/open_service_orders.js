// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Open Service Orders"] = {
	filters: [
		pm_module.report_filters.estate(),
		pm_module.report_filters.building(),
		{
			fieldname: "order_kind",
			label: __("Kind"),
			fieldtype: "Select",
			options: ["", "Routine Repair", "Paid Service", "Public Area Repair", "Warranty Defect", "Business Service"],
		},
		{ fieldname: "technician", label: __("Technician"), fieldtype: "Link", options: "User" },
		{ fieldname: "received_by", label: __("Received By"), fieldtype: "Link", options: "User" },
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "deadline" && data && data.overdue) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
