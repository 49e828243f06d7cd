// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Service Order", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
		frm.set_query("paid_service_rate", () => ({
			filters: { is_active: 1, estate: ["in", ["", frm.doc.estate || ""]] },
		}));
		frm.set_query("reference_doctype", () => ({ filters: { istable: 0, issingle: 0 } }));
		frm.set_query("item", "materials", () => ({ filters: { disabled: 0 } }));
	},

	refresh(frm) {
		frm.trigger("show_rate_check");
		frm.trigger("show_deadlines");
		if (frm.is_new()) return;
		const status = frm.doc.status;
		const paid = frm.doc.order_kind === "Paid Service";
		const step = (label, method, args) =>
			frm.add_custom_button(label, () => run(frm, method, args), __("Actions"));

		if (status === "Open") {
			frm.add_custom_button(__("Dispatch"), () => dispatch(frm), __("Actions"));
			frm.add_custom_button(__("Decline"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Decline Reason"), reqd: 1 },
					(v) => run(frm, "decline", v),
					__("Decline the Request")
				), __("Actions"));
		}
		if (["Dispatched", "Acknowledged", "Rework"].includes(status)) {
			frm.add_custom_button(__("Dispatch"), () => dispatch(frm), __("Actions"));
		}
		if (["Open", "Dispatched", "Acknowledged"].includes(status)) {
			frm.add_custom_button(__("Withdrawn by Customer"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(v) => run(frm, "withdraw", v),
					__("Withdrawn by Customer")
				), __("Actions"));
		}
		if (status === "Dispatched") step(__("Received by Technician"), "acknowledge");
		if (["Dispatched", "Acknowledged"].includes(status)) step(__("Arrived"), "arrive");
		if (paid && !frm.doc.price_confirmed && ["Dispatched", "Acknowledged", "Arrived"].includes(status)) {
			frm.add_custom_button(__("Confirm Price"), () =>
				frappe.prompt(
					{ fieldname: "labour_amount", fieldtype: "Currency", label: __("Labour Charge"),
						default: frm.doc.labour_amount, reqd: 1 },
					(v) => run(frm, "confirm_price", v),
					__("Price Agreed with the Customer")
				), __("Actions"));
			frm.add_custom_button(__("Approve Price Override"), () =>
				frappe.prompt(
					[
						{ fieldname: "labour_amount", fieldtype: "Currency", label: __("Labour Charge"), reqd: 1 },
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Price Override Reason"), reqd: 1 },
					],
					(v) => run(frm, "approve_price_override", v),
					__("Approve Price Override")
				), __("Actions"));
		}
		if (["Acknowledged", "Arrived", "Rework"].includes(status)) {
			frm.add_custom_button(__("Complete"), () =>
				frappe.prompt(
					{ fieldname: "work_done", fieldtype: "Small Text", label: __("Work Done"), default: frm.doc.work_done },
					(v) => run(frm, "complete", v),
					__("Complete")
				), __("Actions"));
		}
		if (status === "Completed") {
			frm.add_custom_button(__("Customer Accepts"), () =>
				frappe.prompt(
					[
						{ fieldname: "signature", fieldtype: "Signature", label: __("Customer Signature") },
						{ fieldname: "comments", fieldtype: "Small Text", label: __("Customer Comments") },
					],
					(v) => run(frm, "record_acceptance", { satisfied: 1, ...v }),
					__("Customer Accepts")
				), __("Actions"));
			frm.add_custom_button(__("Customer Not Satisfied"), () =>
				frappe.prompt(
					{ fieldname: "comments", fieldtype: "Small Text", label: __("Rework Reason"), reqd: 1 },
					(v) => run(frm, "record_acceptance", { satisfied: 0, ...v }),
					__("Customer Not Satisfied")
				), __("Actions"));
		}
		if (status === "Escalated") {
			frm.add_custom_button(__("Resolve Escalation"), () =>
				frappe.prompt(
					[
						{ fieldname: "resolution", fieldtype: "Small Text", label: __("Manager's Resolution"), reqd: 1 },
						{ fieldname: "rework", fieldtype: "Check", label: __("Send Back for Rework") },
					],
					(v) => run(frm, "resolve_escalation", v),
					__("Resolve Escalation")
				), __("Actions"));
		}
		if (["Accepted", "Closed"].includes(status)) {
			frm.add_custom_button(status === "Closed" ? __("Spot Check") : __("Return Visit"), () =>
				frappe.new_doc("Return Visit", {
					reference_doctype: "Service Order",
					reference_name: frm.doc.name,
					is_spot_check: status === "Closed" ? 1 : 0,
				}), __("Create"));
		}
		if (status === "Accepted" && frm.doc.order_kind === "Business Service") step(__("Close"), "close");
	},

	unit(frm) {
		// the caller is usually the one living there: suggest the occupant, else the owner
		if (!frm.doc.unit || frm.doc.requester) return;
		frappe.db.get_value("Unit", frm.doc.unit, ["current_occupant", "current_owner"]).then(({ message }) => {
			const resident = message && (message.current_occupant || message.current_owner);
			if (resident) frm.set_value("requester", resident);
		});
	},

	order_kind: (frm) => frm.trigger("show_rate_check"),
	paid_service_rate: (frm) => frm.trigger("show_rate_check"),

	show_rate_check(frm) {
		const field = frm.get_field("rate_info");
		if (!field || frm.doc.order_kind !== "Paid Service") return;
		frappe
			.xcall("pm_module.service.doctype.paid_service_rate.paid_service_rate.get_rate_check", {
				rate: frm.doc.paid_service_rate || null,
				estate: frm.doc.estate,
			})
			.then((check) => {
				const colour = check.can_accept ? "green" : "red";
				field.$wrapper.html(
					`<div class="indicator-pill ${colour}" style="white-space: normal">${frappe.utils.escape_html(check.message)}</div>`
				);
			});
	},

	show_deadlines(frm) {
		const now = frappe.datetime.now_datetime();
		if (frm.doc.status === "Open" && !frm.doc.replied_at && frm.doc.reply_due) {
			const late = frm.doc.reply_due < now;
			frm.dashboard.set_headline_alert(
				__("Answer the customer by {0}", [frappe.datetime.str_to_user(frm.doc.reply_due)]),
				late ? "red" : "orange"
			);
		} else if (frm.doc.status === "Accepted" && frm.doc.return_visit_due) {
			frm.dashboard.set_headline_alert(
				__("Return visit due by {0}", [frappe.datetime.str_to_user(frm.doc.return_visit_due)]),
				frm.doc.return_visit_due < now ? "red" : "blue"
			);
		}
	},
});

frappe.ui.form.on("Service Order Material", {
	qty: (frm, cdt, cdn) => set_amount(frm, cdt, cdn),
	rate: (frm, cdt, cdn) => set_amount(frm, cdt, cdn),
});

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty) * flt(row.rate));
}

function run(frm, method, args) {
	const go = () => frm.call({ doc: frm.doc, method, args: args || {} }).then(() => frm.reload_doc());
	return frm.is_dirty() ? frm.save().then(go) : go();
}

function dispatch(frm) {
	frappe.prompt(
		[
			{
				fieldname: "technician",
				fieldtype: "Link",
				options: "User",
				label: __("Technician"),
				reqd: 1,
				default: frm.doc.technician,
				get_query: () => ({ query: "pm_module.service.doctype.service_order.service_order.technician_query" }),
			},
			{
				fieldname: "appointment_time",
				fieldtype: "Datetime",
				label: __("Appointment"),
				default: frm.doc.appointment_time || frm.doc.preferred_time,
			},
		],
		(v) => run(frm, "dispatch", v),
		__("Dispatch")
	);
}
