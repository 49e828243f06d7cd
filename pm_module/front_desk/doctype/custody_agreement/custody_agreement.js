// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Custody Agreement", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: { estate: frm.doc.estate, status: "Vacant" } }));
		frm.set_query("meter", "meter_readings", () => ({
			filters: { unit: frm.doc.unit, is_active: 1 },
		}));
	},

	refresh(frm) {
		if (frm.doc.meter_alarm) {
			frm.dashboard.set_headline(
				__("A meter of this unit moved while in custody: check the unit."),
				"red"
			);
		} else if (
			frm.doc.status === "Active" &&
			frm.doc.next_patrol_due &&
			frm.doc.next_patrol_due < frappe.datetime.get_today()
		) {
			frm.dashboard.set_headline(__("The weekly patrol is due."), "orange");
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Active") {
			frm.add_custom_button(__("Record Patrol"), () => {
				frappe.prompt(
					[
						{
							fieldname: "patrol_date",
							fieldtype: "Date",
							label: __("Patrol Date"),
							default: frappe.datetime.get_today(),
							reqd: 1,
						},
						{
							fieldname: "pre_storm",
							fieldtype: "Check",
							label: __("Pre-storm Patrol"),
						},
						{ fieldname: "findings", fieldtype: "Small Text", label: __("Findings") },
						{
							fieldname: "owner_notified",
							fieldtype: "Check",
							label: __("Owner Notified"),
						},
					],
					(values) => frm.call("record_patrol", values).then(() => frm.reload_doc()),
					__("Record Patrol")
				);
			});
			frm.add_custom_button(__("End Custody"), () => {
				frappe.prompt(
					{
						fieldname: "end_date",
						fieldtype: "Date",
						label: __("Ended On"),
						default: frappe.datetime.get_today(),
						reqd: 1,
					},
					(values) => frm.call("end_custody", values).then(() => frm.reload_doc()),
					__("End Custody")
				);
			});
		}
	},

	unit(frm) {
		pm_module.fill_unit_meters(frm);
	},
});
