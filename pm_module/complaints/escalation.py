"""Who hears of a complaint: reports to the level its severity requires, and escalation of missed deadlines.

The scheduled job `escalate_overdue_complaints` runs every 15 minutes: each open complaint with a
missed deadline goes one rung up the ladder receiver → CS Supervisor → CS Manager → Office Director
(at once to the office director for a major complaint not reported the same day). A deadline
still missed a working day after its last escalation goes one rung higher again. Every
escalation is a row on the complaint and a desk notification (the bell, and e-mail where the
user's notification settings ask for it) to the users of that level and the receiver.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from pm_module.complaints.deadlines import LEVELS, REPORT, REPORT_TO, missed_deadlines, next_level
from pm_module.jobs import BATCH_SIZE, enqueue_batches, for_each
from pm_module.notifications import notify, users_with_role
from pm_module.sla import add_working_days

OPEN_STATUSES = ("New", "Accepted", "In Progress", "Answered", "Reopened")


def escalate_overdue_complaints(now: datetime | str | None = None, batch_size: int = BATCH_SIZE) -> list[str]:
	"""Escalate every open complaint with a missed deadline (scheduled; `now` for tests), in batches
	(escalate_complaints). Returns the names of the complaints escalated here (tests, one batch)."""
	now = get_datetime(now) if now else now_datetime()
	complaint = frappe.qb.DocType("Complaint")
	candidates = (
		frappe.qb.from_(complaint)
		.select(complaint.name)
		.where(complaint.status.isin(OPEN_STATUSES))
		.where((complaint.report_by < now) | (complaint.answer_by < now) | (complaint.resolve_by < now))
		.orderby(complaint.received_at)
	).run(pluck=True)
	return enqueue_batches(
		"pm_module.complaints.escalation.escalate_complaints",
		candidates,
		job_key="complaint-escalation",
		batch_size=batch_size,
		queue="default",
		at=str(now),
	)


def escalate_complaints(names: list[str], at: str) -> list[str]:
	"""One batch: each complaint still open is escalated if a deadline is missed and not yet escalated
	(`at`: the time the job found them; `now` would be taken by frappe.enqueue)."""
	now = get_datetime(at)

	def escalate_one(name: str) -> bool:
		doc = frappe.get_doc("Complaint", name)
		return doc.status in OPEN_STATUSES and escalate(doc, now)

	return for_each(names, escalate_one, _("Complaint escalation"), "Complaint")


def escalate(doc, now: datetime) -> bool:
	"""Escalate one complaint if a deadline is missed and not yet escalated (saved); True if it was."""
	missed = missed_deadlines(doc, now)
	if not missed:
		return False
	escalated_kinds = {row.deadline for row in doc.escalations}
	new = [(kind, due) for kind, due in missed if kind not in escalated_kinds]
	if new:
		kind, due = new[0]
	else:
		# every missed deadline was escalated: one rung higher a working day after the last one
		last = doc.escalations[-1]
		if doc.escalation_level == LEVELS[-1] or now < add_working_days(last.escalated_at, 1):
			doc.db_set("is_overdue", 1, update_modified=False)
			return False
		kind, due = last.deadline, get_datetime(last.due)
	level = next_level(doc.escalation_level, REPORT_TO.get(doc.severity) if kind == REPORT else None)
	notified = notify(
		[*users_with_role(level), doc.received_by],
		doc,
		_("Complaint {0} ({1}) missed its {2} deadline of {3}: escalated to {4}").format(
			doc.name, _(doc.severity), _(kind).lower(), frappe.format(due, "Datetime"), _(level)
		),
	)
	doc.append(
		"escalations",
		{"escalated_at": now, "deadline": kind, "due": due, "level": level, "notified": ", ".join(notified)},
	)
	doc.escalation_level = level
	doc.is_overdue = 1
	if kind == REPORT:
		# the level the severity requires has now heard of it
		doc.reported_to = doc.reported_to or REPORT_TO.get(doc.severity)
		doc.reported_at = doc.reported_at or now
	doc.flags.ignore_permissions = True
	doc.flags.now = now
	doc.save()
	return True
