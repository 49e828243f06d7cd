// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Move Out", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: { estate: frm.doc.estate } }));
		frm.set_query("occupancy", () => ({
			filters: { unit: frm.doc.unit, role: ["in", ["Owner", "Tenant", "Merchant"]] },
		}));
	},

	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) frm.events.add_steps(frm);
		if (frm.doc.final_invoice) {
			frm.add_custom_button(__("Final Invoice"), () =>
				frappe.set_route("Form", "Sales Invoice", frm.doc.final_invoice)
			);
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Refunds Pending") {
			frm.call("refresh_refund_status").then(() => {
				frappe.db.get_value("Move Out", frm.doc.name, "status").then((r) => {
					if (r.message && r.message.status !== frm.doc.status) frm.reload_doc();
				});
			});
		}
	},

	run_step(frm, method) {
		return frm.call({ method, doc: frm.doc, freeze: true }).then(() => frm.refresh());
	},

	add_steps(frm) {
		const step = __("Steps");
		const readings_posted = (frm.doc.meter_readings || []).every((r) => r.meter_reading);
		if (!readings_posted) {
			frm.add_custom_button(
				__("1. Post Final Readings"),
				() => frm.events.run_step(frm, "post_final_readings"),
				step
			);
		} else if (!frm.doc.billing_done) {
			frm.add_custom_button(
				__("2. Make Final Invoice"),
				() => frm.events.run_step(frm, "make_final_invoice"),
				step
			);
		}
		if (frm.doc.total_outstanding > 0) {
			frm.add_custom_button(
				__("3. Pay at the Fee Counter"),
				() => {
					frappe.route_options = { unit: frm.doc.unit };
					frappe.set_route("fee-counter");
				},
				step
			);
		}
		if (frm.doc.billing_done) {
			frm.add_custom_button(
				__("4. Request Deposit Refunds"),
				() => frm.events.run_step(frm, "request_deposit_refunds"),
				step
			);
		}
		frm.add_custom_button(__("Refresh What Is Owed"), () => frm.save(), step);

		if (frm.doc.total_outstanding > 0) {
			frm.dashboard.set_headline(
				__("{0} owes {1} (late fee {2}): settle at the fee counter, then submit the move-out.", [
					frm.doc.resident_name,
					format_currency(frm.doc.total_outstanding),
					format_currency(frm.doc.total_late_fee),
				]),
				"red"
			);
		} else if (frm.doc.billing_done) {
			frm.dashboard.set_headline(
				__("Nothing is owed: submit the move-out to return the cards and end the occupancy."),
				"green"
			);
		}
	},

	unit(frm) {
		frm.set_value("occupancy", null);
		["household", "cards", "invoices", "deposits"].forEach((t) => frm.clear_table(t));
		frm.clear_table("meter_readings");
		if (!frm.doc.unit) return frm.refresh_fields();
		frappe
			.xcall("pm_module.front_desk.doctype.move_in.move_in.get_unit_meters", { unit: frm.doc.unit })
			.then((meters) => {
				meters.forEach((m) =>
					frm.add_child("meter_readings", {
						meter: m.meter,
						meter_type: m.meter_type,
						last_reading: m.last_reading,
						last_reading_date: m.last_reading_date,
						reading_type: "Normal",
					})
				);
				frm.refresh_fields();
			});
	},

	occupancy(frm) {
		["household", "cards", "invoices", "deposits"].forEach((t) => frm.clear_table(t));
		frm.refresh_fields();
	},
});
