// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Ownership Transfer", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: { estate: frm.doc.estate } }));
	},

	unit(frm) {
		frm.events.check_arrears(frm);
	},

	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.unit) frm.events.check_arrears(frm);
	},

	check_arrears(frm) {
		if (!frm.doc.unit) return;
		frappe
			.xcall("pm_module.billing.arrears.get_unit_arrears", { unit: frm.doc.unit })
			.then((owed) => {
				if (owed.outstanding > 0) {
					frm.dashboard.set_headline(
						__(
							"Unit {0} owes {1}: the transfer waits until the previous owner has paid.",
							[frm.doc.unit, format_currency(owed.outstanding)]
						),
						"red"
					);
				} else {
					frm.dashboard.set_headline(__("The unit's fees are fully paid."), "green");
				}
			});
	},

	resident(frm) {
		if (!frm.doc.resident) return;
		frappe.db.get_doc("Resident", frm.doc.resident).then((r) => {
			[
				"resident_name",
				"resident_type",
				"id_type",
				"id_number",
				"mobile_no",
				"email",
				"bank_name",
				"bank_account_holder",
				"bank_account_no",
			].forEach((f) => r[f] && frm.set_value(f, r[f]));
		});
	},
});
