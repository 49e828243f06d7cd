"""What a unit still owes: the check other procedures make before a transfer or a move-out."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today


def unit_arrears(unit: str, on_date=None) -> dict:
	"""Unpaid fee invoices of `unit` due on or before `on_date` (default today), and their total."""
	on_date = getdate(on_date or today())
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={
			"pm_unit": unit,
			"docstatus": 1,
			"outstanding_amount": (">", 0),
			"due_date": ("<=", on_date),
		},
		fields=["name", "customer", "from_date", "to_date", "due_date", "grand_total", "outstanding_amount"],
		order_by="due_date",
	)
	return {
		"unit": unit,
		"outstanding": flt(sum(i.outstanding_amount for i in invoices), 2),
		"invoices": invoices,
	}


def ensure_no_arrears(unit: str, procedure: str) -> None:
	"""Refuse `procedure` (a transfer, a move-out) while the unit owes fees (DOMAIN.md)."""
	owed = unit_arrears(unit)
	if owed["outstanding"] > 0:
		frappe.throw(
			_("Unit {0} owes {1} in {2} unpaid invoice(s); settle them before the {3}").format(
				unit,
				frappe.utils.fmt_money(owed["outstanding"]),
				len(owed["invoices"]),
				_(procedure),
			),
			title=_("Unpaid Fees"),
		)


@frappe.whitelist()
def get_unit_arrears(unit: str) -> dict:
	"""For the desk: may the unit move out or change hands? Whoever may read the unit sees the
	total; the invoices are listed only to those who may read Sales Invoices."""
	frappe.has_permission("Unit", "read", unit, throw=True)
	owed = unit_arrears(unit)
	owed["invoice_count"] = len(owed["invoices"])
	if not frappe.has_permission("Sales Invoice", "read"):
		owed["invoices"] = []
	return owed
