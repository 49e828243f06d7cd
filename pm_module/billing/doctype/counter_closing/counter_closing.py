# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Counter Closing 收费日报 / 交班: the cashier closes the day and hands the money to finance.

The draft lists the cashier's counter receipts of the estate on the closing date (Get Receipts, and
again on every save): each receipt with its amount, late fee and advance, the cancelled ones marked
with nothing collected; the totals expected per mode of payment, and by fee item (each payment's
amount allocated to an invoice spread over the invoice's items pro rata, plus a Late Fee line and an
Advance line). Refunds the cashier paid out that day (Fee Refunds) are listed too, as negative
rows counted against their modes of payment, so the cash expected is what the drawer should hold.
The cashier counts the cash; a difference from the cash expected needs a reason.
Submitting hands the day to finance (Handed Over); the accountant checks it (稽核: Checked), after
which neither the closing nor its receipts are cancelled, except a receipt reversed by finance
(pm_module.billing.closing.guard_receipt_cancel).

A cashier sees only their own closings (matrix scope "own"): the closing's owner is its cashier,
also when finance makes it for them.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, formatdate, get_fullname, getdate, now_datetime, today

from pm_module.billing.closing import cash_mode, counter_receipts, counter_refunds, fee_item_totals
from pm_module.billing.counter import counter_modes
from pm_module.permissions import check_action, has_action

FINANCE_ACTION = "Check Counter Closing"


class CounterClosing(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.billing.doctype.counter_closing_fee_item.counter_closing_fee_item import (
			CounterClosingFeeItem,
		)
		from pm_module.billing.doctype.counter_closing_mode.counter_closing_mode import CounterClosingMode
		from pm_module.billing.doctype.counter_closing_receipt.counter_closing_receipt import (
			CounterClosingReceipt,
		)

		amended_from: DF.Link | None
		cancelled_count: DF.Int
		cash_counted: DF.Currency
		cash_difference: DF.Currency
		cash_expected: DF.Currency
		cash_mode: DF.Link | None
		cashier: DF.Link
		cashier_name: DF.Data | None
		checked_by: DF.Link | None
		checked_on: DF.Datetime | None
		closing_date: DF.Date
		company: DF.Link | None
		difference_reason: DF.SmallText | None
		estate: DF.Link
		fee_items: DF.Table[CounterClosingFeeItem]
		modes: DF.Table[CounterClosingMode]
		receipt_count: DF.Int
		receipts: DF.Table[CounterClosingReceipt]
		status: DF.Literal["Draft", "Handed Over", "Checked", "Cancelled"]
		total_advance: DF.Currency
		total_refunded: DF.Currency
		total_amount: DF.Currency
		total_late_fee: DF.Currency
	# end: auto-generated types

	def before_insert(self):
		# the matrix scope "own" shows a cashier the records they own: the closings of their days
		self.owner = self.cashier

	def validate(self):
		self.status = "Draft"
		self.company = frappe.db.get_value("Estate", self.estate, "company")
		self.cashier_name = get_fullname(self.cashier)
		self.validate_cashier()
		self.validate_date()
		self.validate_not_closed()
		self.fill_receipts()

	def before_submit(self):
		self.refuse_draft_receipts()
		if flt(self.cash_difference, 2) and not (self.difference_reason or "").strip():
			frappe.throw(
				_(
					"The cash counted ({0}) differs from the cash expected ({1}) by {2}: give the reason for the difference"
				).format(
					self.get_formatted("cash_counted"),
					self.get_formatted("cash_expected"),
					self.get_formatted("cash_difference"),
				),
				title=_("Reason Required"),
			)
		self.status = "Handed Over"

	def before_cancel(self):
		if self.status == "Checked":
			frappe.throw(
				_("Counter closing {0} was checked by finance and can no longer be cancelled").format(
					self.name
				),
				title=_("Closing Checked"),
			)

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	# Checks ------------------------------------------------------------------------------------

	def validate_cashier(self):
		"""Only the cashier closes their own day, or finance for them."""
		if self.cashier != frappe.session.user and not has_action(FINANCE_ACTION):
			frappe.throw(
				_("You may close only your own day: {0} is closed by that cashier or by finance").format(
					frappe.bold(self.cashier_name or self.cashier)
				),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)

	def validate_date(self):
		if getdate(self.closing_date) > getdate(today()):
			frappe.throw(
				_("A day in the future ({0}) cannot be closed").format(formatdate(self.closing_date)),
				title=_("Invalid Date"),
			)

	def validate_not_closed(self):
		other = frappe.db.get_value(
			"Counter Closing",
			{
				"cashier": self.cashier,
				"estate": self.estate,
				"closing_date": self.closing_date,
				"docstatus": ("<", 2),
				"name": ("!=", self.name or ""),
			},
		)
		if other:
			frappe.throw(
				_("{0}'s day {1} at {2} already has counter closing {3}").format(
					self.cashier_name or self.cashier,
					formatdate(self.closing_date),
					self.estate,
					frappe.bold(other),
				),
				title=_("Already Closed"),
			)

	def refuse_draft_receipts(self):
		"""A day is closed only when none of the cashier's payments of it is left in draft."""
		pe = frappe.qb.DocType("Payment Entry")
		drafts = (
			frappe.qb.from_(pe)
			.select(pe.name)
			.where(pe.docstatus == 0)
			.where(pe.owner == self.cashier)
			.where(pe.payment_type == "Receive")
			.where(pe.posting_date == self.closing_date)
			.where(
				(pe.pm_estate == self.estate)
				| ((pe.pm_estate.isnull() | (pe.pm_estate == "")) & (pe.company == self.company))
			)
			.run(pluck=True)
		)
		if drafts:
			frappe.throw(
				_(
					"{0} still has the draft Payment Entry {1} of {2}: submit or delete it before closing the day"
				).format(
					self.cashier_name or self.cashier,
					", ".join(frappe.bold(d) for d in drafts),
					formatdate(self.closing_date),
				),
				title=_("Draft Receipt"),
			)

	# The day's receipts --------------------------------------------------------------------------

	@frappe.whitelist()
	def get_receipts(self):
		"""Button Get Receipts: (re)fill the draft from the day's receipts."""
		self.check_permission("write")
		if self.docstatus != 0:
			frappe.throw(_("Only a draft closing is filled again"))
		self.fill_receipts()

	def fill_receipts(self):
		if not (self.estate and self.cashier and self.closing_date):
			return
		receipts = counter_receipts(
			self.estate, self.cashier, self.closing_date, self.closing_date, cancelled=True
		)
		self.set("receipts", [])
		by_mode: dict[str, list] = {}
		refunded: list[float] = []
		for r in receipts:
			issued = r.docstatus == 1
			self.append(
				"receipts",
				{
					"receipt_no": r.receipt_no,
					"payment_entry": r.name,
					"unit": r.unit,
					"payer": r.party,
					"payer_name": r.party_name,
					"modes": ", ".join(f"{m['mode_of_payment']} {flt(m['amount'], 2):.2f}" for m in r.modes),
					"amount": r.amount if issued else 0,
					"late_fee": r.late_fee if issued else 0,
					"advance": r.advance if issued else 0,
					"status": "Issued" if issued else "Cancelled",
				},
			)
			if issued:
				for m in r.modes:
					by_mode.setdefault(m["mode_of_payment"], []).append(flt(m["amount"]))
		for r in counter_refunds(
			self.estate, self.cashier, self.closing_date, self.closing_date, cancelled=True
		):
			paid = r.docstatus == 1
			self.append(
				"receipts",
				{
					"receipt_no": r.refund,
					"payment_entry": r.name,
					"unit": r.unit,
					"payer": r.party,
					"payer_name": r.party_name,
					"modes": f"{r.mode_of_payment} {r.amount:.2f}",
					"amount": r.amount if paid else 0,
					"status": "Refund" if paid else "Cancelled",
				},
			)
			if paid:
				by_mode.setdefault(r.mode_of_payment, []).append(r.amount)
				refunded.append(r.amount)
		issued = [r for r in receipts if r.docstatus == 1]
		self.receipt_count = len(issued)
		self.total_refunded = flt(-sum(refunded), 2)
		self.cancelled_count = len(receipts) - len(issued)
		self.total_amount = flt(sum(r.amount for r in issued), 2)
		self.total_late_fee = flt(sum(r.late_fee for r in issued), 2)
		self.total_advance = flt(sum(r.advance for r in issued), 2)

		order = {mode: i for i, mode in enumerate(counter_modes())}
		self.cash_mode = cash_mode()
		if self.cash_mode:
			by_mode.setdefault(self.cash_mode, [])
		self.set(
			"modes",
			[
				{
					"mode_of_payment": mode,
					"receipts": len([a for a in amounts if a > 0]),
					"amount": flt(sum(amounts), 2),
				}
				for mode, amounts in sorted(
					by_mode.items(), key=lambda m: (order.get(m[0], len(order)), m[0])
				)
			],
		)
		self.set("fee_items", fee_item_totals(issued))
		self.cash_expected = flt(sum(by_mode.get(self.cash_mode) or []), 2) if self.cash_mode else 0
		self.cash_difference = flt(flt(self.cash_counted) - self.cash_expected, 2)

	# 稽核 ---------------------------------------------------------------------------------------

	@frappe.whitelist()
	def check_closing(self):
		"""Finance checks the handed-over day (稽核): the closing and its receipts are locked."""
		check_action(FINANCE_ACTION)
		self.check_permission("read")
		if self.docstatus != 1 or self.status != "Handed Over":
			frappe.throw(
				_("Only a closing handed over to finance is checked; {0} is {1}").format(
					self.name, _(self.status, context="Counter Closing")
				),
				title=_("Not Handed Over"),
			)
		if self.cashier == frappe.session.user:
			frappe.throw(
				_("A cashier's day is checked by someone else, not by the cashier"), title=_("Not Permitted")
			)
		self.status = "Checked"
		self.checked_by = frappe.session.user
		self.checked_on = now_datetime()
		self.save(ignore_permissions=True)
