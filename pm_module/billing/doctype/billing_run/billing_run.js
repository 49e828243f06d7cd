// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Billing Run", {
	setup(frm) {
		frm.set_query("estate", () => ({ filters: {} }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		const busy = ["Queued", "Running"].includes(frm.doc.status);
		if (frm.doc.status === "Draft") {
			frm.add_custom_button(__("Start Billing"), () => run(frm, "start")).addClass("btn-primary");
		} else if (!busy || frm.doc.processed_units < frm.doc.total_units) {
			frm.add_custom_button(__("Resume"), () => run(frm, "start"), __("Billing"));
			frm.add_custom_button(__("Run Again"), () => {
				frappe.confirm(
					__("Bill the period again? Units already invoiced are not invoiced twice."),
					() => run(frm, "rerun"),
				);
			}, __("Billing"));
		}
		if (frm.doc.invoice_count) {
			frm.add_custom_button(__("Payment Notices (PDF)"), () => download_notices(frm), __("View"));
		}
		frm.add_custom_button(__("Results"), () => {
			frappe.set_route("List", "Billing Run Result", { billing_run: frm.doc.name });
		}, __("View"));
		frm.add_custom_button(__("Sales Invoices"), () => {
			frappe.set_route("List", "Sales Invoice", { pm_billing_run: frm.doc.name });
		}, __("View"));
		if (frm.doc.total_units) {
			frm.dashboard.add_progress(
				__("Billing progress"),
				(frm.doc.processed_units * 100) / frm.doc.total_units,
				__("{0} of {1} units processed", [frm.doc.processed_units, frm.doc.total_units]),
			);
		}
		frappe.realtime.off("billing_run_updated");
		frappe.realtime.on("billing_run_updated", (data) => {
			if (data.name === frm.doc.name) frm.reload_doc();
		});
	},

	estate(frm) {
		if (!frm.doc.estate) return;
		frappe.db.get_value("Estate", frm.doc.estate, "billing_cycle").then(({ message }) => {
			if (message && message.billing_cycle) frm.set_value("billing_cycle", message.billing_cycle);
		});
	},
});

function download_notices(frm) {
	frappe.prompt(
		{
			fieldname: "building",
			fieldtype: "Link",
			options: "Building",
			label: __("Building"),
			description: __("Leave empty for every building"),
			get_query: () => ({ filters: { estate: frm.doc.estate } }),
		},
		({ building }) => {
			const args = new URLSearchParams({ billing_run: frm.doc.name, building: building || "" });
			window.open(
				"/api/method/pm_module.billing.doctype.billing_run.billing_run.download_payment_notices?" +
					args.toString(),
			);
		},
		__("Payment Notices"),
		__("Download"),
	);
}

function run(frm, method) {
	frm.call(method).then(() => frm.reload_doc());
}
