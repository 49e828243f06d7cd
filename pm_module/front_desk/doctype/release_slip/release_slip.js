// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Release Slip", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.status === "Issued") {
			frm.dashboard.set_headline(
				__("Valid once, on {0}. The security guard checks it at the gate.", [
					frappe.datetime.str_to_user(frm.doc.move_date),
				])
			);
		}
		if (frm.doc.unit && frm.doc.docstatus === 0) {
			frm.trigger("show_arrears");
		}
	},
	unit(frm) {
		frm.trigger("show_arrears");
	},
	show_arrears(frm) {
		if (!frm.doc.unit) return;
		frappe.call({
			method: "pm_module.billing.arrears.get_unit_arrears",
			args: { unit: frm.doc.unit },
			callback(r) {
				if (r.message && r.message.outstanding > 0) {
					frm.dashboard.set_headline_alert(
						__("Unit {0} owes {1}: a tenant's slip needs the owner's confirmation", [
							frm.doc.unit,
							format_currency(r.message.outstanding),
						]),
						"orange"
					);
				}
			},
		});
	},
	owner_call_time(frm) {
		if (frm.doc.owner_call_time && !frm.doc.owner_called_by) {
			frm.set_value("owner_called_by", frappe.session.user);
		}
	},
});
