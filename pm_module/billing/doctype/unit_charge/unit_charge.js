// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Unit Charge", {
	setup(frm) {
		frm.set_query("item", () => ({ filters: { is_sales_item: 1, disabled: 0 } }));
	},
	qty: (frm) => frm.set_value("amount", flt(frm.doc.qty) * flt(frm.doc.rate)),
	rate: (frm) => frm.set_value("amount", flt(frm.doc.qty) * flt(frm.doc.rate)),
});
