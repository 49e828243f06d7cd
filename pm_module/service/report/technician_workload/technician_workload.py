# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Each technician's work in hand and what he finished in the period (reworks, escalations,
hours from dispatch to completion, paid work accepted)."""

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate, time_diff_in_hours

IN_HAND = ("Dispatched", "Acknowledged", "Arrived", "Rework")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	start = get_datetime(filters.from_date or frappe.utils.get_first_day(frappe.utils.today()))
	end = get_datetime(f"{getdate(filters.to_date or frappe.utils.today())} 23:59:59")
	base = {"technician": ("is", "set")}
	if filters.estate:
		base["estate"] = filters.estate
	rows: dict[str, frappe._dict] = {}

	def row(user: str) -> frappe._dict:
		return rows.setdefault(
			user,
			frappe._dict(
				technician=user,
				in_hand=0,
				overdue_in_hand=0,
				completed=0,
				reworks=0,
				escalated=0,
				hours=0.0,
				paid_amount=0.0,
			),
		)

	now = frappe.utils.now_datetime()
	for order in frappe.get_list(
		"Service Order",
		filters={**base, "status": ("in", IN_HAND)},
		fields=["technician", "appointment_time"],
	):
		r = row(order.technician)
		r.in_hand += 1
		if order.appointment_time and get_datetime(order.appointment_time) < now:
			r.overdue_in_hand += 1
	for order in frappe.get_list(
		"Service Order",
		filters={**base, "completed_at": ("between", [start, end])},
		fields=[
			"technician",
			"dispatched_at",
			"completed_at",
			"rework_count",
			"status",
			"escalated_to",
			"order_kind",
			"price",
			"accepted_at",
		],
	):
		r = row(order.technician)
		r.completed += 1
		r.reworks += order.rework_count or 0
		r.escalated += 1 if order.escalated_to else 0
		if order.dispatched_at:
			r.hours += time_diff_in_hours(order.completed_at, order.dispatched_at)
		if order.order_kind == "Paid Service" and order.accepted_at:
			r.paid_amount += flt(order.price)
	data = sorted(rows.values(), key=lambda r: (-r.in_hand, r.technician))
	for r in data:
		r.technician_name = frappe.db.get_value("User", r.technician, "full_name")
		r.average_hours = flt(r.hours / r.completed, 1) if r.completed else None
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "technician",
			"label": _("Technician"),
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"fieldname": "technician_name", "label": _("Technician Name"), "fieldtype": "Data", "width": 110},
		{"fieldname": "in_hand", "label": _("In Hand"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue_in_hand", "label": _("Past Appointment"), "fieldtype": "Int", "width": 110},
		{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "average_hours",
			"label": _("Average Hours to Complete"),
			"fieldtype": "Float",
			"width": 150,
		},
		{"fieldname": "reworks", "label": _("Reworks"), "fieldtype": "Int", "width": 80},
		{"fieldname": "escalated", "label": _("Escalated"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "paid_amount",
			"label": _("Paid Services Accepted"),
			"fieldtype": "Currency",
			"width": 130,
		},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [r.technician_name or r.technician for r in data],
			"datasets": [
				{"name": _("In Hand"), "values": [r.in_hand for r in data]},
				{"name": _("Completed"), "values": [r.completed for r in data]},
			],
		},
		"type": "bar",
	}
