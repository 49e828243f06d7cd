# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Late fee waivers (滞纳金减免) asked for, decided and applied: who asked, who approved, how much."""

import frappe
from frappe import _


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	conditions = (
		{"creation": ["between", [filters.from_date, f"{filters.to_date} 23:59:59"]]}
		if filters.from_date and filters.to_date
		else {}
	)
	for key in ("estate", "status", "unit"):
		if filters.get(key):
			conditions[key] = filters[key]
	# frappe.get_list: the user's estates only, as everywhere else
	rows = frappe.get_list(
		"Late Fee Waiver",
		filters=conditions,
		fields=[
			"name",
			"creation",
			"estate",
			"unit",
			"customer_name",
			"sales_invoice",
			"late_fee",
			"amount",
			"reason",
			"status",
			"requested_by",
			"approver",
			"decided_on",
			"payment_entry",
		],
		order_by="creation desc",
	)
	for row in rows:
		row.request_date = row.pop("creation").date()
	return columns(), rows, None, None, summary(rows)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Late Fee Waiver"),
			"fieldtype": "Link",
			"options": "Late Fee Waiver",
			"width": 150,
		},
		{"fieldname": "request_date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "Unit", "width": 120},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "sales_invoice",
			"label": _("Sales Invoice"),
			"fieldtype": "Link",
			"options": "Sales Invoice",
			"width": 160,
		},
		{"fieldname": "late_fee", "label": _("Late Fee Accrued"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "amount", "label": _("Amount Waived"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 200},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "requested_by",
			"label": _("Requested By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{
			"fieldname": "approver",
			"label": _("Approved or Refused By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "decided_on", "label": _("Decided On"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "payment_entry",
			"label": _("Applied on Payment Entry"),
			"fieldtype": "Link",
			"options": "Payment Entry",
			"width": 150,
		},
	]


def summary(rows: list[dict]) -> list[dict]:
	waived = sum(r.amount or 0 for r in rows if r.status == "Applied")
	return [
		{"label": _("Requests"), "value": len(rows), "datatype": "Int"},
		{
			"label": _("Pending"),
			"value": sum(r.status == "Pending" for r in rows),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{"label": _("Waived at the Counter"), "value": waived, "datatype": "Currency", "indicator": "Green"},
	]
