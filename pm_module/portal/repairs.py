"""报修: a resident's repair requests on the resident portal.

A request with photos and a preferred time becomes a Service Order of channel Portal, which the desk
receives like a call: the 15-minute reply clock starts at once and the front desk is notified. The
resident follows its steps, agrees the price of a paid service, and accepts or rejects the finished
work with a score and a comment: the acceptance the technician otherwise records for the customer.
A resident sees the orders they filed for a unit they belong to on today's register.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, format_datetime

from pm_module.portal.access import require_resident, require_unit
from pm_module.portal.photos import attach_photos, photo_urls, uploaded_photos
from pm_module.portal.requests import (
	check_future_time,
	my_records,
	notify_desk,
	require_record,
	required_text,
	step,
	steps,
)
from pm_module.service.doctype.service_order.service_order import PAID, RATING_STARS

DOCTYPE = "Service Order"
PORTAL = "Portal"
LIST_FIELDS = ["name", "unit", "content", "status", "received_at", "order_kind", "price", "channel"]


def my_repairs(limit: int = 50) -> list[dict]:
	return my_records(DOCTYPE, LIST_FIELDS, "received_at desc", limit)


def paid_services(estate: str) -> list[dict]:
	"""The estate's rate schedule, for a resident who asks for a paid service."""
	return frappe.get_all(
		"Paid Service Rate",
		filters={"estate": estate, "is_active": 1},
		fields=["name", "service_name", "pricing", "price", "min_price", "max_price", "description"],
		order_by="service_name",
	)


def file_repair(
	unit: str,
	content: str,
	preferred_time=None,
	contact_phone: str | None = None,
	paid_service_rate: str | None = None,
	photos: list | None = None,
) -> str:
	"""The resident's request becomes a Service Order (channel Portal); returns its name."""
	resident = require_resident()
	row = require_unit(unit, resident)
	content = required_text(content, _("Describe what needs repairing"))
	preferred_time = check_future_time(preferred_time, "Preferred Time")
	if (
		paid_service_rate
		and frappe.db.get_value("Paid Service Rate", paid_service_rate, "estate") != row.estate
	):
		frappe.throw(_("{0} is not a service of your estate").format(paid_service_rate))
	photos = photos or []
	order = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"estate": row.estate,
			"unit": unit,
			"requester": resident,
			"contact_phone": (contact_phone or "").strip()
			or frappe.db.get_value("Resident", resident, "mobile_no"),
			"content": content,
			"channel": PORTAL,
			"order_kind": PAID if paid_service_rate else "Routine Repair",
			"paid_service_rate": paid_service_rate,
			"preferred_time": preferred_time,
		}
	)
	order.flags.ignore_permissions = True  # residents have no desk rights: the portal checked the unit
	order.insert()
	attach_photos(DOCTYPE, order.name, photos)
	notify_desk(order, _("Repair request {0} from the resident portal: unit {1}").format(order.name, unit))
	return order.name


def repair_view(resident: str, order) -> dict:
	"""What the resident sees of an order: its steps, price, photos and what they may do now."""
	rating = flt(order.customer_rating) * RATING_STARS
	return {
		"name": order.name,
		"unit": order.unit,
		"content": order.content,
		"status": order.status,
		"status_label": _(order.status),
		"order_kind": _(order.order_kind),
		"preferred_time": order.preferred_time and format_datetime(order.preferred_time, "yyyy-MM-dd HH:mm"),
		"appointment_time": order.appointment_time
		and format_datetime(order.appointment_time, "yyyy-MM-dd HH:mm"),
		"technician_name": order.technician_name,
		"paid": order.order_kind == PAID,
		"labour_amount": flt(order.labour_amount),
		"materials_amount": flt(order.materials_amount),
		"price": flt(order.price),
		"price_confirmed": cint(order.price_confirmed),
		"work_done": order.work_done,
		"decline_reason": order.decline_reason,
		"acceptance_comments": order.acceptance_comments,
		"rating": cint(round(rating)),
		"photos": photo_urls(DOCTYPE, order.name),
		"can_confirm_price": order.order_kind == PAID
		and not order.price_confirmed
		and order.status in ("Dispatched", "Acknowledged", "Arrived"),
		"can_accept": order.status == "Completed",
		"steps": steps(
			step(_("Request received"), order.received_at),
			step(_("Declined"), order.status == "Declined" and order.replied_at, order.decline_reason),
			step(
				_("Dispatched to {0}").format(order.technician_name or _("a technician")),
				order.dispatched_at,
				order.appointment_time
				and _("Appointment: {0}").format(format_datetime(order.appointment_time, "yyyy-MM-dd HH:mm")),
			),
			step(_("Technician received it"), order.acknowledged_at),
			step(_("Technician arrived"), order.arrived_at),
			step(_("Price confirmed"), order.price_confirmed_at, str(flt(order.price))),
			step(_("Work completed"), order.completed_at, order.work_done),
			step(_("Accepted"), order.accepted_at, order.acceptance_comments),
			step(_("Rework"), order.status == "Rework" and order.modified, order.rework_reason),
			step(_("Closed"), order.status == "Closed" and order.closed_at),
			step(_("Withdrawn"), order.status == "Cancelled" and order.closed_at, order.decline_reason),
		),
	}


def get_repair(name: str) -> dict:
	resident, order = require_record(DOCTYPE, name)
	return repair_view(resident, order)


# Whitelisted methods of the pages (each checks the resident and the record) ------------------------


@frappe.whitelist(methods=["POST"])
def submit_repair(
	unit: str,
	content: str,
	preferred_time=None,
	contact_phone: str | None = None,
	paid_service_rate: str | None = None,
) -> dict:
	"""The repair form (multipart, photos in `photos`): the new order's name."""
	require_resident()
	photos = uploaded_photos()
	name = file_repair(unit, content, preferred_time, contact_phone, paid_service_rate, photos)
	return {"name": name}


@frappe.whitelist(methods=["POST"])
def confirm_price(name: str) -> dict:
	"""The resident agrees the price of a paid service before the work starts."""
	resident, order = require_record(DOCTYPE, name)
	order.confirm_price_as_customer()
	return repair_view(resident, order)


@frappe.whitelist(methods=["POST"])
def accept_repair(name: str, satisfied, rating=None, comments: str | None = None) -> dict:
	"""The resident accepts the finished work (or says what is still wrong) with 1 to 5 stars."""
	resident, order = require_record(DOCTYPE, name)
	if not cint(rating):
		frappe.throw(_("Give a score of 1 to {0} stars").format(RATING_STARS), title=_("No Score"))
	order.accept_work(satisfied, (comments or "").strip() or None, rating)
	return repair_view(resident, order)
