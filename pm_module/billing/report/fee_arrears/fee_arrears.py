# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Unpaid fees by estate, building, unit or resident, aged by days past the due date."""

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction, Order
from frappe.query_builder.functions import Count, IfNull, Sum
from frappe.utils import flt, getdate, today

from pm_module.permissions.scope import check_estate_allowed, user_estates

DateDiff = CustomFunction("DATEDIFF", ["end", "start"])  # MariaDB's: days from start to end
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
	data = get_arrears(filters, as_on, key)
	return columns(doctype), data, None, chart(data)


def get_arrears(filters: dict, as_on, key: str) -> list[dict]:
	"""Unpaid fee invoices past due on `as_on`, counted and summed per group and age bucket by the
	database: a portfolio has tens of thousands of them, read from pm_unpaid_cover_index alone."""
	si, unit = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Unit")
	group = IfNull(unit.building if key == "building" else si[key], "")
	days_late = DateDiff(as_on, si.due_date)
	query = frappe.qb.from_(si)
	# the unit's row only for its building: otherwise the index alone answers
	if key == "building" or filters.get("building"):
		query = query.join(unit).on(unit.name == si.pm_unit)
	query = (
		query.select(
			group.as_("party"),
			Count("*").as_("invoices"),
			Sum(si.outstanding_amount).as_("outstanding"),
		)
		.where(si.docstatus == 1)
		.where(si.pm_unit.isnotnull())
		.where(si.outstanding_amount > 0)
		.where(si.due_date < as_on)
		.groupby(group)
		.orderby(Sum(si.outstanding_amount), order=Order.desc)
	)
	for low, high in BUCKETS:
		late = days_late >= low if high is None else (days_late >= low) & (days_late <= high)
		query = query.select(
			Sum(Case().when(late, si.outstanding_amount).else_(0)).as_(bucket_field((low, high)))
		)
	for field, column in (("company", si.company), ("estate", si.pm_estate), ("building", unit.building)):
		if filters.get(field):
			query = query.where(column == filters[field])
	# a raw query: staff restricted to some estates see only theirs (pm_module/permissions/scope.py)
	check_estate_allowed(filters.get("estate"))
	if (estates := user_estates(frappe.session.user)) is not None:
		query = query.where(si.pm_estate.isin(estates))
	rows = query.run(as_dict=True)
	for row in rows:
		for field in ("outstanding", *map(bucket_field, BUCKETS)):
			row[field] = flt(row[field])
	return rows


def bucket_field(bucket) -> str:
	low, high = bucket
	return f"days_{low}_{high or 'more'}"


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
