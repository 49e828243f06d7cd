# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Open service orders by their next deadline: the answer to the customer, the technician's
appointment, the return visit. Overdue answers and visits come first and are flagged."""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

OPEN = ("Open", "Dispatched", "Acknowledged", "Arrived", "Completed", "Accepted", "Rework", "Escalated")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	conditions = {"status": ("in", OPEN)}
	for field in ("estate", "building", "technician", "order_kind", "received_by"):
		if filters.get(field):
			conditions[field] = filters.get(field)
	orders = frappe.get_list(
		"Service Order",
		filters=conditions,
		fields=[
			"name",
			"status",
			"order_kind",
			"estate",
			"unit",
			"requester_name",
			"contact_phone",
			"content",
			"received_by",
			"received_at",
			"technician",
			"reply_due",
			"replied_at",
			"appointment_time",
			"return_visit_due",
			"rework_count",
			"escalated_to",
		],
	)
	now = now_datetime()
	data = []
	for order in orders:
		order.next_step, order.deadline = next_deadline(order)
		order.reply_overdue = int(
			not order.replied_at and bool(order.reply_due) and get_datetime(order.reply_due) < now
		)
		order.visit_overdue = int(
			order.status == "Accepted"
			and bool(order.return_visit_due)
			and get_datetime(order.return_visit_due) < now
		)
		order.overdue = int(bool(order.deadline) and get_datetime(order.deadline) < now)
		if filters.overdue_only and not order.overdue:
			continue
		data.append(order)
	data.sort(
		key=lambda o: (not o.overdue, get_datetime(o.deadline) if o.deadline else get_datetime("9999-12-31"))
	)
	return columns(), data


def next_deadline(order) -> tuple[str, object]:
	if order.status == "Open" and not order.replied_at:
		return _("Answer the customer"), order.reply_due
	if order.status in ("Open", "Dispatched", "Acknowledged", "Rework"):
		return _("Technician on site"), order.appointment_time
	if order.status == "Accepted":
		return _("Return visit"), order.return_visit_due
	if order.status == "Completed":
		return _("Customer acceptance"), None
	if order.status == "Escalated":
		return _("Manager's resolution"), None
	return _("Completion"), order.appointment_time


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Service Order"),
			"fieldtype": "Link",
			"options": "Service Order",
			"width": 140,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{"fieldname": "next_step", "label": _("Next Step"), "fieldtype": "Data", "width": 130},
		{"fieldname": "deadline", "label": _("Deadline"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 70},
		{"fieldname": "reply_overdue", "label": _("Reply Overdue"), "fieldtype": "Check", "width": 90},
		{"fieldname": "visit_overdue", "label": _("Visit Overdue"), "fieldtype": "Check", "width": 90},
		{"fieldname": "order_kind", "label": _("Kind"), "fieldtype": "Data", "width": 110},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "Unit", "width": 120},
		{"fieldname": "requester_name", "label": _("Requester Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "contact_phone", "label": _("Contact Phone"), "fieldtype": "Data", "width": 110},
		{"fieldname": "content", "label": _("Content"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "received_by",
			"label": _("Received By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "received_at", "label": _("Received At"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "technician",
			"label": _("Technician"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "rework_count", "label": _("Reworks"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "escalated_to",
			"label": _("Escalated To"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
	]
