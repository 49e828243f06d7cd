// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Resident", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (!frm.doc.customer && frm.perm[0].write) {
			frm.add_custom_button(__("Create Customer"), () =>
				frm.call({
					method: "pm_module.estate.doctype.resident.resident.make_customer",
					args: { resident: frm.doc.name },
					freeze: true,
					callback: () => frm.reload_doc(),
				})
			);
		}
		const account = frm.doc.__onload?.fee_account;
		if (account) {
			// what the fee counter shows for the payer: owed and paid in advance (预存)
			frm.dashboard.add_indicator(
				__("Outstanding: {0}", [format_currency(account.outstanding)]),
				account.outstanding > 0 ? "red" : "green"
			);
			frm.dashboard.add_indicator(
				__("Prepaid Balance: {0}", [format_currency(account.prepaid)]),
				account.prepaid > 0 ? "blue" : "gray"
			);
		}
		frm.add_custom_button(
			__("Occupancy"),
			() => frappe.new_doc("Occupancy", { resident: frm.doc.name }),
			__("Create")
		);
	},
});
