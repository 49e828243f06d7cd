"""Return-visit statistics shared by the service desk and complaints.

    stats = visit_statistics("Service Order", "2026-11-01", "2026-11-30", estate="和谐花园")

The manual's monthly quotas: every closed repair (or resolved complaint) is visited, at least 5 %
of the visits are made in person, the manager spot-checks at least 3; satisfaction counts
"satisfied" and "basically satisfied" visits.
"""

import frappe
from frappe.utils import flt, get_datetime, getdate

from pm_module.estate.utils import get_settings
from pm_module.permissions.scope import estate_filter

SATISFIED = ("Satisfied", "Basically Satisfied")


def visit_statistics(
	reference_doctype: str, from_date, to_date, estate: str | None = None, due_count: int | None = None
) -> dict:
	"""Submitted visits of one kind of document made in the period.

	`due_count` is how many documents needed a visit in the period (closed repairs, resolved
	complaints); for Service Orders it is counted here when not given. Rates are percentages."""
	start, end = get_datetime(from_date), get_datetime(f"{getdate(to_date)} 23:59:59")
	filters = {
		"reference_doctype": reference_doctype,
		"docstatus": 1,
		"visit_time": ("between", [start, end]),
	}
	# frappe.get_all: staff restricted to some estates count only theirs (pm_module/permissions/scope.py)
	if in_estate := estate_filter(estate):
		filters["estate"] = in_estate
	visits = frappe.get_all(
		"Return Visit",
		filters=filters,
		fields=["reference_name", "visit_method", "is_spot_check", "satisfaction", "visited_late", "reason"],
	)
	settings = get_settings()
	regular = [v for v in visits if not v.is_spot_check]
	visited = {v.reference_name for v in regular}
	if due_count is None and reference_doctype == "Service Order":
		due_count = len(service_orders_due_a_visit(start, end, estate))
	total = len(visits)
	in_person = sum(1 for v in visits if v.visit_method == "In Person")
	spot_checks = sum(1 for v in visits if v.is_spot_check)
	satisfied = sum(1 for v in visits if v.satisfaction in SATISFIED)
	stats = {
		"visits": total,
		"visited_documents": len(visited),
		"due": due_count,
		"visit_rate": percent(len(visited), due_count) if due_count else (100.0 if not visited else None),
		"in_person": in_person,
		"in_person_rate": percent(in_person, total),
		"spot_checks": spot_checks,
		"satisfied": sum(1 for v in visits if v.satisfaction == "Satisfied"),
		"basically_satisfied": sum(1 for v in visits if v.satisfaction == "Basically Satisfied"),
		"dissatisfied": total - satisfied,
		"satisfaction_rate": percent(satisfied, total),
		"late": sum(1 for v in visits if v.visited_late),
		"dissatisfaction_reasons": [
			v.reason for v in visits if v.satisfaction == "Dissatisfied" and v.reason
		],
	}
	stats["quota_visit_rate_met"] = stats["visit_rate"] is None or stats["visit_rate"] >= flt(
		settings.target_return_visit_rate or 100
	)
	stats["quota_in_person_met"] = total == 0 or stats["in_person_rate"] >= flt(
		settings.min_in_person_visit_percent
	)
	stats["quota_spot_checks_met"] = spot_checks >= (settings.min_manager_spot_checks or 0)
	return stats


def service_orders_due_a_visit(start, end, estate: str | None = None) -> list[str]:
	"""Repairs and paid services completed in the period (each needs its return visit)."""
	filters = {
		"completed_at": ("between", [start, end]),
		"order_kind": ("!=", "Business Service"),
		"status": ("in", ("Completed", "Accepted", "Rework", "Escalated", "Closed")),
	}
	# frappe.get_all: staff restricted to some estates count only theirs (pm_module/permissions/scope.py)
	if estate := estate_filter(estate):
		filters["estate"] = estate
	return frappe.get_all("Service Order", filters=filters, pluck="name")


def percent(part: int, whole: int | None) -> float:
	return flt(100.0 * part / whole, 2) if whole else 0.0
