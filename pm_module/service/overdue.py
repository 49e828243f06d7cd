"""Scheduler jobs of the service desk: overdue answers and return visits, the desk log review.

The person who received a request (首问责任人) stays responsible for it, so he is the one told.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime, today

from pm_module.jobs import BATCH_SIZE, done_today, enqueue_batches, for_each, not_done_today
from pm_module.notifications import notify, users_with_role
from pm_module.service.doctype.desk_log.desk_log import review_open_desk_logs
from pm_module.setup.positions import CS_SUPERVISOR, FRONT_DESK_SUPERVISOR


def overdue_replies(now=None) -> list[dict]:
	"""Requests whose customer has not been answered by the reply deadline and that were not
	reported yet."""
	return frappe.get_all(
		"Service Order",
		filters={
			"status": "Open",
			"replied_at": ("is", "not set"),
			"reply_due": ("<", now or now_datetime()),
			"late_answer_reported_at": ("is", "not set"),
		},
		fields=["name", "received_by", "reply_due", "estate"],
	)


def overdue_visits(now=None) -> list[dict]:
	"""Accepted work whose return visit is past its deadline and was not reported today."""
	order = frappe.qb.DocType("Service Order")
	return (
		frappe.qb.from_(order)
		.select(order.name, order.received_by, order.return_visit_due, order.estate)
		.where((order.status == "Accepted") & (order.return_visit_due < (now or now_datetime())))
		.where(not_done_today(order.overdue_visit_reported_on))
		.orderby(order.name)
		.run(as_dict=True)
	)


def notify_overdue_replies(batch_size: int = BATCH_SIZE) -> list[str]:
	"""Hourly: each late answer is reported once, to the receiver and the front-desk supervisors, in
	batches (notify_late_replies). Returns the orders reported here (tests, a single batch)."""
	return enqueue_batches(
		"pm_module.service.overdue.notify_late_replies",
		[row.name for row in overdue_replies()],
		job_key="overdue-replies",
		batch_size=batch_size,
		queue="default",
		timeout=600,
	)


def notify_late_replies(names: list[str]) -> list[str]:
	"""One batch: each order still unanswered past its deadline and not reported yet. The order
	records that it was reported, so it is reported once, whoever (if anyone) was told."""
	supervisors = users_with_role(FRONT_DESK_SUPERVISOR)

	def report(name: str) -> bool:
		order = frappe.db.get_value(
			"Service Order",
			name,
			["name", "status", "replied_at", "reply_due", "received_by", "late_answer_reported_at"],
			as_dict=True,
		)
		late = (
			order.status == "Open" and not order.replied_at and get_datetime(order.reply_due) < now_datetime()
		)
		if not late or order.late_answer_reported_at:
			return False
		subject = _("Service order {0}: the customer was not answered by {1}").format(name, order.reply_due)
		notify([order.received_by, *supervisors], frappe._dict(doctype="Service Order", name=name), subject)
		frappe.db.set_value(
			"Service Order", name, "late_answer_reported_at", now_datetime(), update_modified=False
		)
		return True

	return for_each(names, report, _("Late answer report"), "Service Order")


def notify_overdue_visits(batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: each overdue return visit, once a day, to the receiver and the customer-service
	supervisors, in batches (notify_late_visits). Returns the orders reported here."""
	return enqueue_batches(
		"pm_module.service.overdue.notify_late_visits",
		[row.name for row in overdue_visits()],
		job_key="overdue-visits",
		batch_size=batch_size,
	)


def notify_late_visits(names: list[str]) -> list[str]:
	"""One batch: each order still waiting for its overdue return visit, not reported today."""
	supervisors = users_with_role(CS_SUPERVISOR)

	def report(name: str) -> bool:
		order = frappe.db.get_value(
			"Service Order",
			name,
			["name", "status", "return_visit_due", "received_by", "overdue_visit_reported_on"],
			as_dict=True,
		)
		overdue = order.status == "Accepted" and get_datetime(order.return_visit_due) < now_datetime()
		if not overdue or done_today(order.overdue_visit_reported_on):
			return False
		subject = _("Service order {0}: the return visit was due by {1}").format(name, order.return_visit_due)
		notify([order.received_by, *supervisors], frappe._dict(doctype="Service Order", name=name), subject)
		frappe.db.set_value(
			"Service Order", name, "overdue_visit_reported_on", today(), update_modified=False
		)
		return True

	return for_each(names, report, _("Overdue return visit report"), "Service Order")


def daily() -> None:
	notify_overdue_visits()
	review_open_desk_logs()
