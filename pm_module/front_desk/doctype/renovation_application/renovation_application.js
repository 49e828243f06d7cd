// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Renovation Application", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
	},

	onload(frm) {
		if (frm.is_new() && frm.doc.garbage_fee == null && frm.doc.deposit_amount == null) {
			const settings = "Property Management Settings";
			frappe.db
				.get_value(settings, settings, ["renovation_garbage_fee", "renovation_deposit"])
				.then(({ message }) => {
					frm.set_value("garbage_fee", message.renovation_garbage_fee);
					frm.set_value("deposit_amount", message.renovation_deposit);
				});
		}
	},

	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.status === "Approved") {
			frm.add_custom_button(
				__("Hot Work Permit"),
				() => frappe.new_doc("Hot Work Permit", { renovation_application: frm.doc.name }),
				__("Create")
			);
			frm.add_custom_button(
				__("Completion Inspection"),
				() =>
					frappe.new_doc("Renovation Completion Inspection", {
						renovation_application: frm.doc.name,
					}),
				__("Create")
			);
		}
		if (frm.doc.structural_changes && !frm.doc.government_approval && frm.doc.docstatus === 0) {
			frm.dashboard.set_headline(
				__("Structural changes: attach the government approval document before approval"),
				"orange"
			);
		}
	},

	unit(frm) {
		if (!frm.doc.unit) return;
		frappe
			.call("pm_module.estate.register.get_unit_people", {
				unit: frm.doc.unit,
				on_date: frm.doc.application_date,
			})
			.then(({ message }) => {
				frm.set_value("unit_owner", message.owner);
				if (!frm.doc.applicant && message.owner) frm.set_value("applicant", message.owner);
			});
	},

	planned_start(frm) {
		frm.set_value("permit_valid_from", frm.doc.planned_start);
	},

	planned_end(frm) {
		frm.set_value("permit_valid_to", frm.doc.planned_end);
	},
});

frappe.ui.form.on("Renovation Worker Pass", {
	worker_passes_add(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, {
			valid_from: frm.doc.permit_valid_from,
			valid_to: frm.doc.permit_valid_to,
		});
	},
});
