# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The month's service statistics: requests by kind, what satisfied and dissatisfied customers
said and why, and the return-visit quotas (every repair visited, 5 % in person, 3 spot checks)."""

import frappe
from frappe import _
from frappe.utils import get_datetime, get_first_day, get_last_day, getdate, today

from pm_module.service.visits import SATISFIED, percent, visit_statistics


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or get_first_day(today()))
	to_date = getdate(filters.to_date or get_last_day(today()))
	start, end = get_datetime(from_date), get_datetime(f"{to_date} 23:59:59")
	base = {"estate": filters.estate} if filters.estate else {}
	rows: dict[tuple, frappe._dict] = {}

	def row(kind: str, category: str | None) -> frappe._dict:
		category = category if kind != "Paid Service" else None
		return rows.setdefault(
			(kind, category or ""),
			frappe._dict(
				order_kind=kind,
				repair_category=category,
				received=0,
				declined=0,
				completed=0,
				closed=0,
				reworks=0,
				visits=0,
				satisfied=0,
				basically_satisfied=0,
				dissatisfied=0,
				reasons=[],
				praise=[],
			),
		)

	for order in frappe.get_list(
		"Service Order",
		filters={**base, "received_at": ("between", [start, end])},
		fields=["order_kind", "repair_category", "status"],
	):
		r = row(order.order_kind, order.repair_category)
		r.received += 1
		r.declined += order.status == "Declined"
	for order in frappe.get_list(
		"Service Order",
		filters={**base, "completed_at": ("between", [start, end])},
		fields=["order_kind", "repair_category", "status", "rework_count"],
	):
		r = row(order.order_kind, order.repair_category)
		r.completed += 1
		r.closed += order.status == "Closed"
		r.reworks += order.rework_count or 0
	visit_filters = {
		"reference_doctype": "Service Order",
		"docstatus": 1,
		"visit_time": ("between", [start, end]),
	}
	if filters.estate:
		visit_filters["estate"] = filters.estate
	for visit in frappe.get_list(
		"Return Visit", filters=visit_filters, fields=["reference_name", "satisfaction", "reason", "comments"]
	):
		kind, category = frappe.db.get_value(
			"Service Order", visit.reference_name, ["order_kind", "repair_category"]
		)
		r = row(kind, category)
		r.visits += 1
		key = {"Satisfied": "satisfied", "Basically Satisfied": "basically_satisfied"}.get(
			visit.satisfaction, "dissatisfied"
		)
		r[key] += 1
		if visit.satisfaction == "Dissatisfied" and visit.reason:
			r.reasons.append(visit.reason)
		elif visit.satisfaction in SATISFIED and visit.comments:
			r.praise.append(visit.comments)
	data = sorted(rows.values(), key=lambda r: (r.order_kind, r.repair_category or ""))
	for r in data:
		r.satisfaction_rate = percent(r.satisfied + r.basically_satisfied, r.visits)
		r.dissatisfied_why = "; ".join(r.pop("reasons"))
		r.satisfied_with = "; ".join(r.pop("praise"))
	stats = visit_statistics("Service Order", from_date, to_date, estate=filters.estate)
	return columns(), data, None, None, summary(stats)


def summary(stats: dict) -> list[dict]:
	def indicator(met: bool) -> str:
		return "Green" if met else "Red"

	return [
		{"label": _("Return Visits"), "value": stats["visits"], "datatype": "Int"},
		{
			"label": _("Visit Rate %"),
			"value": stats["visit_rate"] or 0,
			"datatype": "Percent",
			"indicator": indicator(stats["quota_visit_rate_met"]),
		},
		{
			"label": _("In Person %"),
			"value": stats["in_person_rate"],
			"datatype": "Percent",
			"indicator": indicator(stats["quota_in_person_met"]),
		},
		{
			"label": _("Manager Spot Checks"),
			"value": stats["spot_checks"],
			"datatype": "Int",
			"indicator": indicator(stats["quota_spot_checks_met"]),
		},
		{"label": _("Satisfaction %"), "value": stats["satisfaction_rate"], "datatype": "Percent"},
		{"label": _("Visited Late"), "value": stats["late"], "datatype": "Int"},
	]


def columns() -> list[dict]:
	return [
		{"fieldname": "order_kind", "label": _("Kind"), "fieldtype": "Data", "width": 130},
		{"fieldname": "repair_category", "label": _("Repair Category"), "fieldtype": "Data", "width": 110},
		{"fieldname": "received", "label": _("Received"), "fieldtype": "Int", "width": 80},
		{"fieldname": "declined", "label": _("Declined"), "fieldtype": "Int", "width": 80},
		{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 80},
		{"fieldname": "closed", "label": _("Closed"), "fieldtype": "Int", "width": 70},
		{"fieldname": "reworks", "label": _("Reworks"), "fieldtype": "Int", "width": 70},
		{"fieldname": "visits", "label": _("Return Visits"), "fieldtype": "Int", "width": 80},
		{"fieldname": "satisfied", "label": _("Satisfied"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "basically_satisfied",
			"label": _("Basically Satisfied"),
			"fieldtype": "Int",
			"width": 90,
		},
		{"fieldname": "dissatisfied", "label": _("Dissatisfied"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "satisfaction_rate",
			"label": _("Satisfaction %"),
			"fieldtype": "Percent",
			"width": 100,
		},
		{
			"fieldname": "satisfied_with",
			"label": _("What Customers Liked"),
			"fieldtype": "Data",
			"width": 200,
		},
		{
			"fieldname": "dissatisfied_why",
			"label": _("Why Customers Were Dissatisfied"),
			"fieldtype": "Data",
			"width": 250,
		},
	]
