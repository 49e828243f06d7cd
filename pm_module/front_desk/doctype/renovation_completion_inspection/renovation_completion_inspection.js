// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Renovation Completion Inspection", {
	setup(frm) {
		frm.set_query("renovation_application", () => ({
			filters: { docstatus: 1, status: "Approved" },
		}));
		frm.set_query("refund_account", () => ({
			filters: { account_type: ["in", ["Cash", "Bank"]], is_group: 0 },
		}));
	},

	renovation_application(frm) {
		if (!frm.doc.renovation_application) return;
		frappe.db
			.get_value("Renovation Application", frm.doc.renovation_application, "deposit_amount")
			.then(({ message }) => {
				frm.set_value("deposit_amount", message.deposit_amount);
				frm.trigger("compute_refund");
			});
	},

	result(frm) {
		if (frm.doc.result === "Passed") frm.clear_table("deductions");
		frm.trigger("compute_refund");
	},

	compute_refund(frm) {
		const total = (frm.doc.deductions || []).reduce((sum, row) => sum + (row.amount || 0), 0);
		frm.set_value("total_deductions", total);
		frm.set_value("refund_amount", (frm.doc.deposit_amount || 0) - total);
	},
});

frappe.ui.form.on("Renovation Deduction", {
	amount(frm) {
		frm.trigger("compute_refund");
	},
	deductions_remove(frm) {
		frm.trigger("compute_refund");
	},
});
