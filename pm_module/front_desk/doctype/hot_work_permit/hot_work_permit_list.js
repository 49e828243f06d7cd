// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Hot Work Permit"] = {
	get_indicator(doc) {
		if (doc.docstatus === 1) return [__("Approved"), "green", "docstatus,=,1"];
		if (doc.docstatus === 0) return [__("Awaiting Approval"), "orange", "docstatus,=,0"];
	},
};
