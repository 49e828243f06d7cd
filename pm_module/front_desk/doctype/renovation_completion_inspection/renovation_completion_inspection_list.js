// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Renovation Completion Inspection"] = {
	add_fields: ["result", "docstatus"],
	get_indicator(doc) {
		if (doc.docstatus !== 1) return;
		return doc.result === "Passed"
			? [__("Passed"), "green", "result,=,Passed"]
			: [__("Damages Found"), "orange", "result,=,Damages Found"];
	},
};
