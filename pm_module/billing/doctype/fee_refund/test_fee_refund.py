# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Refunds (退费) on ERPNext's books, only after approval: deposits and over-payments."""

import frappe
from frappe.utils import flt, today

from pm_module.billing.charges import ChargeLine, PayerCharges
from pm_module.billing.counter import mode_account, prepaid_balance, setup_counter, take_payment
from pm_module.billing.doctype.fee_refund.fee_refund import make_deposit_refund, refundable_deposits
from pm_module.billing.invoicing import build_invoice
from pm_module.billing.test_counter import CASH, WECHAT
from pm_module.tests.utils import (
	TEST_COMPANY,
	TEST_ESTATE,
	PMTestCase,
	bill_month,
	make_estate,
	make_fee,
	make_item,
	make_occupancy,
	make_resident,
	make_unit,
	make_user,
	pay_invoice,
	position_user,
	render_print_format,
)

DEPOSIT_ITEM = "PM Utility Deposit"


def gl(voucher: str) -> dict[str, float]:
	"""Account -> debit minus credit of a voucher's live GL entries."""
	out: dict[str, float] = {}
	for row in frappe.get_all(
		"GL Entry", {"voucher_no": voucher, "is_cancelled": 0}, ["account", "debit", "credit"]
	):
		out[row.account] = flt(out.get(row.account, 0) + row.debit - row.credit, 2)
	return {account: amount for account, amount in out.items() if amount}


def set_settings(**values) -> None:
	for field, value in values.items():
		frappe.db.set_single_value("Property Management Settings", field, value)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


class RefundTestCase(PMTestCase):
	"""A unit with an owner who paid a 500 utility deposit with 250 of fees at move-in."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# made before any test data: saving a user commits
		cls.accounts_user = make_user("pm-accounts-user-only@example.com", ["Accounts User"])

	def setUp(self):
		make_estate()
		setup_counter(TEST_COMPANY)
		set_settings(utility_deposit_item=make_item(DEPOSIT_ITEM, "Nos"), utility_deposit=500)
		self.unit = make_unit("0606", area=100, status="Occupied")
		self.resident = make_resident("退费业主")
		make_occupancy(self.unit, self.resident.name, "Owner", "2020-01-01")
		self.customer = self.resident.ensure_customer()
		make_fee("PM Property Fee", 2.5)
		self.cash = mode_account(CASH, TEST_COMPANY)
		self.requester = position_user("Cashier")
		self.approver = position_user("Office Director")
		self.accountant = position_user("Accountant")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def deposit_invoice(self, deposit: float = 500, paid: bool = True, extra: list | None = None) -> str:
		estate = frappe.db.get_value("Estate", TEST_ESTATE, ["company", "cost_center"], as_dict=True)
		si = build_invoice(
			PayerCharges(
				self.resident.name,
				[
					ChargeLine("PM Property Fee", 1, 250, "物业服务费"),
					ChargeLine(DEPOSIT_ITEM, 1, deposit, "水电押金"),
					*(extra or []),
				],
			),
			customer=self.customer,
			unit={"name": self.unit, "estate": TEST_ESTATE},
			company=estate.company,
			cost_center=estate.cost_center,
			from_date="2026-11-01",
			to_date="2026-11-30",
			posting_date="2026-11-01",
			due_date="2026-11-01",
		)
		si.insert()
		si.submit()
		if paid:
			pay_invoice(si.name)
		return si.name

	def request(self, user: str | None = None, **kwargs):
		frappe.set_user(user or self.requester)
		try:
			return frappe.get_doc(
				{
					"doctype": "Fee Refund",
					"refund_type": "Overpayment",
					"unit": self.unit,
					"customer": self.customer,
					"reason": "业主多缴",
					**kwargs,
				}
			).insert()
		finally:
			frappe.set_user("Administrator")

	def approve_and_submit(self, refund):
		frappe.set_user(self.approver)
		refund = frappe.get_doc("Fee Refund", refund.name)
		refund.approve("同意退款")
		frappe.set_user(self.accountant)
		refund = frappe.get_doc("Fee Refund", refund.name)
		refund.submit()
		frappe.set_user("Administrator")
		refund.reload()
		return refund

	def advance(self, amount: float) -> str:
		return take_payment(self.unit, self.customer, [{"mode_of_payment": CASH, "amount": amount}])[
			"payment_entry"
		]


class TestDepositRefund(RefundTestCase):
	def test_deposit_refund_on_the_books(self):
		invoice = self.deposit_invoice()
		debtors = frappe.db.get_value("Sales Invoice", invoice, "debit_to")
		deposit_account = next(
			d.income_account
			for d in frappe.get_doc("Sales Invoice", invoice).items
			if d.item_code == DEPOSIT_ITEM
		)
		self.assertEqual(
			refundable_deposits(self.unit),
			[{"sales_invoice": invoice, "customer": self.customer, "item": DEPOSIT_ITEM, "amount": 500}],
		)

		# the move-out asks for the deposit back (as the cashier)
		frappe.set_user(self.requester)
		refund = make_deposit_refund(self.unit, self.customer, invoice, 500, "迁出退还水电押金")
		frappe.set_user("Administrator")
		self.assertEqual(
			(
				refund.docstatus,
				refund.refund_type,
				refund.approval_status,
				refund.deposit_item,
				refund.move_out,
			),
			(0, "Deposit", "Pending", DEPOSIT_ITEM, None),
		)
		self.assertEqual(
			(refund.mode_of_payment, refund.estate, refund.company), (CASH, TEST_ESTATE, TEST_COMPANY)
		)
		self.assertEqual(refund.amount_in_words, "伍佰元整")
		refund = self.approve_and_submit(refund)
		self.assertEqual((refund.approval_status, refund.approver), ("Approved", self.approver))

		# the credit note gives back the deposit line only, and reverses what it booked
		cn = frappe.get_doc("Sales Invoice", refund.credit_note)
		self.assertEqual(
			(cn.docstatus, cn.is_return, cn.return_against, cn.customer), (1, 1, invoice, self.customer)
		)
		self.assertEqual([(d.item_code, d.qty, d.rate) for d in cn.items], [(DEPOSIT_ITEM, -1, 500)])
		self.assertEqual((cn.pm_unit, cn.grand_total), (self.unit, -500))
		self.assertEqual(gl(cn.name), {deposit_account: 500, debtors: -500})
		# the money goes out of the cash account and settles the credit note
		pe = frappe.get_doc("Payment Entry", refund.payment_entry)
		self.assertEqual(
			(pe.docstatus, pe.payment_type, pe.party, pe.mode_of_payment), (1, "Pay", self.customer, CASH)
		)
		self.assertEqual((pe.pm_estate, pe.pm_unit, pe.paid_amount), (TEST_ESTATE, self.unit, 500))
		self.assertEqual([(r.reference_name, r.allocated_amount) for r in pe.references], [(cn.name, -500)])
		self.assertFalse(pe.get("pm_receipt_no"))  # a refund is not a receipt
		self.assertIn(refund.name, pe.remarks)
		self.assertEqual(pe.reference_no, refund.name)
		self.assertEqual(gl(pe.name), {debtors: 500, self.cash: -500})
		self.assertEqual(frappe.db.get_value("Sales Invoice", cn.name, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)
		self.assertEqual(refundable_deposits(self.unit), [])
		# nothing is left to refund twice
		self.assertRaises(
			frappe.ValidationError, make_deposit_refund, self.unit, self.customer, invoice, 1, "再退一次"
		)

		# cancelling the refund cancels the payment, then the credit note: the deposit is held again
		frappe.set_user(self.accountant)
		frappe.get_doc("Fee Refund", refund.name).cancel()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Payment Entry", pe.name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Sales Invoice", cn.name, "docstatus"), 2)
		self.assertEqual(gl(pe.name), {})
		self.assertEqual(refundable_deposits(self.unit)[0]["amount"], 500)

	def test_part_refund_and_what_is_left(self):
		invoice = self.deposit_invoice()
		refund = self.request(
			refund_type="Deposit", sales_invoice=invoice, amount=200, mode_of_payment=WECHAT
		)
		self.assertEqual(refund.deposit_item, DEPOSIT_ITEM)  # the settings' utility deposit by default
		self.assertEqual(refund.refundable_amount, 500)
		# a second request cannot ask for more than the first leaves
		self.assertRaises(
			frappe.ValidationError, self.request, refund_type="Deposit", sales_invoice=invoice, amount=301
		)
		refund = self.approve_and_submit(refund)
		wechat = mode_account(WECHAT, TEST_COMPANY)
		debtors = frappe.db.get_value("Sales Invoice", invoice, "debit_to")
		self.assertEqual(gl(refund.payment_entry), {debtors: 200, wechat: -200})
		self.assertEqual(refundable_deposits(self.unit, self.customer)[0]["amount"], 300)
		self.assertEqual(refundable_deposits(self.unit, "someone else"), [])
		self.assertRaises(
			frappe.ValidationError, self.request, refund_type="Deposit", sales_invoice=invoice, amount=300.01
		)
		self.assertEqual(
			self.request(refund_type="Deposit", sales_invoice=invoice, amount=300).refundable_amount, 300
		)

	def test_deposit_paid_from_the_advance_and_refunded_leaves_the_advance_alone(self):
		self.advance(1000)
		invoice = self.deposit_invoice(paid=False)  # the advance pays it as it is billed
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)
		self.assertEqual(prepaid_balance(self.customer), 250)
		refund = self.approve_and_submit(
			self.request(refund_type="Deposit", sales_invoice=invoice, amount=500)
		)
		cn = frappe.get_doc("Sales Invoice", refund.credit_note)
		self.assertEqual((cn.allocate_advances_automatically, cn.advances, cn.outstanding_amount), (0, [], 0))
		self.assertEqual(prepaid_balance(self.customer), 250)
		self.assertEqual(refundable_deposits(self.unit), [])

	def test_deposit_refusals(self):
		invoice = self.deposit_invoice()
		deposit = {"refund_type": "Deposit", "sales_invoice": invoice}
		for amount in (0, -10):
			self.assertRaises(frappe.ValidationError, self.request, amount=amount, **deposit)
		self.assertRaises(
			frappe.ValidationError, self.request, amount=500.01, **deposit
		)  # more than the deposit
		# a customer who is not the invoice's
		before = frappe.db.count("Fee Refund")
		with self.assertRaises(frappe.ValidationError) as raised:
			self.request(amount=100, customer=make_resident("路人").ensure_customer(), **deposit)
		self.assertIn(invoice, str(raised.exception))
		# an item that is not a deposit
		self.assertRaises(
			frappe.ValidationError, self.request, amount=100, deposit_item="PM Property Fee", **deposit
		)
		# an invoice of another unit
		other = make_unit("0607", area=80)
		self.assertRaises(frappe.ValidationError, self.request, amount=100, unit=other, **deposit)
		# a deposit invoice not paid: the deposit was never received
		unpaid = self.deposit_invoice(paid=False)
		with self.assertRaises(frappe.ValidationError) as raised:
			self.request(refund_type="Deposit", sales_invoice=unpaid, amount=100)
		self.assertIn(unpaid, str(raised.exception))
		self.assertEqual([d["sales_invoice"] for d in refundable_deposits(self.unit)], [invoice])
		self.assertEqual(frappe.db.count("Fee Refund"), before)

	def test_renovation_deposit_is_a_deposit_too(self):
		from pm_module.front_desk.doctype.renovation_application.renovation_accounts import renovation_item

		item = renovation_item("renovation_deposit_item")
		invoice = self.deposit_invoice(extra=[ChargeLine(item, 1, 2000, "装修押金")])
		self.assertEqual(
			[(d["item"], d["amount"]) for d in refundable_deposits(self.unit)],
			[(DEPOSIT_ITEM, 500), (item, 2000)],
		)
		# the move-out's refund of that invoice is the utility deposit first
		self.assertEqual(
			make_deposit_refund(self.unit, self.customer, invoice, 500, "迁出").deposit_item, DEPOSIT_ITEM
		)
		refund = self.approve_and_submit(
			self.request(refund_type="Deposit", sales_invoice=invoice, amount=2000, deposit_item=item)
		)
		self.assertEqual(
			[(d.item_code, d.rate) for d in frappe.get_doc("Sales Invoice", refund.credit_note).items],
			[(item, 2000)],
		)
		self.assertEqual(
			[(d["item"], d["amount"]) for d in refundable_deposits(self.unit)], [(DEPOSIT_ITEM, 500)]
		)

	def test_print_format(self):
		invoice = self.deposit_invoice(deposit=700)
		refund = self.request(refund_type="Deposit", sales_invoice=invoice, amount=612.09)
		html = render_print_format("Fee Refund", refund)
		for text in ("退费单", "押金退还", "人民币陆佰壹拾贰元零玖分", "612.09", "退费业主", invoice):
			self.assertIn(text, html)


class TestOverpaymentRefund(RefundTestCase):
	def test_overpayment_refund_on_the_books_and_billing_after_it(self):
		first = self.advance(500)
		second = self.advance(300)
		self.assertEqual(prepaid_balance(self.customer), 800)
		refund = self.request(amount=600)
		self.assertEqual((refund.refundable_amount, refund.sales_invoice), (800, None))
		refund = self.approve_and_submit(refund)

		pe = frappe.get_doc("Payment Entry", refund.payment_entry)
		debtors = pe.paid_to
		self.assertEqual(
			(pe.docstatus, pe.payment_type, pe.party_type, pe.party), (1, "Pay", "Customer", self.customer)
		)
		self.assertEqual((pe.paid_from, pe.paid_amount, pe.pm_unit), (self.cash, 600, self.unit))
		self.assertEqual(gl(pe.name), {debtors: 600, self.cash: -600})
		# reconciled with the payer's advances, oldest first
		self.assertEqual(
			[
				(r.reference_doctype, r.reference_name, r.allocated_amount)
				for r in frappe.get_doc("Payment Entry", first).references
			],
			[("Payment Entry", pe.name, 500)],
		)
		self.assertEqual(frappe.db.get_value("Payment Entry", first, "unallocated_amount"), 0)
		self.assertEqual(frappe.db.get_value("Payment Entry", second, "unallocated_amount"), 200)
		# the receipts' own GL is untouched: the cash taken stays taken
		self.assertEqual(gl(first), {self.cash: 500, debtors: -500})
		self.assertEqual(prepaid_balance(self.customer), 200)

		# the next billing run applies only what is left of the advance
		december = frappe.get_doc("Sales Invoice", bill_month("2026-12-01", today(), self.unit))
		self.assertEqual(
			(december.grand_total, december.total_advance, december.outstanding_amount), (250, 200, 50)
		)
		self.assertEqual([a.reference_name for a in december.advances if a.allocated_amount], [second])
		self.assertEqual(prepaid_balance(self.customer), 0)

	def test_cancel_gives_the_advance_back(self):
		receipt = self.advance(500)
		refund = self.approve_and_submit(self.request(amount=500))
		self.assertEqual(prepaid_balance(self.customer), 0)
		frappe.set_user(self.accountant)
		frappe.get_doc("Fee Refund", refund.name).cancel()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Payment Entry", refund.payment_entry, "docstatus"), 2)
		self.assertEqual(prepaid_balance(self.customer), 500)
		self.assertEqual(frappe.db.get_value("Payment Entry", receipt, "unallocated_amount"), 500)
		self.assertEqual(gl(refund.payment_entry), {})
		january = frappe.get_doc("Sales Invoice", bill_month("2027-01-01", today(), self.unit))
		self.assertEqual(january.outstanding_amount, 0)

	def test_overpayment_refusals(self):
		self.advance(300)
		before = frappe.db.count("Fee Refund")
		for amount in (0, -1):
			self.assertRaises(frappe.ValidationError, self.request, amount=amount)
		with self.assertRaises(frappe.ValidationError) as raised:
			self.request(amount=300.01)  # more than the prepaid balance
		self.assertIn("300.01", str(raised.exception))
		# a customer who pays nothing for the unit
		self.assertRaises(
			frappe.ValidationError, self.request, amount=10, customer=make_resident("路人").ensure_customer()
		)
		# two requests together cannot ask for more than the balance
		self.request(amount=200)
		self.assertRaises(frappe.ValidationError, self.request, amount=101)
		self.assertEqual(frappe.db.count("Fee Refund"), before + 1)

	def test_balance_spent_before_payment_is_refused_at_submit(self):
		self.advance(300)
		refund = self.request(amount=300)
		payments = frappe.db.count("Payment Entry", {"payment_type": "Pay"})
		frappe.set_user(self.approver)
		frappe.get_doc("Fee Refund", refund.name).approve()
		frappe.set_user("Administrator")
		bill_month("2026-12-01", today(), self.unit)  # the advance pays December meanwhile
		self.assertEqual(prepaid_balance(self.customer), 50)
		frappe.set_user(self.accountant)
		self.assertRaises(frappe.ValidationError, frappe.get_doc("Fee Refund", refund.name).submit)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("Payment Entry", {"payment_type": "Pay"}), payments)


class TestRefundApproval(RefundTestCase):
	def test_only_approved_refunds_are_paid(self):
		self.advance(300)
		refund = self.request(amount=100)
		# not approved: not paid
		frappe.set_user(self.accountant)
		with self.assertRaises(frappe.ValidationError) as raised:
			frappe.get_doc("Fee Refund", refund.name).submit()
		self.assertIn(refund.name, str(raised.exception))
		# the cashier asks but cannot approve; nor can an accounts user without the action
		frappe.set_user(self.requester)
		self.assertRaises(frappe.PermissionError, frappe.get_doc("Fee Refund", refund.name).approve)
		frappe.set_user(self.accounts_user)
		self.assertRaises(frappe.PermissionError, frappe.get_doc("Fee Refund", refund.name).approve)
		# the approval status is not edited by hand
		frappe.set_user(self.requester)
		doc = frappe.get_doc("Fee Refund", refund.name)
		doc.approval_status = "Approved"
		self.assertRaises(frappe.ValidationError, doc.save)
		# a refusal needs its reason, and a refused refund is not paid
		frappe.set_user(self.approver)
		doc = frappe.get_doc("Fee Refund", refund.name)
		doc.run_method("onload")  # as the form loads it
		self.assertTrue(doc.get_onload().get("can_decide"))
		self.assertRaises(frappe.ValidationError, doc.reject, "")
		doc.reject("金额有误")
		self.assertRaises(frappe.ValidationError, doc.approve)  # decided once
		frappe.set_user(self.accountant)
		self.assertRaises(frappe.ValidationError, frappe.get_doc("Fee Refund", refund.name).submit)
		# a refused request changed by the requester is asked again
		frappe.set_user(self.requester)
		doc = frappe.get_doc("Fee Refund", refund.name)
		doc.amount = 50
		doc.save()
		self.assertEqual((doc.approval_status, doc.approver), ("Pending", None))
		self.approve_and_submit(doc)
		self.assertEqual(prepaid_balance(self.customer), 250)

	def test_requester_cannot_approve_their_own_refund(self):
		self.advance(300)
		refund = self.request(self.accountant, amount=100)  # the accountant holds "Approve Refund"
		frappe.set_user(self.accountant)
		doc = frappe.get_doc("Fee Refund", refund.name)
		doc.run_method("onload")
		self.assertFalse(doc.get_onload().get("can_decide"))
		self.assertRaises(frappe.PermissionError, doc.approve)
		frappe.set_user(self.approver)
		frappe.get_doc("Fee Refund", refund.name).approve()
		# an approved refund whose amount changes must be approved again
		frappe.set_user(self.accountant)
		doc = frappe.get_doc("Fee Refund", refund.name)
		doc.amount = 120
		doc.save()
		self.assertEqual(doc.approval_status, "Pending")
		self.assertRaises(frappe.ValidationError, doc.submit)

	def test_front_desk_asks_and_the_office_director_only_reads(self):
		self.advance(300)
		refund = self.request(position_user("Front Desk"), amount=100)
		self.assertEqual(refund.requested_by, position_user("Front Desk"))
		director = position_user("Office Director")
		self.assertFalse(frappe.has_permission("Fee Refund", "write", refund.name, user=director))
		self.assertTrue(frappe.has_permission("Fee Refund", "read", refund.name, user=director))
		# the cashier pays an approved refund out of the counter (submit), never approves one
		self.assertTrue(frappe.has_permission("Fee Refund", "submit", user=position_user("Cashier")))
		self.assertFalse(frappe.has_permission("Fee Refund", "cancel", user=position_user("Cashier")))
