# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""A one-off charge on a unit, billed with the unit's next fees.

Other procedures raise them (card fees, renovation fees and deposits, paid-service work orders)
through `raise_unit_charge`; the billing run puts every pending charge dated up to the end of its
period on the payer's invoice, and a cancelled invoice gives its charges back to be billed again.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from pm_module.estate.register import get_payer


class UnitCharge(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		building: DF.Link | None
		charge_date: DF.Date
		description: DF.SmallText | None
		estate: DF.Link | None
		item: DF.Link
		payer: DF.Link | None
		payer_name: DF.Data | None
		qty: DF.Float
		rate: DF.Currency
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sales_invoice: DF.Link | None
		status: DF.Literal["Pending", "Billed"]
		unit: DF.Link
	# end: auto-generated types

	def validate(self):
		if self.sales_invoice and not self.is_new() and self.has_changes_to_billed_fields():
			frappe.throw(
				_("Charge {0} is billed on {1}: it can no longer change").format(
					self.name, self.sales_invoice
				)
			)
		if flt(self.qty) <= 0:
			frappe.throw(_("The quantity must be greater than zero"))
		self.amount = flt(flt(self.qty) * flt(self.rate), 2)
		self.payer = self.payer or get_payer(self.unit, self.charge_date)
		if not self.payer:
			frappe.throw(
				_("Unit {0} has no owner or paying occupant on {1}: name the payer").format(
					self.unit, self.charge_date
				)
			)

	def has_changes_to_billed_fields(self) -> bool:
		return any(self.has_value_changed(f) for f in ("unit", "payer", "charge_date", "item", "qty", "rate"))

	def on_trash(self):
		if self.sales_invoice:
			frappe.throw(
				_("Charge {0} is billed on {1}: cancel the invoice first").format(
					self.name, self.sales_invoice
				)
			)


def raise_unit_charge(
	unit: str,
	item: str,
	rate: float,
	qty: float = 1,
	description: str | None = None,
	charge_date=None,
	payer: str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
) -> str:
	"""For other procedures: charge the unit once; idempotent per reference document and item."""
	if reference_doctype and reference_name:
		existing = frappe.db.get_value(
			"Unit Charge",
			{"reference_doctype": reference_doctype, "reference_name": reference_name, "item": item},
		)
		if existing:
			return existing
	doc = frappe.get_doc(
		{
			"doctype": "Unit Charge",
			"unit": unit,
			"item": item,
			"rate": rate,
			"qty": qty,
			"description": description,
			"charge_date": charge_date or frappe.utils.today(),
			"payer": payer,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
		}
	)
	doc.flags.ignore_permissions = True  # the calling procedure checked its own permission
	return doc.insert().name


def pending_charges(unit: str, up_to) -> list[dict]:
	# frappe.qb, not get_all: run for every unit billed
	uc = frappe.qb.DocType("Unit Charge")
	return (
		frappe.qb.from_(uc)
		.select(uc.name, uc.payer, uc.item, uc.qty, uc.rate, uc.description, uc.charge_date)
		.where((uc.unit == unit) & (uc.status == "Pending") & (uc.charge_date <= getdate(up_to)))
		.orderby(uc.charge_date)
		.orderby(uc.name)
		.run(as_dict=True)
	)


def mark_billed(charges: list[str], sales_invoice: str) -> None:
	if charges:
		frappe.db.set_value(
			"Unit Charge",
			{"name": ("in", charges)},
			{"status": "Billed", "sales_invoice": sales_invoice},
			update_modified=False,
		)


def release_charges(doc, method=None) -> None:
	"""Sales Invoice on_cancel: its one-off charges wait for the next bill again."""
	if not doc.get("pm_unit"):
		return
	frappe.db.set_value(
		"Unit Charge",
		{"sales_invoice": doc.name},
		{"status": "Pending", "sales_invoice": None},
		update_modified=False,
	)
