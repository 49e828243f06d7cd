// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Return Visit", {
	setup(frm) {
		frm.set_query("reference_doctype", () => ({
			filters: { name: ["in", ["Service Order", "Complaint"]] },
		}));
	},
	refresh(frm) {
		const may_spot_check = frappe.user.has_role([
			"Customer Service Manager",
			"Customer Service Supervisor",
			"System Manager",
		]);
		frm.set_df_property("is_spot_check", "read_only", may_spot_check ? 0 : 1);
		if (frm.doc.due_date && frm.doc.docstatus === 0 && frm.doc.due_date < frappe.datetime.now_datetime()) {
			frm.dashboard.set_headline_alert(__("This return visit is overdue"), "red");
		}
	},
});
