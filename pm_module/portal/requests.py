"""What the resident portal's requests (报修, 投诉, 放行条) share: opening one of the resident's own
records (anything else is refused and logged), the desk's notification of a new request, and the
check of a date or time the resident chose."""

import frappe
from frappe import _
from frappe.utils import format_datetime, get_datetime, getdate, now_datetime, today

from pm_module.notifications import notify, users_with_role
from pm_module.permissions.scope import estate_allowed
from pm_module.portal.access import may_read, refuse, require_resident
from pm_module.setup.positions import FRONT_DESK, FRONT_DESK_SUPERVISOR

DESK_ROLES = (FRONT_DESK, FRONT_DESK_SUPERVISOR)


def require_record(doctype: str, name: str):
	"""The session's resident and their record `name` (as pm_module.portal.access decides), or a
	logged refusal: someone else's record, or one that does not exist (the resident learns nothing
	about which)."""
	resident = require_resident()
	doc = frappe.get_doc(doctype, name) if name and frappe.db.exists(doctype, name) else None
	if not doc or not may_read(doc, doctype, frappe.session.user):
		refuse(_("{0} {1} is not one of yours").format(_(doctype), name), doctype, name)
	return resident, doc


def my_records(doctype: str, fields: list[str], order_by: str, limit: int = 50) -> list[dict]:
	"""The session resident's records of a DocType: frappe's list with the row-level scope
	`resident` (pm_module.permissions.scope, answered by pm_module.portal.access)."""
	require_resident()
	return frappe.get_list(doctype, fields=fields, order_by=order_by, limit_page_length=limit)


def notify_desk(doc, subject: str) -> None:
	"""The front desk of the record's estate hears of a request filed on the portal (the bell)."""
	desk = [user for role in DESK_ROLES for user in users_with_role(role) if estate_allowed(doc.estate, user)]
	notify(desk, doc, subject, doc.get("content") or doc.get("description") or "")


def check_future_time(value, label: str):
	"""A time the resident chose (a preferred visit time) must lie ahead."""
	if not value:
		return None
	when = get_datetime(value)
	if when <= now_datetime():
		frappe.throw(
			_("{0} {1} has passed: choose a later time").format(_(label), format_datetime(when)),
			title=_("Time Passed"),
		)
	return when


def check_future_date(value, label: str):
	"""A date the resident chose (a move date) must be today or later."""
	if not value:
		frappe.throw(_("Choose the {0}").format(_(label)))
	day = getdate(value)
	if day < getdate(today()):
		frappe.throw(
			_("{0} {1} has passed: choose today or a later day").format(_(label), frappe.format(day, "Date")),
			title=_("Date Passed"),
		)
	return day


def required_text(value: str | None, message: str) -> str:
	text = (value or "").strip()
	if not text:
		frappe.throw(message, title=_("Missing Information"))
	return text


def step(label: str, at, detail: str | None = None) -> dict | None:
	"""One line of a request's progress as the resident sees it (None when not reached)."""
	if not at:
		return None
	return {"label": label, "at": format_datetime(at, "yyyy-MM-dd HH:mm"), "detail": detail or ""}


def steps(*rows: dict | None) -> list[dict]:
	return sorted((r for r in rows if r), key=lambda r: r["at"])
