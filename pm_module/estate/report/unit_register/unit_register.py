# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The estate as a tree: estate → building → unit, with areas and occupancy at each level."""

import frappe
from frappe import _
from frappe.utils import flt

# More units than this are not listed one by one: the tree shows the estates and buildings with
# their totals until a filter narrows it (a portfolio has tens of thousands of units)
MAX_UNITS_LISTED = 5000
FILTERS = ("estate", "building", "status", "unit_type")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	conditions = {k: filters[k] for k in FILTERS if filters.get(k)}
	# frappe.get_list applies the user's permissions: nobody sees units they may not read
	count = frappe.get_list("Unit", filters=conditions, fields=["count(`tabUnit`.`name`) as count"])[0].count
	if count > MAX_UNITS_LISTED:
		message = _(
			"{0} units: the estates and buildings are shown with their totals; choose a building to list its units."
		).format(count)
		return get_columns(), get_building_totals(conditions), message
	return get_columns(), get_data(conditions)


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


def get_data(conditions: dict) -> list[dict]:
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
		totals = parent_rows(rows, parents, unit.estate, unit.building)
		occupied = int(unit.status == "Occupied")
		unit.update(parent_node=unit.building, indent=2, units=1, occupied=occupied)
		rows.append(unit)
		add_to(totals, 1, occupied, unit.gross_area)
	return rounded(rows, parents)


def get_building_totals(conditions: dict) -> list[dict]:
	"""The estate and building rows alone, their totals counted by the database."""
	fields = ["estate", "building", "count(`tabUnit`.`name`) as units", "sum(`tabUnit`.`gross_area`) as area"]

	def by_building(filters: dict) -> list[dict]:
		return frappe.get_list(
			"Unit",
			filters=filters,
			fields=fields,
			group_by="estate, building",
			order_by="estate asc, building asc",
			limit_page_length=0,
		)

	occupied = {}
	if conditions.get("status") in (None, "Occupied"):
		occupied = {r.building: r.units for r in by_building({**conditions, "status": "Occupied"})}
	rows, parents = [], {}
	for building in by_building(conditions):
		totals = parent_rows(rows, parents, building.estate, building.building)
		add_to(totals, building.units, occupied.get(building.building, 0), building.area)
	return rounded(rows, parents)


def parent_rows(rows: list, parents: dict, estate: str, building: str) -> tuple[dict, dict]:
	"""The estate's and the building's total rows, added to the tree when first met."""
	for key, parent, indent in ((estate, None, 0), (building, estate, 1)):
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
	return parents[estate], parents[building]


def add_to(totals: tuple[dict, dict], units: int, occupied: int, area: float | None) -> None:
	for row in totals:
		row["units"] += units
		row["occupied"] += occupied
		row["gross_area"] += area or 0


def rounded(rows: list[dict], parents: dict) -> list[dict]:
	# rounded once per total (an estate has tens of thousands of units)
	for totals in parents.values():
		totals["gross_area"] = flt(totals["gross_area"], 2)
	return rows
