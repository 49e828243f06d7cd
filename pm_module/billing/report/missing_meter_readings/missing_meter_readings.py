# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The active meters of an estate without a submitted reading dated in a period, per building and
its assistants (who read them): the readings a billing run will miss. Their consumption is billed
by the run after they are read."""

import frappe
from frappe import _
from frappe.utils import getdate

from pm_module.permissions.scope import check_estate_allowed


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.estate or not filters.from_date or not filters.to_date:
		frappe.throw(_("Choose the estate and the period"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date cannot be after To Date"))
	check_estate_allowed(filters.estate)
	return columns(), get_data(filters)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "building",
			"label": _("Building"),
			"fieldtype": "Link",
			"options": "Building",
			"width": 120,
		},
		{"fieldname": "assistants", "label": _("Assistants"), "fieldtype": "Data", "width": 160},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "Unit", "width": 120},
		{"fieldname": "meter", "label": _("Meter"), "fieldtype": "Link", "options": "Meter", "width": 150},
		{"fieldname": "meter_type", "label": _("Meter Type"), "fieldtype": "Data", "width": 90},
		{"fieldname": "last_reading", "label": _("Last Reading"), "fieldtype": "Float", "width": 110},
		{
			"fieldname": "last_reading_date",
			"label": _("Last Reading Date"),
			"fieldtype": "Date",
			"width": 120,
		},
	]


def get_data(filters: dict) -> list[dict]:
	meter, unit, reading = (
		frappe.qb.DocType("Meter"),
		frappe.qb.DocType("Unit"),
		frappe.qb.DocType("Meter Reading"),
	)
	from frappe.query_builder.functions import Coalesce

	read = (
		frappe.qb.from_(reading)
		.select(reading.meter)
		.where(reading.docstatus == 1)
		.where(reading.reading_date[filters.from_date : filters.to_date])
	)
	building = Coalesce(unit.building, meter.building)
	query = (
		frappe.qb.from_(meter)
		.left_join(unit)
		.on(unit.name == meter.unit)
		.select(
			building.as_("building"),
			meter.unit,
			meter.name.as_("meter"),
			meter.meter_type,
			meter.last_reading,
			meter.last_reading_date,
		)
		.where(meter.estate == filters.estate)
		.where(meter.is_active == 1)
		.where(meter.name.notin(read))
		.orderby(building)
		.orderby(meter.unit)
		.orderby(meter.name)
	)
	if filters.building:
		query = query.where(building == filters.building)
	rows = query.run(as_dict=True)

	assistants: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Building Assistant",
		filters={
			"parenttype": "Building",
			"parent": ("in", list({r.building for r in rows if r.building}) or [""]),
		},
		fields=["parent", "user", "full_name"],
		order_by="idx",
	):
		assistants.setdefault(row.parent, []).append(row)
	data = []
	for row in rows:
		people = assistants.get(row.building, [])
		if filters.assistant and filters.assistant not in {p.user for p in people}:
			continue
		row["assistants"] = ", ".join(p.full_name or p.user for p in people)
		data.append(row)
	return data
