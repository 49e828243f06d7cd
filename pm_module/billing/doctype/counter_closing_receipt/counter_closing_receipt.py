# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""A receipt of a Counter Closing: the day's cancelled receipts are listed too, on purpose."""

from frappe.model.document import Document


class CounterClosingReceipt(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		advance: DF.Currency
		amount: DF.Currency
		late_fee: DF.Currency
		modes: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		payer: DF.Link | None
		payer_name: DF.Data | None
		payment_entry: DF.Link | None
		receipt_no: DF.Data | None
		status: DF.Literal["Issued", "Cancelled", "Reversed", "Refund"]
		unit: DF.Link | None
	# end: auto-generated types

	def get_invalid_links(self, is_submittable=False):
		"""A cancelled receipt stays listed (作废) on the closing it is handed over with: its link to
		the cancelled Payment Entry is wanted, not an error. (Frappe checks the links before the
		closing's validate refills the rows and marks the ones cancelled meanwhile.)"""
		invalid, cancelled = super().get_invalid_links(is_submittable)
		return invalid, [link for link in cancelled if link[0] != "payment_entry"]
