// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

// the front desk confirms an owner's request (the register changes then) or rejects it with a reply
frappe.ui.form.on("Household Member Request", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Pending" || !frm.perm[0].write) return;
		frm.add_custom_button(__("Confirm"), () =>
			frappe.confirm(__("Change the register of unit {0} now?", [frm.doc.unit]), () =>
				frm.call("confirm").then(() => frm.reload_doc())
			)
		).addClass("btn-primary");
		frm.add_custom_button(__("Reject"), () =>
			frappe.prompt(
				{ fieldname: "reply", fieldtype: "Small Text", label: __("Reply to the Resident"), reqd: 1 },
				({ reply }) => frm.call("reject", { reply }).then(() => frm.reload_doc()),
				__("Reject Request"),
				__("Reject")
			)
		);
	},
});
