// Shared by the app's report filters: the estate scope every report offers.
frappe.provide("pm_module.report_filters");

pm_module.report_filters.company = () => ({
	fieldname: "company",
	label: __("Company"),
	fieldtype: "Link",
	options: "Company",
	default: frappe.defaults.get_user_default("Company"),
});

pm_module.report_filters.estate = () => ({
	fieldname: "estate",
	label: __("Estate"),
	fieldtype: "Link",
	options: "Estate",
});

// Buildings of the estate chosen in the report's estate filter
pm_module.report_filters.building = () => ({
	fieldname: "building",
	label: __("Building"),
	fieldtype: "Link",
	options: "Building",
	get_query: () => {
		const estate = frappe.query_report.get_filter_value("estate");
		return estate ? { filters: { estate } } : {};
	},
});
