# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Fee Refund 退费: money goes back to a payer only after approval, through ERPNext's own documents.

Three kinds:
- Deposit (押金): a deposit line (the settings' utility deposit item, or the renovation deposit item)
  of a paid invoice of the unit. On submit, a Credit Note against that invoice (ERPNext's
  make_sales_return, only the deposit row, -1 × the amount) reverses what the deposit line booked,
  and a Payment Entry of type Pay against the Credit Note pays the money out (cash or bank: the mode
  of payment's account). refundable_deposits() says what is left of each deposit.
- Overpayment (预存退款): the payer's advance (what pm_module.billing.counter.prepaid_balance reads from
  ERPNext's Payment Ledger). On submit, a Payment Entry of type Pay to the Customer pays it out, and is
  reconciled with the payer's Receive Payment Entries that still hold unallocated money, oldest
  first, up to the amount: ERPNext's own reconciliation of a "reverse payment"
  (erpnext.accounts.utils.reconcile_against_document, as its Payment Reconciliation tool does), which
  adds a reference to the refund on each of those Receive entries. A Pay entry cannot name a Receive
  entry in its own references (ERPNext v15 validates the reference's party through a "customer"
  field a Payment Entry does not have), so the link is made from the Receive side. Those entries'
  unallocated amount then drops by what was refunded, so the advance ERPNext allocates to later
  invoices (allocate_advances_automatically) no longer includes it.
- Credit Note (贷项退款): the credit a submitted Credit Note of the unit holds for the payer (its own
  negative outstanding: a move-out's credit for days billed in advance and not used, unused parking
  rent). On submit, a Payment Entry of type Pay against the Credit Note pays it out, in full or in
  part; the Credit Note's outstanding follows.

Approval: the request is Pending until someone holding the action "Approve Refund" (not the requester)
approves or refuses it with a note (approve() / reject()); only an approved refund is submitted.
Editing a decided request sends it back to Pending. Cancelling the refund cancels its Payment Entry
(after undoing the reconciliation) and then its Credit Note.

make_deposit_refund() is what the move-out settlement calls to ask for a deposit's refund.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Min, Sum
from frappe.utils import flt, now_datetime, today

from pm_module.estate.utils import get_settings
from pm_module.permissions import check_action, has_action

OVERPAYMENT, DEPOSIT, CREDIT = "Overpayment", "Deposit", "Credit Note"
PENDING, APPROVED, REJECTED = "Pending", "Approved", "Rejected"
# a decided request whose one of these changes must be approved again
REQUEST_FIELDS = (
	"refund_type",
	"unit",
	"customer",
	"sales_invoice",
	"deposit_item",
	"credit_note",
	"amount",
	"mode_of_payment",
)
# renovation deposits settled by the completion inspection's Journal Entry (no credit note)
RENOVATION_SETTLED = ("Refunded", "Partly Deducted", "Deducted")


class FeeRefund(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		amount: DF.Currency
		amount_in_words: DF.Data | None
		approval_note: DF.SmallText | None
		approval_status: DF.Literal["Pending", "Approved", "Rejected"]
		approved_on: DF.Datetime | None
		approver: DF.Link | None
		company: DF.Link | None
		credit_note: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		deposit_item: DF.Link | None
		estate: DF.Link | None
		mode_of_payment: DF.Link | None
		move_out: DF.Link | None
		naming_series: DF.Literal["FR-.YYYY.-.#####"]
		payment_entry: DF.Link | None
		reason: DF.SmallText
		refund_type: DF.Literal["Overpayment", "Deposit", "Credit Note"]
		refundable_amount: DF.Currency
		requested_by: DF.Link | None
		sales_invoice: DF.Link | None
		unit: DF.Link
	# end: auto-generated types

	def onload(self):
		self.set_onload(
			"can_decide",
			self.docstatus == 0
			and self.approval_status == PENDING
			and has_action("Approve Refund")
			and frappe.session.user not in (self.owner, self.requested_by),
		)

	def before_insert(self):
		self.update(
			{
				"approval_status": PENDING,
				"requested_by": frappe.session.user,
				"approver": None,
				"approved_on": None,
				"approval_note": None,
				"payment_entry": None,
			}
		)
		if self.refund_type != CREDIT:
			self.credit_note = None  # a deposit refund makes its own

	def validate(self):
		self.guard_approval()
		self.set_details()
		if self.docstatus == 1:
			# submitting: hold the payer (or the deposit's invoice) so that two refunds of the same
			# money at the same moment are checked one after the other
			self.lock_source()
		self.check_amount()

	def guard_approval(self):
		if self.is_new() or self.flags.deciding:
			return
		if self.has_value_changed("approval_status"):
			frappe.throw(
				_("A refund is approved or refused with its buttons, not by editing it"),
				title=_("Not Permitted"),
			)
		if self.approval_status != PENDING and any(self.has_value_changed(f) for f in REQUEST_FIELDS):
			self.update(
				{"approval_status": PENDING, "approver": None, "approved_on": None, "approval_note": None}
			)
			frappe.msgprint(_("The refund was changed: it must be approved again"), alert=True)

	# What is refunded ------------------------------------------------------------------------------

	def set_details(self):
		from pm_module.billing.counter import counter_modes, estate_books, mode_account

		if not self.unit or not frappe.db.exists("Unit", self.unit):
			frappe.throw(_("Unit {0} does not exist").format(self.unit or ""))
		if not self.customer or not frappe.db.exists("Customer", self.customer):
			frappe.throw(_("Choose the customer the money goes back to"), title=_("No Payer"))
		self.estate, self.company, _cost_center = estate_books(self.unit)
		self.customer_name = frappe.db.get_value("Customer", self.customer, "customer_name")
		if not self.mode_of_payment:
			modes = counter_modes()
			self.mode_of_payment = modes[0] if modes else None
		if not self.mode_of_payment:
			frappe.throw(_("Choose how the money goes back (the mode of payment)"))
		mode_account(self.mode_of_payment, self.company)  # says so when the mode has no account

		if self.refund_type == DEPOSIT:
			self.set_deposit()
		elif self.refund_type == OVERPAYMENT:
			self.set_overpayment()
		elif self.refund_type == CREDIT:
			self.set_credit()
		else:
			frappe.throw(_("Choose the refund type"))
		self.amount = flt(self.amount, 2)
		self.amount_in_words = rmb_capitals(self.amount) if self.amount > 0 else None

	def set_deposit(self):
		if not self.sales_invoice:
			frappe.throw(_("Choose the invoice that charged the deposit"), title=_("No Invoice"))
		inv = frappe.db.get_value(
			"Sales Invoice",
			self.sales_invoice,
			["docstatus", "customer", "pm_unit", "outstanding_amount", "is_return", "company"],
			as_dict=True,
		)
		if not inv:
			frappe.throw(_("Invoice {0} does not exist").format(self.sales_invoice))
		if inv.docstatus != 1 or inv.is_return:
			frappe.throw(
				_("Invoice {0} is not a submitted invoice: no deposit of it can be refunded").format(
					self.sales_invoice
				)
			)
		if inv.pm_unit != self.unit:
			frappe.throw(
				_("Invoice {0} is not an invoice of unit {1}").format(self.sales_invoice, self.unit),
				title=_("Wrong Invoice"),
			)
		if inv.customer != self.customer:
			frappe.throw(
				_(
					"{0} is not the customer of invoice {1} ({2}): a deposit goes back to whoever paid it"
				).format(frappe.bold(self.customer), self.sales_invoice, inv.customer),
				title=_("Wrong Customer"),
			)
		if flt(inv.outstanding_amount) > 0:
			frappe.throw(
				_(
					"Invoice {0} is not paid ({1} outstanding): the deposit was never received, so it cannot be refunded"
				).format(self.sales_invoice, flt(inv.outstanding_amount, 2)),
				title=_("Deposit Not Received"),
			)
		items = deposit_items()
		self.deposit_item = self.deposit_item or get_settings().utility_deposit_item
		if not self.deposit_item:
			frappe.throw(
				_("Set the Utility Deposit Item in Property Management Settings, or choose the deposit item"),
				title=_("Missing Setting"),
			)
		if self.deposit_item not in items:
			frappe.throw(
				_("{0} is not a deposit item (the settings' utility or renovation deposit item)").format(
					frappe.bold(self.deposit_item)
				)
			)
		left = next(
			(
				d["amount"]
				for d in refundable_deposits(self.unit, self.customer)
				if d["sales_invoice"] == self.sales_invoice and d["item"] == self.deposit_item
			),
			0,
		)
		if not left and not frappe.db.exists(
			"Sales Invoice Item",
			{"parent": self.sales_invoice, "parenttype": "Sales Invoice", "item_code": self.deposit_item},
		):
			frappe.throw(
				_("Invoice {0} charged no {1}").format(self.sales_invoice, frappe.bold(self.deposit_item)),
				title=_("No Deposit"),
			)
		self.refundable_amount = flt(left - self.requested_elsewhere(), 2)

	def set_overpayment(self):
		from pm_module.billing.counter import check_payer, prepaid_balance

		self.sales_invoice = self.deposit_item = None
		check_payer(self.unit, self.customer)
		balance = prepaid_balance(self.customer, self.company)
		self.refundable_amount = flt(balance - self.requested_elsewhere(), 2)

	def set_credit(self):
		self.sales_invoice = self.deposit_item = None
		if not self.credit_note:
			frappe.throw(_("Choose the credit note whose credit goes back"), title=_("No Credit Note"))
		cn = frappe.db.get_value(
			"Sales Invoice",
			self.credit_note,
			["docstatus", "is_return", "customer", "pm_unit", "outstanding_amount"],
			as_dict=True,
		)
		if not cn or cn.docstatus != 1 or not cn.is_return:
			frappe.throw(
				_("{0} is not a submitted credit note").format(frappe.bold(self.credit_note)),
				title=_("Wrong Credit Note"),
			)
		if cn.pm_unit != self.unit:
			frappe.throw(
				_("Credit note {0} is not one of unit {1}").format(self.credit_note, self.unit),
				title=_("Wrong Credit Note"),
			)
		if cn.customer != self.customer:
			frappe.throw(
				_("Credit note {0} is {1}'s: its credit goes back to them only").format(
					self.credit_note, cn.customer
				),
				title=_("Wrong Customer"),
			)
		# a credit note that reduced what its invoice owed holds no credit of its own
		self.refundable_amount = flt(-flt(cn.outstanding_amount) - self.requested_elsewhere(), 2)

	def requested_elsewhere(self) -> float:
		"""What other drafts not refused ask of the same money (the payer's advance, or this deposit)."""
		filters = {
			"docstatus": 0,
			"name": ("!=", self.name or ""),
			"approval_status": ("!=", REJECTED),
			"refund_type": self.refund_type,
			"customer": self.customer,
		}
		if self.refund_type == DEPOSIT:
			filters.update({"sales_invoice": self.sales_invoice, "deposit_item": self.deposit_item})
		elif self.refund_type == CREDIT:
			filters["credit_note"] = self.credit_note
		else:
			filters["company"] = self.company
		return flt(sum(frappe.get_all("Fee Refund", filters=filters, pluck="amount")), 2)

	def lock_source(self):
		if self.refund_type in (DEPOSIT, CREDIT):
			invoice = self.sales_invoice if self.refund_type == DEPOSIT else self.credit_note
			frappe.db.get_value("Sales Invoice", invoice, "name", for_update=True)
		else:
			frappe.db.get_value("Customer", self.customer, "name", for_update=True)

	def check_amount(self):
		if self.amount <= 0:
			frappe.throw(_("The amount refunded must be more than zero"), title=_("Invalid Amount"))
		if self.amount > flt(self.refundable_amount, 2):
			if self.refund_type == DEPOSIT:
				message = _("The refund ({0}) is more than what is left of the deposit on invoice {1} ({2})")
				args = (self.amount, self.sales_invoice, max(flt(self.refundable_amount, 2), 0))
			elif self.refund_type == CREDIT:
				message = _("The refund ({0}) is more than the credit left on credit note {1} ({2})")
				args = (self.amount, self.credit_note, max(flt(self.refundable_amount, 2), 0))
			else:
				message = _("The refund ({0}) is more than the prepaid balance of {1} ({2})")
				args = (
					self.amount,
					self.customer_name or self.customer,
					max(flt(self.refundable_amount, 2), 0),
				)
			text = message.format(*args)
			if self.requested_elsewhere():
				text += " " + _("(other refund requests not yet paid are counted)")
			frappe.throw(text, title=_("Invalid Amount"))

	# Approval --------------------------------------------------------------------------------------

	@frappe.whitelist()
	def approve(self, note: str | None = None):
		self.decide(APPROVED, note)

	@frappe.whitelist()
	def reject(self, note: str | None = None):
		self.decide(REJECTED, note)

	def decide(self, status: str, note: str | None) -> None:
		check_action("Approve Refund")
		self.check_permission("read")
		if self.docstatus != 0 or self.approval_status != PENDING:
			frappe.throw(
				_("Refund {0} is {1}: only a pending request is decided").format(
					self.name, _(self.approval_status)
				)
			)
		if frappe.session.user in (self.owner, self.requested_by):
			frappe.throw(
				_("You asked for refund {0}: someone else must approve or refuse it").format(self.name),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
		if status == REJECTED and not (note or "").strip():
			frappe.throw(_("Say why the refund is refused"))
		self.update(
			{
				"approval_status": status,
				"approver": frappe.session.user,
				"approved_on": now_datetime(),
				"approval_note": note,
			}
		)
		self.flags.deciding = True
		self.save(ignore_permissions=True)

	# Posting ---------------------------------------------------------------------------------------

	def before_submit(self):
		from pm_module.billing.counter import refuse_after_closing

		refuse_after_closing(self.estate)  # the refund would be in no closing of the day
		if self.approval_status == REJECTED:
			frappe.throw(
				_("Refund {0} was refused and cannot be paid").format(self.name), title=_("Not Approved")
			)
		if self.approval_status != APPROVED:
			frappe.throw(
				_("Refund {0} is not approved yet: it is paid only after approval").format(self.name),
				title=_("Not Approved"),
			)

	def on_submit(self):
		if self.refund_type == DEPOSIT:
			credit_note = self.make_credit_note()
			self.db_set("credit_note", credit_note.name)
			pe = self.pay_credit_note()
		elif self.refund_type == CREDIT:
			pe = self.pay_credit_note()
		else:
			pe = self.make_overpayment_payment()
		self.db_set("payment_entry", pe.name)

	def make_credit_note(self) -> Document:
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		cn = make_sales_return(self.sales_invoice)
		row = next((d for d in cn.items if d.item_code == self.deposit_item), None)
		if not row:
			frappe.throw(
				_("Invoice {0} charged no {1}").format(self.sales_invoice, frappe.bold(self.deposit_item))
			)
		cn.set("items", [row])
		row.update(
			{
				"qty": -1,
				"rate": self.amount,
				"price_list_rate": self.amount,
				"discount_percentage": 0,
				"discount_amount": 0,
				"amount": -self.amount,
			}
		)
		cn.update(
			{
				"posting_date": today(),
				"set_posting_time": 1,
				"due_date": today(),
				"update_outstanding_for_self": 1,  # the refund's Payment Entry pays the credit note itself
				"remarks": _("Refund {0} of the {1} of unit {2}: {3}").format(
					self.name, row.item_name or self.deposit_item, self.unit, self.reason
				),
			}
		)
		cn.set("payment_schedule", [])
		# the payer's advance stays the payer's: none of it is allocated to the credit note
		cn.allocate_advances_automatically = 0
		cn.set("advances", [])
		cn.flags.ignore_permissions = True  # the refund was approved and is submitted by finance
		cn.run_method("calculate_taxes_and_totals")
		cn.insert()
		cn.submit()
		return cn

	def pay_credit_note(self) -> Document:
		"""A Payment Entry of type Pay against the credit note, for the amount refunded."""
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		from pm_module.billing.counter import mode_account

		pe = get_payment_entry("Sales Invoice", self.credit_note, ignore_permissions=True)
		pe.paid_amount = pe.received_amount = self.amount
		pe.references[0].allocated_amount = -self.amount  # a credit note's outstanding is negative
		self.fill_payment(pe, mode_account(self.mode_of_payment, self.company))
		pe.bank_account = None  # paid from the mode of payment's account
		pe.flags.ignore_permissions = True
		pe.insert()
		pe.submit()
		return pe

	def make_overpayment_payment(self) -> Document:
		from erpnext.accounts.party import get_party_account

		from pm_module.billing.counter import mode_account

		sources = advance_payments(self.customer, self.company, self.amount)
		currency = frappe.get_cached_value("Company", self.company, "default_currency")
		pe = frappe.new_doc("Payment Entry")
		pe.update(
			{
				"payment_type": "Pay",
				"company": self.company,
				"party_type": "Customer",
				"party": self.customer,
				"paid_from": mode_account(self.mode_of_payment, self.company),
				"paid_to": get_party_account("Customer", self.customer, self.company),
				"paid_from_account_currency": currency,
				"paid_to_account_currency": currency,
				"paid_amount": self.amount,
				"received_amount": self.amount,
				"source_exchange_rate": 1,
				"target_exchange_rate": 1,
			}
		)
		self.fill_payment(pe, pe.paid_from)
		pe.flags.ignore_permissions = True
		pe.insert()
		pe.submit()
		reconcile_refund(pe, sources)
		return pe

	def fill_payment(self, pe, account: str) -> None:
		from pm_module.billing.counter import estate_books

		cost_center = estate_books(self.unit)[2]
		pe.update(
			{
				"posting_date": today(),
				"mode_of_payment": self.mode_of_payment,
				"paid_from": account,
				"reference_no": self.name,
				"reference_date": today(),
				"cost_center": cost_center,
				"pm_estate": self.estate,
				"pm_unit": self.unit,
				"custom_remarks": 1,
				"remarks": _("Refund {0} ({1}) to {2} for unit {3}: {4}").format(
					self.name,
					_(self.refund_type),
					self.customer_name or self.customer,
					self.unit,
					self.reason,
				),
			}
		)

	def on_cancel(self):
		if self.payment_entry and frappe.db.get_value("Payment Entry", self.payment_entry, "docstatus") == 1:
			pe = frappe.get_doc("Payment Entry", self.payment_entry)
			if self.refund_type == OVERPAYMENT:
				from erpnext.accounts.utils import unlink_ref_doc_from_payment_entries

				# the payer's Receive entries hold their advance again
				unlink_ref_doc_from_payment_entries(pe)
			pe.flags.ignore_permissions = True
			pe.cancel()
		if (
			self.refund_type == DEPOSIT
			and self.credit_note
			and frappe.db.get_value("Sales Invoice", self.credit_note, "docstatus") == 1
		):
			cn = frappe.get_doc("Sales Invoice", self.credit_note)
			cn.flags.ignore_permissions = True
			cn.cancel()


# Deposits --------------------------------------------------------------------------------------


def deposit_items() -> list[str]:
	"""The items deposits are invoiced as: the settings' utility deposit and renovation deposit items."""
	from pm_module.front_desk.doctype.renovation_application.renovation_accounts import DEFAULT_ITEMS

	settings = get_settings()
	renovation = settings.renovation_deposit_item or DEFAULT_ITEMS["renovation_deposit_item"]
	return [item for item in (settings.utility_deposit_item, renovation) if item]


def refundable_deposits(unit: str, customer: str | None = None) -> list[dict]:
	"""The deposits of the unit still to be given back: each deposit line (utility or renovation
	deposit item) of the unit's submitted and paid Sales Invoices, less what credit notes against the
	invoice (every submitted deposit Fee Refund makes one) and the renovation completion inspection
	already gave back. [{sales_invoice, customer, item, amount}], oldest invoice first."""
	items = deposit_items()
	if not items:
		return []
	si, sii = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Sales Invoice Item")
	query = (
		frappe.qb.from_(si)
		.join(sii)
		.on((sii.parent == si.name) & (sii.parenttype == "Sales Invoice"))
		.select(si.name, si.customer, sii.item_code, Sum(sii.amount).as_("amount"))
		.where(
			(si.pm_unit == unit)
			& (si.docstatus == 1)
			& (si.is_return == 0)
			& (si.outstanding_amount <= 0)
			& sii.item_code.isin(items)
		)
		.groupby(si.name, si.customer, sii.item_code)
		.orderby(si.posting_date)
		.orderby(si.name)
		.orderby(Min(sii.idx))
	)
	if customer:
		query = query.where(si.customer == customer)
	charged = query.run(as_dict=True)
	if not charged:
		return []
	invoices = list({row.name for row in charged})

	given: dict[tuple[str, str], float] = {}
	returned = (
		frappe.qb.from_(si)
		.join(sii)
		.on((sii.parent == si.name) & (sii.parenttype == "Sales Invoice"))
		.select(si.return_against, sii.item_code, Sum(sii.amount).as_("amount"))
		.where(
			(si.docstatus == 1)
			& (si.is_return == 1)
			& si.return_against.isin(invoices)
			& sii.item_code.isin(items)
		)
		.groupby(si.return_against, sii.item_code)
	).run(as_dict=True)
	for row in returned:
		key = (row.return_against, row.item_code)
		given[key] = given.get(key, 0) - flt(row.amount)  # a credit note's amounts are negative
	for row in frappe.get_all(
		"Fee Refund",
		filters={
			"docstatus": 1,
			"refund_type": DEPOSIT,
			"sales_invoice": ("in", invoices),
			"credit_note": ("is", "not set"),
		},
		fields=["sales_invoice", "deposit_item", "amount"],
	):
		key = (row.sales_invoice, row.deposit_item)
		given[key] = given.get(key, 0) + flt(row.amount)
	settled = set()
	if frappe.db.exists("DocType", "Renovation Application"):
		settled = set(
			frappe.get_all(
				"Renovation Application",
				filters={
					"sales_invoice": ("in", invoices),
					"deposit_status": ("in", RENOVATION_SETTLED),
					"docstatus": 1,
				},
				pluck="sales_invoice",
			)
		)
	renovation_item = items[-1]

	out = []
	for row in charged:
		if row.name in settled and row.item_code == renovation_item:
			continue  # released by the completion inspection's Journal Entry
		left = flt(flt(row.amount) - given.get((row.name, row.item_code), 0), 2)
		if left > 0:
			out.append(
				{"sales_invoice": row.name, "customer": row.customer, "item": row.item_code, "amount": left}
			)
	return out


def make_deposit_refund(
	unit: str, customer: str, sales_invoice: str, amount: float, reason: str, move_out: str | None = None
) -> Document:
	"""Ask for a deposit's refund (the move-out settlement calls this): a saved draft Fee Refund of type
	Deposit, Pending approval. The deposit item is the one the invoice charged (the utility deposit
	unless only the renovation deposit is left)."""
	left = [d for d in refundable_deposits(unit, customer) if d["sales_invoice"] == sales_invoice]
	utility = get_settings().utility_deposit_item
	item = next((d["item"] for d in left if d["item"] == utility), None) or (
		left[0]["item"] if left else utility
	)
	return request_refund(
		DEPOSIT,
		unit,
		customer,
		amount,
		reason,
		move_out,
		sales_invoice=sales_invoice,
		deposit_item=item,
	)


def make_credit_refund(
	unit: str, customer: str, credit_note: str, amount: float, reason: str, move_out: str | None = None
) -> Document:
	"""Ask for the credit a credit note holds to be paid back (the move-out settlement calls this): a
	saved draft Fee Refund of type Credit Note, Pending approval."""
	return request_refund(CREDIT, unit, customer, amount, reason, move_out, credit_note=credit_note)


def request_refund(
	refund_type: str, unit: str, customer: str, amount: float, reason: str, move_out: str | None, **source
) -> Document:
	"""A saved draft Fee Refund, Pending approval."""
	doc = frappe.get_doc(
		{
			"doctype": "Fee Refund",
			"refund_type": refund_type,
			"unit": unit,
			"customer": customer,
			"amount": amount,
			"reason": reason,
			"move_out": move_out,
			**source,
		}
	)
	# asking for the refund is a step of the move-out the desk may submit (finance approves and pays)
	doc.insert(ignore_permissions=bool(move_out))
	return doc


# Overpayments ----------------------------------------------------------------------------------


def advance_payments(customer: str, company: str, amount: float) -> list[frappe._dict]:
	"""The payer's submitted Receive Payment Entries still holding unallocated money, oldest first,
	as many as `amount` needs (locked until the refund commits)."""
	rows = frappe.db.sql(
		"""select name, unallocated_amount, paid_from, cost_center
		from `tabPayment Entry`
		where docstatus = 1 and payment_type = 'Receive' and party_type = 'Customer' and party = %s
			and company = %s and unallocated_amount > 0
		order by posting_date, creation
		for update""",
		(customer, company),
		as_dict=True,
	)
	chosen, remaining = [], flt(amount, 2)
	for row in rows:
		if remaining <= 0:
			break
		row.allocated = min(flt(row.unallocated_amount, 2), remaining)
		remaining = flt(remaining - row.allocated, 2)
		chosen.append(row)
	if remaining > 0:
		frappe.throw(
			_("The payer's payments hold only {0} of unallocated money, less than the refund of {1}").format(
				flt(amount - remaining, 2), flt(amount, 2)
			),
			title=_("Invalid Amount"),
		)
	return chosen


def reconcile_refund(pe, sources: list[frappe._dict]) -> None:
	"""Reconcile the refund's Pay entry with the Receive entries it pays back, as ERPNext's Payment
	Reconciliation does for a reverse payment: each Receive entry gets a reference to the refund."""
	from erpnext.accounts.utils import reconcile_against_document

	entries = [
		frappe._dict(
			{
				"voucher_type": "Payment Entry",
				"voucher_no": row.name,
				"voucher_detail_no": None,
				"against_voucher_type": "Payment Entry",
				"against_voucher": pe.name,
				"account": row.paid_from,
				"exchange_rate": 1,
				"party_type": "Customer",
				"party": pe.party,
				"is_advance": "Yes",
				"dr_or_cr": "credit_in_account_currency",
				"unreconciled_amount": flt(row.unallocated_amount),
				"unadjusted_amount": flt(row.unallocated_amount),
				"allocated_amount": row.allocated,
				"difference_amount": 0,
				"difference_account": None,
				"difference_posting_date": None,
				"cost_center": row.cost_center,
			}
		)
		for row in sources
	]
	reconcile_against_document(entries)


def rmb_capitals(amount: float) -> str:
	"""The amount in RMB capitals (人民币大写), with the receipts' own function when it is there."""
	try:
		from pm_module.billing.receipts import rmb_capitals as capitals
	except ImportError:
		capitals = None
	if capitals:
		return capitals(amount)
	import cn2an

	return cn2an.an2cn(f"{flt(amount, 2):.2f}", "rmb")
