// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Card Expiry"] = {
	filters: [
		pm_module.report_filters.estate(),
		{ fieldname: "days", label: __("Expiring Within (Days)"), fieldtype: "Int", default: 30 },
		{
			fieldname: "card_kind",
			label: __("Card Kind"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Access Card", label: __("Access Card") },
				{ value: "Parking Card", label: __("Parking Card") },
			],
		},
		{ fieldname: "as_on_date", label: __("As On Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
