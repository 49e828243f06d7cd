// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Move In", {
	setup(frm) {
		frm.set_query("unit", () => ({
			filters: { estate: frm.doc.estate, status: ["!=", "Occupied"] },
		}));
		frm.set_query("meter", "meter_readings", () => ({
			filters: { unit: frm.doc.unit, is_active: 1 },
		}));
	},

	onload(frm) {
		if (frm.is_new() && !(frm.doc.documents || []).length) {
			frm.events.load_checklists(frm);
		}
	},

	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.sales_invoice) {
			frm.add_custom_button(__("Sales Invoice"), () =>
				frappe.set_route("Form", "Sales Invoice", frm.doc.sales_invoice)
			);
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Handover Pending") {
			frm.dashboard.set_headline(
				__("Fees posted: hand over the keys and items against the owner's signature.")
			);
		}
	},

	buyer_type(frm) {
		frm.events.load_checklists(frm, true);
		if (frm.doc.buyer_type === "Company Buyer") frm.set_value("resident_type", "Company");
	},

	load_checklists(frm, documents_only) {
		frappe
			.xcall("pm_module.front_desk.doctype.move_in.move_in.get_checklists", {
				buyer_type: frm.doc.buyer_type || "Owner",
			})
			.then((lists) => {
				frm.clear_table("documents");
				lists.documents.forEach((d) => frm.add_child("documents", { document: d }));
				if (!documents_only) {
					frm.clear_table("agreements");
					lists.agreements.forEach((a) => frm.add_child("agreements", { agreement: a }));
					frm.clear_table("handover_items");
					lists.handover_items.forEach((i) =>
						frm.add_child("handover_items", { item: i, quantity: 1 })
					);
				}
				frm.refresh_fields();
			});
	},

	unit(frm) {
		pm_module.fill_unit_meters(frm);
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
				"emergency_contact_name",
				"emergency_contact_relation",
				"emergency_contact_phone",
				"bank_name",
				"bank_account_holder",
				"bank_account_no",
			].forEach((f) => r[f] && frm.set_value(f, r[f]));
		});
	},
});
