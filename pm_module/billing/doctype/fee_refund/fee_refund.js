// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Fee Refund", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
		frm.set_query("sales_invoice", () => ({
			filters: {
				docstatus: 1,
				is_return: 0,
				outstanding_amount: ["<=", 0],
				...(frm.doc.unit ? { pm_unit: frm.doc.unit } : {}),
				...(frm.doc.customer ? { customer: frm.doc.customer } : {}),
			},
		}));
		frm.set_query("credit_note", () => ({
			filters: {
				docstatus: 1,
				is_return: 1,
				outstanding_amount: ["<", 0],
				...(frm.doc.unit ? { pm_unit: frm.doc.unit } : {}),
				...(frm.doc.customer ? { customer: frm.doc.customer } : {}),
			},
		}));
		frm.set_query("mode_of_payment", () => ({ filters: { enabled: 1 } }));
	},
	refresh(frm) {
		frm.trigger("show_status");
		if (frm.doc.docstatus === 0 && !frm.is_new() && frm.doc.approval_status === "Pending") {
			frm.trigger("add_decision_buttons");
		}
	},
	show_status(frm) {
		const status = fee_refund_status(frm.doc);
		const colours = { Pending: "orange", Approved: "blue", Rejected: "red", Refunded: "green", Cancelled: "gray" };
		if (!frm.is_new()) {
			frm.page.set_indicator(__(status), colours[status] || "gray");
		}
		if (frm.doc.docstatus === 0 && frm.doc.approval_status === "Approved") {
			frm.dashboard.set_headline(__("Approved by {0}: submit to pay the money back", [frm.doc.approver]));
		} else if (frm.doc.docstatus === 0 && frm.doc.approval_status === "Rejected") {
			frm.dashboard.set_headline_alert(
				__("Refused by {0}: {1}", [frm.doc.approver, frm.doc.approval_note || ""]),
				"red"
			);
		}
	},
	add_decision_buttons(frm) {
		// the server says whether this user holds "Approve Refund" and did not ask for the refund
		if (!(frm.doc.__onload || {}).can_decide) return;
		frm.add_custom_button(__("Approve"), () => decide(frm, "approve"), __("Decision"));
		frm.add_custom_button(__("Reject"), () => decide(frm, "reject"), __("Decision"));
	},
	refund_type(frm) {
		if (frm.doc.refund_type !== "Deposit") {
			frm.set_value({ sales_invoice: null, deposit_item: null });
		}
		if (frm.doc.refund_type !== "Credit Note" && frm.doc.docstatus === 0) {
			frm.set_value("credit_note", null);
		}
	},
	sales_invoice(frm) {
		fill_from_invoice(frm, frm.doc.sales_invoice);
	},
	credit_note(frm) {
		if (frm.doc.refund_type === "Credit Note") fill_from_invoice(frm, frm.doc.credit_note);
	},
});

function fill_from_invoice(frm, invoice) {
	if (!invoice) return;
	frappe.db.get_value("Sales Invoice", invoice, ["customer", "pm_unit"]).then((r) => {
		const inv = r.message || {};
		if (inv.pm_unit && !frm.doc.unit) frm.set_value("unit", inv.pm_unit);
		if (inv.customer && !frm.doc.customer) frm.set_value("customer", inv.customer);
	});
}

function fee_refund_status(doc) {
	if (doc.docstatus === 1) return "Refunded";
	if (doc.docstatus === 2) return "Cancelled";
	return doc.approval_status || "Pending";
}

function decide(frm, method) {
	const rejecting = method === "reject";
	frappe.prompt(
		[
			{
				fieldname: "note",
				fieldtype: "Small Text",
				label: rejecting ? __("Why is the refund refused?") : __("Note"),
				reqd: rejecting ? 1 : 0,
			},
		],
		(values) => {
			frm.call(method, { note: values.note }).then(() => frm.reload_doc());
		},
		rejecting ? __("Reject Refund") : __("Approve Refund"),
		rejecting ? __("Reject") : __("Approve")
	);
}
