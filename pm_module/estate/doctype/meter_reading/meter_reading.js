// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Meter Reading", {
	setup(frm) {
		frm.set_query("meter", () => ({ filters: { is_active: 1 } }));
	},
	meter(frm) {
		if (!frm.doc.meter) return;
		frappe.db.get_value("Meter", frm.doc.meter, ["last_reading", "last_reading_date"]).then(({ message }) => {
			frm.set_value("previous_reading", message.last_reading);
			frm.set_value("previous_reading_date", message.last_reading_date);
		});
	},
});
