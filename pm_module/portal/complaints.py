"""投诉: a resident's complaints on the resident portal.

A complaint filed here is a Complaint of channel Online, with photos; the customer-service centre
accepts it like any other (whoever accepts it owns it) and sets its severity, which sets the
deadlines. The complainant follows what the manual lets a complainant see (received, accepted, the
deadlines, the answer, the result; not the office's internal notes) and, once the result is
reported, gives a score and a comment: that is the return visit (method Online), which closes the
complaint or reopens it. A resident sees only the complaints they filed, while they belong to the
unit.
"""

import frappe
from frappe import _
from frappe.utils import cint, format_datetime

from pm_module.complaints.doctype.complaint.complaint import SATISFIED
from pm_module.portal.access import require_resident, require_unit
from pm_module.portal.photos import attach_photos, photo_urls, uploaded_photos
from pm_module.portal.requests import (
	my_records,
	notify_desk,
	require_record,
	required_text,
	step,
	steps,
)
from pm_module.service.doctype.return_visit.return_visit import record_online_visit

DOCTYPE = "Complaint"
ONLINE = "Online"
# until the centre classifies it, a resident's complaint is minor: the receiver's own deadline
DEFAULT_SEVERITY = "Minor"
# what the complainant sees of the centre's log: the answer and the result, not internal notes
SHOWN_ACTIONS = ("Answer", "Resolved", "Result Reported", "Reopened")
LIST_FIELDS = ["name", "unit", "description", "status", "received_at", "category", "resolve_by"]


def my_complaints(limit: int = 50) -> list[dict]:
	return my_records(DOCTYPE, LIST_FIELDS, "received_at desc", limit)


def file_complaint(
	unit: str,
	category: str,
	description: str,
	request: str | None = None,
	event_place: str | None = None,
	photos: list | None = None,
) -> str:
	"""The resident's complaint becomes a Complaint (channel Online); returns its name."""
	resident = require_resident()
	row = require_unit(unit, resident)
	description = required_text(description, _("Describe what happened"))
	if category not in categories():
		frappe.throw(_("Choose one of the categories"), title=_("Missing Category"))
	name, mobile = frappe.db.get_value("Resident", resident, ["resident_name", "mobile_no"])
	complaint = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"estate": row.estate,
			"unit": unit,
			"complainant": resident,
			"complainant_name": name,
			"complainant_phone": mobile,
			"channel": ONLINE,
			"category": category,
			"severity": DEFAULT_SEVERITY,
			"description": description,
			"complainant_request": (request or "").strip() or None,
			"event_place": (event_place or "").strip() or None,
		}
	)
	complaint.flags.ignore_permissions = True  # residents have no desk rights: the portal checked the unit
	complaint.insert()
	attach_photos(DOCTYPE, complaint.name, photos or [])
	notify_desk(complaint, _("Complaint {0} from the resident portal: unit {1}").format(complaint.name, unit))
	return complaint.name


def complaint_view(resident: str, complaint) -> dict:
	shown = [a for a in complaint.actions if a.action_type in SHOWN_ACTIONS]
	answer = next((a.description for a in reversed(shown) if a.action_type == "Answer"), None)
	return {
		"name": complaint.name,
		"unit": complaint.unit,
		"category": _(complaint.category),
		"description": complaint.description,
		"complainant_request": complaint.complainant_request,
		"status": complaint.status,
		"status_label": _(complaint.status),
		"answer": answer,
		"result": complaint.result if complaint.status in ("Resolved", "Closed") else None,
		"answer_by": fmt(complaint.answer_by),
		"resolve_by": fmt(complaint.resolve_by),
		"satisfaction": complaint.satisfaction and _(complaint.satisfaction),
		"photos": photo_urls(DOCTYPE, complaint.name),
		"can_rate": complaint.status == "Resolved" and bool(complaint.reported_back_at),
		"steps": steps(
			step(_("Complaint received"), complaint.received_at),
			step(_("Accepted by the customer-service centre"), complaint.accepted_at),
			*(step(_(a.action_type), a.action_time, a.description) for a in shown),
			step(_("Closed"), complaint.closed_at, complaint.satisfaction and _(complaint.satisfaction)),
			step(_("Invalid"), complaint.status == "Invalid" and complaint.answered_at),
		),
	}


def fmt(value) -> str | None:
	return value and format_datetime(value, "yyyy-MM-dd HH:mm")


def get_complaint(name: str) -> dict:
	resident, complaint = require_record(DOCTYPE, name)
	return complaint_view(resident, complaint)


def rate_complaint_result(name: str, rating, comments: str | None = None) -> dict:
	"""The complainant's score of the result: the return visit that closes (or reopens) it."""
	resident, complaint = require_record(DOCTYPE, name)
	if not (complaint.status == "Resolved" and complaint.reported_back_at):
		frappe.throw(
			_("Complaint {0} is {1}: you can rate it once its result is reported to you").format(
				complaint.name, _(complaint.status)
			),
			title=_("Not Resolved Yet"),
		)
	visit = record_online_visit(DOCTYPE, complaint.name, cint(rating), (comments or "").strip() or None)
	complaint.reload()
	view = complaint_view(resident, complaint)
	view["satisfied"] = visit.satisfaction in SATISFIED
	return view


# Whitelisted methods of the pages (each checks the resident and the record) ------------------------


@frappe.whitelist(methods=["POST"])
def submit_complaint(
	unit: str,
	category: str,
	description: str,
	request: str | None = None,
	event_place: str | None = None,
) -> dict:
	"""The complaint form (multipart, photos in `photos`): the new complaint's name."""
	require_resident()
	photos = uploaded_photos()
	return {"name": file_complaint(unit, category, description, request, event_place, photos)}


@frappe.whitelist(methods=["POST"])
def rate_complaint(name: str, rating=None, comments: str | None = None) -> dict:
	return rate_complaint_result(name, rating, comments)


def categories() -> list[str]:
	"""The categories a resident may choose: the Complaint's own options."""
	options = frappe.get_meta("Complaint").get_field("category").options or ""
	return [c for c in options.split("\n") if c]
