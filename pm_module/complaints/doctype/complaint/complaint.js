// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Complaint", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
	},

	refresh(frm) {
		render_severity_criteria(frm);
		show_deadlines(frm);
		if (frm.is_new()) return;
		const status = frm.doc.status;
		const open = ["New", "Accepted", "In Progress", "Answered", "Reopened"].includes(status);
		if (status === "New") {
			frm.add_custom_button(__("Accept Complaint"), () => frm.call("accept").then(() => frm.reload_doc()));
		}
		if (["Accepted", "In Progress", "Answered", "Reopened"].includes(status)) {
			add_prompt_button(frm, __("Record Action"), "record_action", [
				{ fieldname: "description", fieldtype: "Small Text", label: __("What Was Done or Said"), reqd: 1 },
			]);
		}
		if (["Accepted", "In Progress", "Reopened"].includes(status)) {
			add_prompt_button(frm, __("Answer"), "answer", [
				{ fieldname: "text", fieldtype: "Small Text", label: __("Answer"), reqd: 1 },
			]);
		}
		if (["Accepted", "In Progress", "Answered", "Reopened"].includes(status)) {
			add_prompt_button(frm, __("Resolve"), "resolve", [
				{ fieldname: "result", fieldtype: "Small Text", label: __("Result"), reqd: 1 },
				{ fieldname: "cause", fieldtype: "Data", label: __("Cause"), default: frm.doc.cause },
			]);
		}
		if (status === "Resolved" && !frm.doc.reported_back_at) {
			add_prompt_button(frm, __("Report Result to Complainant"), "report_back", [
				{ fieldname: "text", fieldtype: "Small Text", label: __("What Was Reported"), default: frm.doc.result },
			]);
		}
		if (status === "Resolved" && frm.doc.reported_back_at && frappe.model.can_create("Return Visit")) {
			frm.add_custom_button(__("Return Visit"), () =>
				frappe.new_doc("Return Visit", {
					reference_doctype: "Complaint",
					reference_name: frm.doc.name,
					estate: frm.doc.estate,
					unit: frm.doc.unit,
					due_date: frm.doc.return_visit_due,
				})
			);
		}
		if (["New", "Accepted", "In Progress", "Answered"].includes(status)) {
			add_prompt_button(
				frm,
				__("Mark Invalid"),
				"mark_invalid",
				[
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Why the Complaint Is Invalid"), reqd: 1 },
					{ fieldname: "reply", fieldtype: "Small Text", label: __("Polite Reply Given"), reqd: 1 },
				],
				__("More")
			);
		}
		if (open) {
			add_prompt_button(
				frm,
				__("Reassign"),
				"reassign",
				[
					{ fieldname: "to_user", fieldtype: "Link", options: "User", label: __("New Receiver"), reqd: 1 },
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				__("More")
			);
		}
	},
});

function add_prompt_button(frm, label, method, fields, group) {
	frm.add_custom_button(
		label,
		() =>
			frappe.prompt(
				fields,
				(values) => frm.call(method, values).then(() => frm.reload_doc()),
				label,
				__("Save")
			),
		group
	);
}

function render_severity_criteria(frm) {
	frappe.xcall("pm_module.complaints.deadlines.get_deadline_settings").then((d) => {
		const days = (n) => __("within {0} working days", [n]);
		const rows = [
			[__("Major"), __("Affects safety or daily life seriously, group complaints, the media"), __("Office Director, the same day"), days(d.major_answer_days), days(d.major_resolve_days)],
			[__("Important"), __("An error of our own service or management"), __("Customer Service Supervisor, within {0} minutes", [d.important_escalate_minutes]), "—", days(d.important_resolve_days)],
			[__("Minor"), __("Anything else"), __("The receiver"), "—", __("within {0} working days or by the date the complainant asks", [d.minor_resolve_days])],
		];
		const head = [__("Severity"), __("When"), __("Who Gets It"), __("Answer"), __("Resolved")];
		frm.get_field("severity_criteria").$wrapper.html(`<table class="table table-bordered table-sm small">
			<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
			<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody>
		</table>
		<p class="text-muted small">${__("The days are set in Property Management Settings.")}</p>`);
	});
}

function show_deadlines(frm) {
	const now = frappe.datetime.now_datetime();
	const open = !["Resolved", "Closed", "Invalid"].includes(frm.doc.status);
	for (const [field, done, label] of [
		["report_by", "reported_at", __("Report Deadline")],
		["answer_by", "answered_at", __("Answer Deadline")],
		["resolve_by", "resolved_at", __("Resolution Deadline")],
	]) {
		const due = frm.doc[field];
		if (!due) continue;
		const late = open && !frm.doc[done] && due < now;
		const color = frm.doc[done] ? "green" : late ? "red" : "orange";
		frm.dashboard.add_indicator(`${label}: ${frappe.datetime.str_to_user(due)}`, color);
	}
}
