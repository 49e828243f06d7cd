# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Access and parking cards that expire within N days: whom to remind to renew or top up."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, date_diff, getdate, today

# doctype -> (statuses still in use, type of card shown)
CARDS = {"Access Card": ("Active",), "Parking Card": ("Active",)}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return columns(), get_data(filters)


def get_data(filters: dict) -> list[dict]:
	as_on = getdate(filters.as_on_date or today())
	until = add_days(as_on, cint(filters.days) if filters.days not in (None, "") else 30)
	rows = []
	for doctype, statuses in CARDS.items():
		if filters.card_kind and filters.card_kind != doctype:
			continue
		conditions = {"status": ("in", statuses), "valid_to": ("between", (as_on, until))}
		if filters.estate:
			conditions["estate"] = filters.estate
		for card in frappe.get_list(
			doctype,
			filters=conditions,
			fields=["name", "card_number", "holder_name", "unit", "estate", "valid_to"]
			+ (["card_type"] if doctype == "Access Card" else ["vehicle_plate"]),
			order_by="valid_to",
		):
			rows.append(
				{
					"card_kind": _(doctype),
					"doctype": doctype,
					"card": card.name,
					"card_number": card.card_number,
					"card_type": _(card.card_type) if card.get("card_type") else card.vehicle_plate,
					"holder_name": card.holder_name,
					"unit": card.unit,
					"valid_to": card.valid_to,
					"days_left": date_diff(card.valid_to, as_on),
				}
			)
	return sorted(rows, key=lambda r: (r["valid_to"], r["card_number"]))


def columns() -> list[dict]:
	return [
		{"fieldname": "card_kind", "label": _("Card Kind"), "fieldtype": "Data", "width": 100},
		{"fieldname": "doctype", "label": _("Document Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "card",
			"label": _("Card"),
			"fieldtype": "Dynamic Link",
			"options": "doctype",
			"width": 110,
		},
		{"fieldname": "card_number", "label": _("Card Number"), "fieldtype": "Data", "width": 120},
		{"fieldname": "card_type", "label": _("Card Type / Vehicle"), "fieldtype": "Data", "width": 120},
		{"fieldname": "holder_name", "label": _("Holder Name"), "fieldtype": "Data", "width": 140},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "Unit", "width": 120},
		{"fieldname": "valid_to", "label": _("Valid To"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 90},
	]
