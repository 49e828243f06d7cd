// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Direct Debit Batch", {
	setup(frm) {
		frm.set_query("bank_account", () => ({
			filters: { company: frm.doc.company, account_type: ["in", ["Bank", "Cash"]], is_group: 0 },
		}));
		frm.set_query("sales_invoice", "lines", () => ({
			filters: { company: frm.doc.company, docstatus: 1, outstanding_amount: [">", 0] },
		}));
	},
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status !== "Posted") {
			frm.add_custom_button(__("Post Payments"), () =>
				frm.call("post_payments").then(() => frm.reload_doc()),
			).addClass("btn-primary");
		}
	},
});
