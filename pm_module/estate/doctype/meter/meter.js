// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Meter", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.is_active) {
			frm.add_custom_button(__("Record Reading"), () =>
				frappe.new_doc("Meter Reading", { meter: frm.doc.name })
			);
		}
	},
});
