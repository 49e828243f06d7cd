# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Unpaid fees by estate, building, unit or resident, aged by days past the due date."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import date_diff, flt, getdate, today

from pm_module.permissions.scope import check_estate_allowed, user_estates

BUCKETS = [(1, 30), (31, 90), (91, 180), (181, None)]
GROUPS = {
	"Estate": ("pm_estate", "Estate"),
	"Building": ("building", "Building"),
	"Unit": ("pm_unit", "Unit"),
	"Resident": ("pm_resident", "Resident"),
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	as_on = getdate(filters.as_on_date or today())
	key, doctype = GROUPS[filters.group_by or "Unit"]
	rows: dict[str, dict] = {}
	for invoice in get_invoices(filters, as_on):
		group = invoice[key] or ""
		row = rows.setdefault(group, {"party": group, "invoices": 0, "outstanding": 0.0, **bucket_zeroes()})
		row["invoices"] += 1
		row["outstanding"] += flt(invoice.outstanding_amount)
		row[bucket_of(date_diff(as_on, invoice.due_date))] += flt(invoice.outstanding_amount)
	data = sorted(rows.values(), key=lambda r: -r["outstanding"])
	return columns(doctype), data, None, chart(data)


def get_invoices(filters: dict, as_on) -> list[dict]:
	si, unit = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Unit")
	query = (
		frappe.qb.from_(si)
		.join(unit)
		.on(unit.name == si.pm_unit)
		.select(si.pm_estate, si.pm_unit, si.pm_resident, unit.building, si.due_date, si.outstanding_amount)
		.where(si.docstatus == 1)
		.where(si.outstanding_amount > 0)
		.where(si.due_date < as_on)
	)
	for field, column in (("company", si.company), ("estate", si.pm_estate), ("building", unit.building)):
		if filters.get(field):
			query = query.where(column == filters[field])
	# a raw query: staff restricted to some estates see only theirs (pm_module/permissions/scope.py)
	check_estate_allowed(filters.get("estate"))
	if (estates := user_estates(frappe.session.user)) is not None:
		query = query.where(si.pm_estate.isin(estates))
	return query.run(as_dict=True)


def bucket_zeroes() -> dict:
	return {bucket_field(b): 0.0 for b in BUCKETS}


def bucket_field(bucket) -> str:
	low, high = bucket
	return f"days_{low}_{high or 'more'}"


def bucket_of(days: int) -> str:
	for low, high in BUCKETS:
		if days >= low and (high is None or days <= high):
			return bucket_field((low, high))
	return bucket_field(BUCKETS[0])


def columns(doctype: str) -> list[dict]:
	cols = [
		{"fieldname": "party", "label": _(doctype), "fieldtype": "Link", "options": doctype, "width": 180},
		{"fieldname": "invoices", "label": _("Unpaid Invoices"), "fieldtype": "Int", "width": 120},
		{"fieldname": "outstanding", "label": _("Outstanding"), "fieldtype": "Currency", "width": 130},
	]
	for low, high in BUCKETS:
		label = _("{0}-{1} Days").format(low, high) if high else _("Over {0} Days").format(low - 1)
		cols.append(
			{"fieldname": bucket_field((low, high)), "label": label, "fieldtype": "Currency", "width": 120}
		)
	return cols


def chart(data: list[dict]) -> dict:
	top = data[:10]
	return {
		"data": {
			"labels": [r["party"] for r in top],
			"datasets": [{"name": _("Outstanding"), "values": [r["outstanding"] for r in top]}],
		},
		"type": "bar",
	}
