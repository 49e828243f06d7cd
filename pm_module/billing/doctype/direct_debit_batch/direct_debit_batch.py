# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The bank's direct-debit results (银行托收) become ERPNext Payment Entries.

The cashier uploads the bank's file into the lines (invoice, amount debited, bank reference) and
posts them: one submitted Payment Entry per debited line against its invoice, into the bank
ledger of the batch. Posting again posts only what is missing: a line whose bank reference
already has a payment is reported as already paid, never paid twice.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from pm_module.billing.doctype.billing_run.billing_run import error_message


class DirectDebitBatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.billing.doctype.direct_debit_line.direct_debit_line import DirectDebitLine

		bank_account: DF.Link
		company: DF.Link
		failed_count: DF.Int
		lines: DF.Table[DirectDebitLine]
		paid_count: DF.Int
		posting_date: DF.Date
		status: DF.Literal["Draft", "Posted", "Posted with Errors"]
		total_debited: DF.Currency
	# end: auto-generated types

	def validate(self):
		account = frappe.db.get_value(
			"Account", self.bank_account, ["company", "account_type", "is_group"], as_dict=True
		)
		if (
			account.company != self.company
			or account.is_group
			or account.account_type not in ("Bank", "Cash")
		):
			frappe.throw(_("{0} is not a bank or cash ledger of {1}").format(self.bank_account, self.company))
		seen = set()
		for line in self.lines:
			if line.bank_reference and line.bank_reference in seen:
				frappe.throw(
					_("Row {0}: bank reference {1} appears twice").format(line.idx, line.bank_reference)
				)
			seen.add(line.bank_reference)
		self.total_debited = flt(sum(flt(line.amount) for line in self.lines), 2)

	@frappe.whitelist()
	def post_payments(self) -> None:
		self.check_permission("write")
		if not frappe.has_permission("Payment Entry", "submit"):
			frappe.throw(
				_("Posting payments needs the right to submit Payment Entries"), frappe.PermissionError
			)
		for line in self.lines:
			if line.result in ("Paid", "Already Paid", "Not Debited"):
				continue
			frappe.db.savepoint("direct_debit_line")
			try:
				self.post_line(line)
			except Exception as e:
				frappe.db.rollback(save_point="direct_debit_line")
				frappe.clear_messages()
				line.result, line.message = "Failed", error_message(e)
		self.paid_count = sum(1 for line in self.lines if line.result == "Paid")
		self.failed_count = sum(1 for line in self.lines if line.result == "Failed")
		self.status = "Posted with Errors" if self.failed_count else "Posted"
		self.save()

	def post_line(self, line) -> None:
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		if flt(line.amount) <= 0:
			line.result, line.message = "Not Debited", _("The bank did not debit the account")
			return
		reference = line.bank_reference or f"{self.name}-{line.idx}"
		existing = frappe.db.get_value("Payment Entry", {"reference_no": reference, "docstatus": 1})
		if existing:
			line.result, line.payment_entry = "Already Paid", existing
			return
		invoice = frappe.db.get_value(
			"Sales Invoice", line.sales_invoice, ["company", "docstatus", "outstanding_amount"], as_dict=True
		)
		if invoice.company != self.company or invoice.docstatus != 1:
			frappe.throw(
				_("Invoice {0} is not a submitted invoice of {1}").format(line.sales_invoice, self.company)
			)
		if flt(line.amount) > flt(invoice.outstanding_amount):
			frappe.throw(
				_("{0} debited, but invoice {1} has only {2} outstanding").format(
					line.amount, line.sales_invoice, invoice.outstanding_amount
				)
			)
		payment = get_payment_entry(
			"Sales Invoice", line.sales_invoice, party_amount=flt(line.amount), bank_account=self.bank_account
		)
		payment.update(
			{
				"posting_date": self.posting_date,
				"paid_to": self.bank_account,
				"reference_no": reference,
				"reference_date": self.posting_date,
				"remarks": _("Direct debit {0}").format(self.name),
			}
		)
		payment.references[0].allocated_amount = flt(line.amount)
		payment.insert()
		payment.submit()
		line.result, line.payment_entry, line.message = "Paid", payment.name, None
