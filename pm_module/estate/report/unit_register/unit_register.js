// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Unit Register"] = {
	filters: [
		pm_module.report_filters.estate(),
		pm_module.report_filters.building(),
		{
			fieldname: "unit_type",
			label: __("Unit Type"),
			fieldtype: "Select",
			options: ["", "Residential", "Shop", "Office", "Parking Space", "Storage"],
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Vacant", "Occupied", "Custody", "Renovating"],
		},
	],
	tree: true,
	name_field: "name",
	parent_field: "parent_node",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.indent < 2 && column.fieldname === "name") {
			value = `<b>${value}</b>`;
		}
		if (data && column.fieldname === "status" && data.status) {
			const colors = { Vacant: "orange", Occupied: "green", Custody: "blue", Renovating: "purple" };
			value = `<span class="indicator-pill ${colors[data.status] || "gray"}">${__(data.status)}</span>`;
		}
		return value;
	},
};
