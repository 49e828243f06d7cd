# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Daily Collection 收费日报: what the counter took, per estate, cashier and day (or per cashier
over the period, the fee supervisor's view of what each cashier collected), by mode of payment,
with the late fees, advances, number of receipts and how far each day was closed and checked.
Refunds a cashier paid out (Fee Refunds) are taken off their modes and total, as on their closing.

Counted from the submitted counter receipts themselves (pm_module.billing.closing.counter_receipts),
so a day nobody closed shows too. A cashier sees only their own collection, as with their closings.
"""

import frappe
from frappe import _
from frappe.utils import flt, get_fullname, getdate, today

from pm_module.billing.closing import counter_receipts, counter_refunds
from pm_module.billing.counter import counter_modes
from pm_module.permissions.scope import effective_scopes, estate_filter

NOT_CLOSED, HANDED_OVER, CHECKED = "Not Closed", "Handed Over", "Checked"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or today())
	to_date = getdate(filters.to_date or from_date)
	if from_date > to_date:
		frappe.throw(_("The from date must not be after the to date"))
	estate = estate_filter(filters.estate)
	cashier = filters.cashier
	if "own" in (effective_scopes("Counter Closing", frappe.session.user) or ()):
		cashier = frappe.session.user  # a cashier sees their own collection only

	receipts = counter_receipts(estate, cashier, from_date, to_date)
	refunds = counter_refunds(estate, cashier, from_date, to_date)
	closings = get_closings(estate, cashier, from_date, to_date)
	modes = list(
		dict.fromkeys(
			[*counter_modes(), *(m["mode_of_payment"] for r in receipts + refunds for m in r.modes)]
		)
	)
	fields = {mode: f"mode_{i}" for i, mode in enumerate(modes)}

	by_cashier = filters.group_by == "Cashier"
	rows: dict[tuple, dict] = {}
	for r in receipts:
		key = (r.estate, r.cashier) if by_cashier else (r.estate, r.cashier, r.posting_date)
		row = rows.setdefault(key, new_row(key, by_cashier, fields))
		for m in r.modes:
			row[fields[m["mode_of_payment"]]] = flt(row[fields[m["mode_of_payment"]]] + flt(m["amount"]), 2)
		row["late_fee"] = flt(row["late_fee"] + r.late_fee, 2)
		row["advance"] = flt(row["advance"] + r.advance, 2)
		row["total"] = flt(row["total"] + r.amount, 2)
		row["receipts"] += 1
		row.setdefault("_days", set()).add(r.posting_date)
	for r in refunds:
		key = (r.estate, r.cashier) if by_cashier else (r.estate, r.cashier, r.posting_date)
		row = rows.setdefault(key, new_row(key, by_cashier, fields))
		field = fields[r.mode_of_payment]
		row[field] = flt(row[field] + r.amount, 2)
		row["refunds"] = flt(row["refunds"] - r.amount, 2)
		row["total"] = flt(row["total"] + r.amount, 2)
		row.setdefault("_days", set()).add(r.posting_date)
	for c in closings:  # a closed day without receipts (all cancelled) still has its row
		key = (c.estate, c.cashier) if by_cashier else (c.estate, c.cashier, c.closing_date)
		row = rows.setdefault(key, new_row(key, by_cashier, fields))
		row.setdefault("_days", set()).add(c.closing_date)
		if by_cashier:
			row["closed_days"] += 1
			row["checked_days"] += c.status == CHECKED
			row["cash_difference"] = flt(row["cash_difference"] + flt(c.cash_difference), 2)
		else:
			row.update(
				closing=c.name,
				closing_status_value=c.status,
				closing_status=_(c.status, context="Counter Closing"),
				cash_difference=flt(c.cash_difference, 2),
			)
	names = {}
	for row in rows.values():
		names.setdefault(row["cashier"], get_fullname(row["cashier"]))
		row["cashier_name"] = names[row["cashier"]]
		days = row.pop("_days", set())
		if by_cashier:
			row["days"] = len(days)

	data = sorted(
		rows.values(),
		key=lambda r: (r["estate"], str(r.get("date") or ""), r["cashier_name"] or r["cashier"]),
	)
	used = [mode for mode in modes if mode in counter_modes() or any(row[fields[mode]] for row in data)]
	return (
		columns(by_cashier, used, fields),
		data,
		None,
		chart(data, used, fields),
		summary(data, used, fields, by_cashier),
	)


def new_row(key: tuple, by_cashier: bool, fields: dict) -> dict:
	row = {
		"estate": key[0],
		"cashier": key[1],
		**{field: 0.0 for field in fields.values()},
		"late_fee": 0.0,
		"advance": 0.0,
		"refunds": 0.0,
		"total": 0.0,
		"receipts": 0,
		"cash_difference": 0.0,
	}
	if by_cashier:
		row.update(days=0, closed_days=0, checked_days=0)
	else:
		row.update(
			date=key[2],
			closing=None,
			closing_status_value=NOT_CLOSED,
			closing_status=_(NOT_CLOSED, context="Counter Closing"),
		)
	return row


def get_closings(estate, cashier, from_date, to_date) -> list[dict]:
	filters = {
		"docstatus": 1,
		"status": ("in", (HANDED_OVER, CHECKED)),
		"closing_date": ("between", (from_date, to_date)),
	}
	if estate:
		filters["estate"] = estate
	if cashier:
		filters["cashier"] = cashier
	return frappe.get_all(
		"Counter Closing",
		filters=filters,
		fields=["name", "estate", "cashier", "closing_date", "status", "cash_difference"],
		order_by="closing_date",
	)


def columns(by_cashier: bool, modes: list[str], fields: dict) -> list[dict]:
	cols = [
		{"fieldname": "estate", "label": _("Estate"), "fieldtype": "Link", "options": "Estate", "width": 120}
	]
	if not by_cashier:
		cols.append({"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100})
	cols += [
		{"fieldname": "cashier", "label": _("Cashier"), "fieldtype": "Link", "options": "User", "width": 150},
		{"fieldname": "cashier_name", "label": _("Cashier Name"), "fieldtype": "Data", "width": 100},
	]
	if by_cashier:
		cols.append({"fieldname": "days", "label": _("Days"), "fieldtype": "Int", "width": 70})
	cols += [
		{"fieldname": fields[mode], "label": _(mode), "fieldtype": "Currency", "width": 110} for mode in modes
	]
	cols += [
		{"fieldname": "late_fee", "label": _("Late Fees"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "advance", "label": _("Advances"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "refunds", "label": _("Refunds Paid"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "total", "label": _("Total Collected"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "receipts", "label": _("Receipts"), "fieldtype": "Int", "width": 80},
	]
	if by_cashier:
		cols += [
			{"fieldname": "closed_days", "label": _("Days Handed Over"), "fieldtype": "Int", "width": 110},
			{"fieldname": "checked_days", "label": _("Days Checked"), "fieldtype": "Int", "width": 100},
		]
	else:
		cols += [
			{
				"fieldname": "closing",
				"label": _("Counter Closing"),
				"fieldtype": "Link",
				"options": "Counter Closing",
				"width": 140,
			},
			{"fieldname": "closing_status", "label": _("Closing Status"), "fieldtype": "Data", "width": 110},
		]
	cols.append(
		{"fieldname": "cash_difference", "label": _("Cash Difference"), "fieldtype": "Currency", "width": 120}
	)
	return cols


def chart(data: list[dict], modes: list[str], fields: dict) -> dict:
	return {
		"data": {
			"labels": [_(mode) for mode in modes],
			"datasets": [
				{
					"name": _("Total Collected"),
					"values": [flt(sum(r[fields[mode]] for r in data), 2) for mode in modes],
				}
			],
		},
		"type": "bar",
	}


def summary(data: list[dict], modes: list[str], fields: dict, by_cashier: bool) -> list[dict]:
	out = [
		{
			"label": _("Total Collected"),
			"value": flt(sum(r["total"] for r in data), 2),
			"datatype": "Currency",
			"indicator": "Blue",
		},
		{
			"label": _("Receipts"),
			"value": sum(r["receipts"] for r in data),
			"datatype": "Int",
			"indicator": "Blue",
		},
	]
	for mode in modes:
		value = flt(sum(r[fields[mode]] for r in data), 2)
		if value:
			out.append({"label": _(mode), "value": value, "datatype": "Currency", "indicator": "Green"})
	out.append(
		{"label": _("Late Fees"), "value": flt(sum(r["late_fee"] for r in data), 2), "datatype": "Currency"}
	)
	out.append(
		{"label": _("Advances"), "value": flt(sum(r["advance"] for r in data), 2), "datatype": "Currency"}
	)
	refunds = flt(sum(r["refunds"] for r in data), 2)
	if refunds:
		out.append({"label": _("Refunds Paid"), "value": refunds, "datatype": "Currency"})
	if not by_cashier:
		open_days = sum(1 for r in data if r["closing_status_value"] == NOT_CLOSED)
		out.append(
			{
				"label": _("Days Not Closed"),
				"value": open_days,
				"datatype": "Int",
				"indicator": "Red" if open_days else "Green",
			}
		)
	difference = flt(sum(r["cash_difference"] for r in data), 2)
	out.append(
		{
			"label": _("Cash Difference"),
			"value": difference,
			"datatype": "Currency",
			"indicator": "Red" if difference else "Green",
		}
	)
	return out
