# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The estate as a tree: estate → building → unit, with areas and occupancy at each level."""

import frappe
from frappe import _
from frappe.utils import flt


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "name", "label": _("Estate / Building / Unit"), "fieldtype": "Data", "width": 220},
		{"fieldname": "unit_type", "label": _("Unit Type"), "fieldtype": "Data", "width": 110},
		{"fieldname": "floor", "label": _("Floor"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "gross_area",
			"label": _("Gross Area (m²)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "units", "label": _("Units"), "fieldtype": "Int", "width": 70},
		{"fieldname": "occupied", "label": _("Occupied"), "fieldtype": "Int", "width": 80},
		{"fieldname": "current_owner_name", "label": _("Current Owner"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "current_occupant_name",
			"label": _("Current Occupant"),
			"fieldtype": "Data",
			"width": 140,
		},
	]


def get_data(filters) -> list[dict]:
	conditions = {k: filters[k] for k in ("estate", "building", "status", "unit_type") if filters.get(k)}
	# frappe.get_list applies the user's permissions: nobody sees units they may not read
	units = frappe.get_list(
		"Unit",
		filters=conditions,
		fields=[
			"name",
			"unit_code",
			"estate",
			"building",
			"unit_type",
			"floor",
			"gross_area",
			"status",
			"current_owner_name",
			"current_occupant_name",
		],
		order_by="estate asc, building asc, floor asc, name asc",
		limit_page_length=0,
	)
	rows, parents = [], {}
	for unit in units:
		for key, parent, indent in ((unit.estate, None, 0), (unit.building, unit.estate, 1)):
			if key not in parents:
				parents[key] = {
					"name": key,
					"parent_node": parent,
					"indent": indent,
					"gross_area": 0.0,
					"units": 0,
					"occupied": 0,
				}
				rows.append(parents[key])
		occupied = int(unit.status == "Occupied")
		unit.update(parent_node=unit.building, indent=2, units=1, occupied=occupied)
		rows.append(unit)
		for key in (unit.estate, unit.building):
			totals = parents[key]
			totals["gross_area"] += unit.gross_area or 0
			totals["units"] += 1
			totals["occupied"] += occupied
	for totals in parents.values():
		# rounded once per total (an estate has tens of thousands of units)
		totals["gross_area"] = flt(totals["gross_area"], 2)
	return rows
