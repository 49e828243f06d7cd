"""ERPNext's Payment Entry, with one shortcut for the fee counter's payments.

ERPNext loads each referenced invoice whole to fill the reference row's details (due date, total,
outstanding, exchange rate, account: once when the entry is validated, again after it is posted,
each detail written with its own UPDATE), again to check the invoice belongs to the party and is
submitted, and again to warn when it was paid already. A receipt for a year of fees pays twelve
invoices: four dozen full invoice loads and a hundred-odd UPDATEs of the second the cashier waits.

A counter payment (flags.pm_counter, set by pm_module.billing.counter.take_payment) reads the same
columns of all its invoices in one query instead: the details are those ERPNext's
get_reference_details returns for an invoice in the company's currency, each row written once; the
party, account and docstatus checks are ERPNext's own with the same messages; the warning about a
paid invoice is left out because the counter refuses a paid invoice before it builds the entry
(counter.refuse_unpayable, under the invoices' row locks). Any other Payment Entry, and any counter
payment this does not fit (a reference that is not a Sales Invoice, another currency), takes
ERPNext's own path unchanged.

The class extends whichever Payment Entry class another installed app overrides it with (as HRMS
does), so both apps' behaviour is kept when pm_module's hook comes last.
"""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import PaymentEntry
from frappe import _
from frappe.utils import flt

DETAIL_FIELDS = [
	"name",
	"docstatus",
	"customer",
	"currency",
	"conversion_rate",
	"due_date",
	"base_rounded_total",
	"rounded_total",
	"base_grand_total",
	"grand_total",
	"outstanding_amount",
	"debit_to",
]


def _base_class() -> type:
	"""The Payment Entry class other apps' override_doctype_class hooks name, else ERPNext's."""
	for path in reversed(frappe.get_hooks("override_doctype_class").get("Payment Entry") or []):
		if not path.startswith("pm_module."):
			return frappe.get_attr(path)
	return PaymentEntry


class CounterPaymentEntry(_base_class()):
	def set_missing_ref_details(
		self,
		force: bool = False,
		update_ref_details_only_for: list | None = None,
		reference_exchange_details: dict | None = None,
	) -> None:
		invoices = None
		if not (update_ref_details_only_for or reference_exchange_details):
			invoices = self.counter_invoices()
		if invoices is None:
			return super().set_missing_ref_details(
				force=force,
				update_ref_details_only_for=update_ref_details_only_for,
				reference_exchange_details=reference_exchange_details,
			)
		for d in self.get("references"):
			if not d.allocated_amount or d.exchange_gain_loss:
				continue
			values = {
				field: value
				for field, value in reference_details(invoices[d.reference_name]).items()
				if field == "exchange_rate" or not d.get(field) or force
			}
			if values:
				d.db_set(values)

	def validate_reference_documents(self):
		invoices = self.counter_invoices()
		if invoices is None:
			return super().validate_reference_documents()
		from erpnext.accounts.doctype.invoice_discounting.invoice_discounting import (
			get_party_account_based_on_invoice_discounting,
		)

		for d in self.get("references"):
			if not d.allocated_amount:
				continue
			inv = invoices[d.reference_name]
			if inv.customer != self.party:
				frappe.throw(
					_("{0} {1} is not associated with {2} {3}").format(
						_(d.reference_doctype), d.reference_name, _(self.party_type), self.party
					)
				)
			account = get_party_account_based_on_invoice_discounting(d.reference_name) or inv.debit_to
			if account != self.party_account and not self.book_advance_payments_in_separate_party_account:
				frappe.throw(
					_("{0} {1} is associated with {2}, but Party Account is {3}").format(
						_(d.reference_doctype), d.reference_name, account, self.party_account
					)
				)
			if inv.docstatus != 1:
				frappe.throw(_("{0} {1} must be submitted").format(_(d.reference_doctype), d.reference_name))

	def validate_paid_invoices(self):
		if self.counter_invoices() is None:
			return super().validate_paid_invoices()

	def counter_invoices(self) -> dict[str, frappe._dict] | None:
		"""Reference name -> its invoice's columns, read now, for a counter payment whose references
		are all Sales Invoices of the company's currency; None for any other entry."""
		if not self.flags.pm_counter:
			return None
		refs = [d for d in self.get("references") if d.allocated_amount]
		if any(d.reference_doctype != "Sales Invoice" for d in refs):
			return None
		company_currency = frappe.get_cached_value("Company", self.company, "default_currency")
		if self.party_account_currency != company_currency:
			return None
		rows = {
			r.name: r
			for r in frappe.get_all(
				"Sales Invoice",
				filters={"name": ("in", [d.reference_name for d in refs] or [""])},
				fields=DETAIL_FIELDS,
			)
		}
		if len(rows) < len({d.reference_name for d in refs}) or any(
			r.currency != company_currency for r in rows.values()
		):
			return None  # ERPNext's own path says which one does not exist or how to pay it
		return rows


def reference_details(inv: dict) -> dict:
	"""What ERPNext's get_reference_details returns for a Sales Invoice paid in the company's currency."""
	return {
		"due_date": inv.due_date,
		"total_amount": flt(
			inv.base_rounded_total or inv.rounded_total or inv.base_grand_total or inv.grand_total
		),
		"outstanding_amount": flt(inv.outstanding_amount),
		"exchange_rate": 1.0,
		"bill_no": None,
		"account_type": None,
		"payment_type": None,
		"account": inv.debit_to,
	}
