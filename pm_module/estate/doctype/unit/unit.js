// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Unit", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frappe.boot.page_info?.["fee-counter"]) {
			// the fee counter (收银台) on this unit, for whoever takes payments
			frm.add_custom_button(__("Take Payment"), () => {
				frappe.route_options = { unit: frm.doc.name };
				frappe.set_route("fee-counter");
			});
		}
		frm.add_custom_button(
			__("Occupancy"),
			() => frappe.new_doc("Occupancy", { unit: frm.doc.name }),
			__("Create")
		);
		frm.add_custom_button(
			__("Meter"),
			() => frappe.new_doc("Meter", { unit: frm.doc.name, scope: "Unit" }),
			__("Create")
		);
		frm.set_intro(
			frm.doc.current_owner
				? __("Owner: {0}; occupant: {1}", [
						frm.doc.current_owner_name,
						frm.doc.current_occupant_name || __("nobody"),
				  ])
				: __("No owner is recorded for this unit."),
			frm.doc.current_owner ? "blue" : "orange"
		);
	},
});
