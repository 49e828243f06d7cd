// Shared by the app's report filters: the estate scope every report offers.
frappe.provide("pm_module.report_filters");

pm_module.report_filters.company = () => ({
	fieldname: "company",
	label: __("Company"),
	fieldtype: "Link",
	options: "Company",
	default: frappe.defaults.get_user_default("Company"),
});

// starts with the user's only estate, if there is one (pm_module/boot.py)
pm_module.report_filters.estate = () => ({
	fieldname: "estate",
	label: __("Estate"),
	fieldtype: "Link",
	options: "Estate",
	default: frappe.boot.pm_default_estate,
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

// A form's meter_readings table: one row for each meter of the unit chosen (move-in, custody)
pm_module.fill_unit_meters = (frm) => {
	frm.clear_table("meter_readings");
	if (!frm.doc.unit) return frm.refresh_field("meter_readings");
	frappe
		.xcall("pm_module.front_desk.doctype.move_in.move_in.get_unit_meters", {
			unit: frm.doc.unit,
		})
		.then((meters) => {
			meters.forEach((m) => frm.add_child("meter_readings", { meter: m.meter, meter_type: m.meter_type }));
			frm.refresh_field("meter_readings");
		});
};
