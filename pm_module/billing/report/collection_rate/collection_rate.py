# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""How much of what was billed for each period has been collected (收缴率)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	si = frappe.qb.DocType("Sales Invoice")
	query = (
		frappe.qb.from_(si)
		.select(
			si.pm_estate.as_("estate"),
			si.from_date,
			si.to_date,
			Count("*").as_("invoices"),
			Sum(si.grand_total).as_("billed"),
			Sum(si.outstanding_amount).as_("outstanding"),
		)
		.where(si.docstatus == 1)
		.where(si.pm_unit.isnotnull())
		.where(si.is_return == 0)
		# in the order of pm_period_index: the database reads the index alone, without sorting
		.groupby(si.from_date, si.pm_estate, si.to_date)
		.orderby(si.from_date)
		.orderby(si.pm_estate)
	)
	if filters.company:
		query = query.where(si.company == filters.company)
	if filters.estate:
		query = query.where(si.pm_estate == filters.estate)
	if filters.from_date:
		query = query.where(si.from_date >= filters.from_date)
	if filters.to_date:
		query = query.where(si.from_date <= filters.to_date)
	data = query.run(as_dict=True)
	for row in data:
		row.collected = flt(row.billed) - flt(row.outstanding)
		row.rate = flt(row.collected * 100 / row.billed, 2) if row.billed else 0
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "estate", "label": _("Estate"), "fieldtype": "Link", "options": "Estate", "width": 150},
		{"fieldname": "from_date", "label": _("Period From"), "fieldtype": "Date", "width": 110},
		{"fieldname": "to_date", "label": _("Period To"), "fieldtype": "Date", "width": 110},
		{"fieldname": "invoices", "label": _("Invoices"), "fieldtype": "Int", "width": 90},
		{"fieldname": "billed", "label": _("Billed"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "collected", "label": _("Collected"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "outstanding", "label": _("Outstanding"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "rate", "label": _("Collection Rate %"), "fieldtype": "Percent", "width": 130},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [f"{r.estate} {r.from_date}" for r in data],
			"datasets": [{"name": _("Collection Rate %"), "values": [r.rate for r in data]}],
		},
		"type": "line",
	}
