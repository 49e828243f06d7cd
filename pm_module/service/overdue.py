"""Scheduler jobs of the service desk: overdue answers and return visits, the desk log review.

The person who received a request (首问责任人) stays responsible for it, so he is the one told.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from pm_module.notifications import notify, users_with_role
from pm_module.service.doctype.desk_log.desk_log import review_open_desk_logs
from pm_module.setup.positions import CS_SUPERVISOR, FRONT_DESK_SUPERVISOR


def overdue_replies(now=None) -> list[dict]:
	"""Requests whose customer has not been answered by the reply deadline."""
	return frappe.get_all(
		"Service Order",
		filters={
			"status": "Open",
			"replied_at": ("is", "not set"),
			"reply_due": ("<", now or now_datetime()),
		},
		fields=["name", "received_by", "reply_due", "estate"],
	)


def overdue_visits(now=None) -> list[dict]:
	"""Accepted work whose return visit is past its deadline."""
	return frappe.get_all(
		"Service Order",
		filters={"status": "Accepted", "return_visit_due": ("<", now or now_datetime())},
		fields=["name", "received_by", "return_visit_due", "estate"],
	)


def notify_overdue_replies() -> None:
	"""Hourly: each late answer is reported once, to the receiver and the front-desk supervisors."""
	supervisors = users_with_role(FRONT_DESK_SUPERVISOR)
	for row in overdue_replies():
		subject = _("Service order {0}: the customer was not answered by {1}").format(row.name, row.reply_due)
		if frappe.db.exists("Notification Log", {"document_name": row.name, "subject": subject}):
			continue
		notify([row.received_by, *supervisors], frappe.get_doc("Service Order", row.name), subject)


def notify_overdue_visits() -> None:
	"""Daily: each overdue return visit, to the receiver and the customer-service supervisors."""
	supervisors = users_with_role(CS_SUPERVISOR)
	for row in overdue_visits():
		notify(
			[row.received_by, *supervisors],
			frappe.get_doc("Service Order", row.name),
			_("Service order {0}: the return visit was due by {1}").format(row.name, row.return_visit_due),
		)


def daily() -> None:
	notify_overdue_visits()
	review_open_desk_logs()
