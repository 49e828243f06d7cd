// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Counter Closing", {
	refresh(frm) {
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Get Receipts"), () =>
				frm.call("get_receipts").then(() => {
					frm.refresh_fields();
					frm.dirty();
				}),
			);
		}
		if (
			frm.doc.docstatus === 1 &&
			frm.doc.status === "Handed Over" &&
			frappe.user.has_role(["Accounts User", "Accounts Manager", "System Manager"])
		) {
			frm.add_custom_button(__("Check"), () =>
				frappe.confirm(
					__("Mark this day as checked? Its receipts can then be reversed only by finance."),
					() => frm.call("check_closing").then(() => frm.reload_doc()),
				),
			).addClass("btn-primary");
		}
		if (frm.doc.docstatus === 1) {
			frm.set_intro(
				frm.doc.status === "Checked"
					? __("Checked by {0} on {1}", [frm.doc.checked_by, frappe.datetime.str_to_user(frm.doc.checked_on)])
					: __("Handed over to finance, waiting to be checked"),
				frm.doc.status === "Checked" ? "green" : "orange",
			);
		}
	},
	cash_counted(frm) {
		frm.set_value("cash_difference", flt(flt(frm.doc.cash_counted) - flt(frm.doc.cash_expected), 2));
	},
	estate(frm) {
		if (frm.doc.estate && frm.doc.cashier && frm.doc.closing_date) frm.trigger("refill");
	},
	closing_date(frm) {
		if (frm.doc.estate && frm.doc.cashier && frm.doc.closing_date) frm.trigger("refill");
	},
	refill(frm) {
		frm.call("get_receipts").then(() => frm.refresh_fields());
	},
});
