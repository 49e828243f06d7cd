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
		frm.add_custom_button(
			__("Occupancy"),
			() => frappe.new_doc("Occupancy", { resident: frm.doc.name }),
			__("Create")
		);
	},
});
