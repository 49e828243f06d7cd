"""The complaint KPIs of the manual, one formula each, for a period (by when complaints were received).

- handling rate      = complaints handled (resolved, closed, or answered as invalid) / received   (target 100 %)
- return-visit rate  = complaints visited / complaints resolved (waiting for, or past, their visit) (target 100 %)
- satisfaction       = visits satisfied or basically satisfied / complaints visited                 (target ≥ 98 %)
                       (each complaint counts with the outcome of its last return visit)
- deadline compliance, per severity = resolved by the resolution deadline / complaints whose
                       deadline has passed or that are resolved (invalid complaints not counted)
- complaints by category, building, month; the most frequent causes;
- the return visits made in the period (in person, spot checks, late): pm_module.service.visits.

The formulas take plain rows (dicts with the Complaint's fields), so they are tested on a known set;
`get_rows` reads them from the database and `complaint_kpis` puts everything together for the report
and the number cards. Targets come from Property Management Settings.
"""

from collections import Counter
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, get_first_day, get_last_day, getdate, now_datetime

from pm_module.complaints.deadlines import SEVERITIES
from pm_module.estate.utils import get_settings
from pm_module.permissions.scope import estate_filter
from pm_module.service.visits import visit_statistics

HANDLED = ("Resolved", "Closed", "Invalid")
RESOLVED = ("Resolved", "Closed")
SATISFIED = ("Satisfied", "Basically Satisfied")
FIELDS = (
	"name",
	"status",
	"severity",
	"category",
	"building",
	"cause",
	"received_at",
	"resolve_by",
	"resolved_at",
	"satisfaction",
)


def percent(part: int, whole: int) -> float | None:
	"""part / whole in %, None when there is nothing to measure."""
	return flt(100.0 * part / whole, 1) if whole else None


def handling_rate(rows: list[dict]) -> float | None:
	return percent(sum(1 for r in rows if r["status"] in HANDLED), len(rows))


def needs_visit(row: dict) -> bool:
	return row["status"] in RESOLVED or bool(row.get("satisfaction"))


def return_visit_rate(rows: list[dict]) -> float | None:
	due = [r for r in rows if needs_visit(r)]
	return percent(sum(1 for r in due if r.get("satisfaction")), len(due))


def satisfaction_rate(rows: list[dict]) -> float | None:
	visited = [r for r in rows if r.get("satisfaction")]
	return percent(sum(1 for r in visited if r["satisfaction"] in SATISFIED), len(visited))


def deadline_compliance(rows: list[dict], now: datetime | None = None) -> dict[str, float | None]:
	"""Per severity: % of complaints resolved by their deadline, among those resolved or past it."""
	now = get_datetime(now) if now else now_datetime()
	result = {}
	for severity in SEVERITIES:
		counted = on_time = 0
		for r in rows:
			if r["severity"] != severity or r["status"] == "Invalid" or not r.get("resolve_by"):
				continue
			due = get_datetime(r["resolve_by"])
			if r.get("resolved_at"):
				counted += 1
				on_time += get_datetime(r["resolved_at"]) <= due
			elif due < now:
				counted += 1
		result[severity] = percent(on_time, counted)
	return result


def count_by(rows: list[dict], key) -> list[tuple[str, int]]:
	"""Counts per value of `key` (a field name or a function of the row), most first."""
	get = key if callable(key) else (lambda r: r.get(key))
	return Counter(get(r) or "" for r in rows).most_common()


def by_month(rows: list[dict]) -> list[tuple[str, int]]:
	return sorted(count_by(rows, lambda r: getdate(r["received_at"]).strftime("%Y-%m")))


def top_causes(rows: list[dict], limit: int = 5) -> list[tuple[str, int]]:
	"""The causes recorded most often (recurring: more than once), most first."""
	return [(cause, n) for cause, n in count_by(rows, "cause") if cause and n > 1][:limit]


def get_rows(from_date: date | str, to_date: date | str, estate: str | None = None) -> list[dict]:
	filters = {"received_at": ("between", [f"{getdate(from_date)} 00:00:00", f"{getdate(to_date)} 23:59:59"])}
	# frappe.get_all: staff restricted to some estates count only theirs (pm_module/permissions/scope.py)
	if estate := estate_filter(estate):
		filters["estate"] = estate
	return frappe.get_all("Complaint", filters=filters, fields=list(FIELDS), order_by="received_at")


def complaint_kpis(from_date, to_date, estate: str | None = None, now=None) -> dict:
	rows = get_rows(from_date, to_date, estate)
	settings = get_settings()
	return {
		"received": len(rows),
		"handling_rate": handling_rate(rows),
		"return_visit_rate": return_visit_rate(rows),
		"satisfaction": satisfaction_rate(rows),
		"deadline_compliance": deadline_compliance(rows, now),
		"by_category": count_by(rows, "category"),
		"by_building": count_by(rows, "building"),
		"by_month": by_month(rows),
		"top_causes": top_causes(rows),
		"visits": visit_statistics(
			"Complaint", from_date, to_date, estate, due_count=sum(1 for r in rows if needs_visit(r))
		),
		"targets": {
			"handling_rate": flt(settings.target_handling_rate),
			"return_visit_rate": flt(settings.target_return_visit_rate),
			"satisfaction": flt(settings.target_satisfaction),
		},
	}


# --- number cards (this month) -------------------------------------------------------------------


def _card(kpi: str, filters=None) -> dict:
	filters = frappe.parse_json(filters) if isinstance(filters, str) else (filters or {})
	estate = filters.get("estate") if isinstance(filters, dict) else None
	today = getdate()
	frappe.has_permission("Complaint", "read", throw=True)
	rows = get_rows(get_first_day(today), get_last_day(today), estate)
	value = {
		"handling_rate": handling_rate,
		"return_visit_rate": return_visit_rate,
		"satisfaction": satisfaction_rate,
	}[kpi](rows)
	return {"value": value or 0, "fieldtype": "Percent"}


@frappe.whitelist()
def handling_rate_card(filters=None) -> dict:
	return _card("handling_rate", filters)


@frappe.whitelist()
def return_visit_rate_card(filters=None) -> dict:
	return _card("return_visit_rate", filters)


@frappe.whitelist()
def satisfaction_card(filters=None) -> dict:
	return _card("satisfaction", filters)
