# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""The cashier's daily closing (交班): receipts by mode and fee item, cash counted, handed over,
checked by finance (稽核), locked receipts and their reversal, who sees which closing, and the
report Daily Collection."""

import frappe
from frappe.utils import add_days, flt, today

from pm_module.billing.closing import spread
from pm_module.billing.counter import build_payment_entry, estate_books
from pm_module.billing.report.daily_collection.daily_collection import execute as daily_collection
from pm_module.billing.test_counter import CASH, WECHAT, CounterTestCase, owed
from pm_module.tests.utils import (
	TEST_ESTATE,
	bill_month,
	make_fee,
	make_user,
	position_user,
	render_print_format,
)

SECOND_CASHIER = "pm-cashier-2@example.com"
ACCOUNTS_USER = "pm-accounts-user-only@example.com"  # may check a closing, not reverse a receipt


class TestCounterClosing(CounterTestCase):
	"""Cashier A's day: receipt 1 pays October (with its late fee) and December (two fee items) in
	cash and WeChat, receipt 2 is a cash prepayment, receipt 3 was cancelled; cashier B took one
	payment the same day."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(SECOND_CASHIER, ["Cashier"])
		make_user(ACCOUNTS_USER, ["Accounts User"])

	def setUp(self):
		super().setUp()
		self.cashier = position_user("Cashier")
		self.accountant = position_user("Accountant")
		make_fee("PM Cleaning Fee", 50, charge_basis="Fixed")
		self.december = bill_month("2026-12-01", today(), self.unit)  # 250 + 50, not yet due
		self.late_fee = owed(self.unit, self.october).late_fee
		self.assertGreater(self.late_fee, 0)

		frappe.set_user(self.cashier)
		self.wechat_amount = flt(550 + self.late_fee - 200, 2)
		self.first = self.pay(
			0,
			[self.october, self.december],
			[
				{"mode_of_payment": CASH, "amount": 200},
				{"mode_of_payment": WECHAT, "amount": self.wechat_amount},
			],
		)
		self.second = self.pay(100, invoices=[])
		self.third = self.pay(30, invoices=[])
		frappe.set_user(SECOND_CASHIER)
		self.other = self.pay(flt(250 + owed(self.unit, self.november).late_fee, 2), [self.november])
		frappe.set_user("Administrator")
		frappe.get_doc("Payment Entry", self.third["payment_entry"]).cancel()
		frappe.set_user(self.cashier)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def close(self, cash_counted: float | None = None, submit: bool = False, **kwargs):
		doc = frappe.get_doc(
			{
				"doctype": "Counter Closing",
				"estate": TEST_ESTATE,
				"cash_counted": 300 if cash_counted is None else cash_counted,
				**kwargs,
			}
		).insert()
		if submit:
			doc.submit()
		return doc

	def test_receipts_totals_by_mode_and_by_fee_item(self):
		doc = self.close()
		self.assertEqual((doc.cashier, doc.closing_date, doc.status), (self.cashier, today(), "Draft"))
		rows = {r.payment_entry: r for r in doc.receipts}
		# the cashier's three receipts, not the other cashier's
		self.assertEqual(
			set(rows),
			{self.first["payment_entry"], self.second["payment_entry"], self.third["payment_entry"]},
		)
		first = rows[self.first["payment_entry"]]
		self.assertEqual(first.receipt_no, self.first["receipt_no"])
		self.assertEqual((first.unit, first.payer, first.status), (self.unit, self.customer, "Issued"))
		self.assertEqual(
			(first.amount, first.late_fee, first.advance), (flt(550 + self.late_fee, 2), self.late_fee, 0)
		)
		self.assertIn(CASH, first.modes)
		self.assertIn(WECHAT, first.modes)
		self.assertEqual(
			(rows[self.second["payment_entry"]].amount, rows[self.second["payment_entry"]].advance),
			(100, 100),
		)
		cancelled = rows[self.third["payment_entry"]]
		self.assertEqual(
			(cancelled.status, cancelled.amount, cancelled.receipt_no),
			("Cancelled", 0, self.third["receipt_no"]),
		)
		self.assertEqual((doc.receipt_count, doc.cancelled_count), (2, 1))

		total = flt(650 + self.late_fee, 2)
		self.assertEqual(
			(doc.total_amount, doc.total_late_fee, doc.total_advance), (total, self.late_fee, 100)
		)
		self.assertEqual(
			[(m.mode_of_payment, m.receipts, m.amount) for m in doc.modes],
			[(CASH, 2, 300), (WECHAT, 1, self.wechat_amount)],
		)
		self.assertEqual(
			{f.fee: f.amount for f in doc.fee_items},
			{"PM Property Fee": 500, "PM Cleaning Fee": 50, "Late Fee": self.late_fee, "Advance": 100},
		)
		self.assertEqual(flt(sum(f.amount for f in doc.fee_items), 2), total)
		self.assertEqual((doc.cash_mode, doc.cash_expected, doc.cash_difference), (CASH, 300, 0))

		html = render_print_format("Counter Closing", doc)
		for text in ("收费日报", "作废", self.first["receipt_no"], "滞纳金", "稽核", "人民币（大写）"):
			self.assertIn(text, html)

	def test_refunds_paid_out_are_counted_against_the_takings(self):
		def request(amount):
			return frappe.get_doc(
				{
					"doctype": "Fee Refund",
					"refund_type": "Overpayment",
					"unit": self.unit,
					"customer": self.customer,
					"amount": amount,
					"mode_of_payment": CASH,
					"reason": "退回部分预存",
				}
			).insert()

		# the payer asks for 60 of their 100 advance back; finance approves, the cashier pays it in cash
		refund = request(60)
		frappe.set_user(self.accountant)
		refund.approve()
		frappe.set_user(self.cashier)
		refund.reload()
		refund.submit()
		doc = self.close(cash_counted=240)
		(row,) = [r for r in doc.receipts if r.status == "Refund"]
		self.assertEqual(
			(row.payment_entry, row.receipt_no, row.amount, row.payer),
			(refund.payment_entry, refund.name, -60, self.customer),
		)
		self.assertEqual((doc.total_refunded, doc.cash_expected, doc.cash_difference), (60, 240, 0))
		self.assertEqual(
			[(m.mode_of_payment, m.receipts, m.amount) for m in doc.modes],
			[(CASH, 2, 240), (WECHAT, 1, self.wechat_amount)],
		)
		self.assertEqual(doc.receipt_count, 2)  # receipts issued; the refund is not one
		# the fee supervisor's report nets it too
		filters = {"estate": TEST_ESTATE, "from_date": today(), "to_date": today()}
		columns, data = daily_collection(filters)[:2]
		fields = {c["label"]: c["fieldname"] for c in columns}
		mine = next(r for r in data if r["cashier"] == self.cashier)
		self.assertEqual(
			(mine[fields[CASH]], mine["refunds"], mine["total"]), (240, 60, flt(650 + self.late_fee - 60, 2))
		)
		doc.submit()
		# the refund of a handed-over day is not cancelled behind finance's back
		frappe.set_user("Administrator")
		self.assertRaisesRegex(
			frappe.ValidationError,
			"handed over",
			frappe.get_doc("Payment Entry", refund.payment_entry).cancel,
		)
		# and no refund is paid after the day was handed over
		frappe.set_user(self.cashier)
		late = request(10)
		frappe.set_user(self.accountant)
		late.approve()
		frappe.set_user(self.cashier)
		late.reload()
		self.assertRaisesRegex(frappe.ValidationError, "handed today's takings", late.submit)

	def test_receipts_are_filled_again_and_on_demand(self):
		doc = self.close()
		frappe.set_user(SECOND_CASHIER)
		later = self.pay(20, invoices=[])
		frappe.set_user(self.cashier)
		doc.get_receipts()
		self.assertNotIn(later["payment_entry"], [r.payment_entry for r in doc.receipts])
		mine = self.pay(20, invoices=[])
		doc.get_receipts()
		self.assertIn(mine["payment_entry"], [r.payment_entry for r in doc.receipts])
		self.assertEqual(doc.cash_expected, 320)
		self.assertEqual(doc.cash_difference, -20)  # 300 counted

	def test_a_receipt_cancelled_after_the_draft_was_saved(self):
		doc = self.close(cash_counted=200)
		frappe.set_user("Administrator")
		frappe.get_doc("Payment Entry", self.second["payment_entry"]).cancel()
		frappe.set_user(self.cashier)
		doc.submit()  # the rows are filled again: the receipt is listed as cancelled
		row = next(r for r in doc.receipts if r.payment_entry == self.second["payment_entry"])
		self.assertEqual(
			(row.status, row.amount, doc.cash_expected, doc.cash_difference), ("Cancelled", 0, 200, 0)
		)

	def test_cash_difference_needs_a_reason(self):
		doc = self.close(cash_counted=290)
		self.assertEqual(doc.cash_difference, -10)
		self.assertRaisesRegex(frappe.ValidationError, "reason", doc.submit)
		doc.reload()
		doc.difference_reason = "找零差错"
		doc.submit()
		self.assertEqual((doc.docstatus, doc.status), (1, "Handed Over"))

	def test_refused_closings(self):
		# a draft receipt of the day
		estate, company, cost_center = estate_books(self.unit)
		draft = build_payment_entry(
			self.unit,
			self.customer,
			estate,
			company,
			cost_center,
			[frappe._dict(mode_of_payment=CASH, amount=10)],
			[],
		).insert()
		doc = self.close()
		self.assertRaisesRegex(frappe.ValidationError, draft.name, doc.submit)
		frappe.delete_doc("Payment Entry", draft.name, ignore_permissions=True)
		doc.reload()
		doc.submit()
		# the same day twice
		self.assertRaisesRegex(frappe.ValidationError, doc.name, self.close)
		# the day's takings are handed over: no more payments today
		self.assertRaisesRegex(frappe.ValidationError, doc.name, self.pay, 50, [])
		# a day to come
		self.assertRaisesRegex(
			frappe.ValidationError, "future", self.close, closing_date=add_days(today(), 1)
		)
		# someone else's day: only the cashier or finance
		frappe.set_user(SECOND_CASHIER)
		self.assertRaises(
			frappe.PermissionError, self.close, cashier=self.cashier, closing_date=add_days(today(), -1)
		)
		frappe.set_user(self.accountant)
		for_cashier = self.close(cashier=self.cashier, closing_date=add_days(today(), -1))
		self.assertEqual(for_cashier.owner, self.cashier)  # the cashier sees it as their own

	def test_checked_day_locks_its_receipts_except_for_finance(self):
		doc = self.close(submit=True)
		receipt = self.first["payment_entry"]

		# handed over, not checked: the closing is cancelled first
		frappe.set_user(self.accountant)
		pe = frappe.get_doc("Payment Entry", receipt)
		self.assertRaisesRegex(frappe.ValidationError, "cancel the closing first", pe.cancel)

		# the cashier does not check their own day; finance does
		frappe.set_user(self.cashier)
		self.assertRaises(frappe.PermissionError, frappe.get_doc("Counter Closing", doc.name).check_closing)
		frappe.set_user(ACCOUNTS_USER)
		frappe.get_doc("Counter Closing", doc.name).check_closing()
		doc.reload()
		self.assertEqual((doc.status, doc.checked_by), ("Checked", ACCOUNTS_USER))
		self.assertTrue(doc.checked_on)
		self.assertRaisesRegex(frappe.ValidationError, "checked", doc.cancel)

		# a receipt of the checked day: not the cashier, not an accounts user without the action
		frappe.set_user(self.cashier)
		pe = frappe.get_doc("Payment Entry", receipt)
		pe.flags.ignore_permissions = True
		self.assertRaisesRegex(frappe.PermissionError, "only finance", pe.cancel)
		frappe.set_user(ACCOUNTS_USER)
		self.assertRaisesRegex(
			frappe.PermissionError, "only finance", frappe.get_doc("Payment Entry", receipt).cancel
		)
		self.assertEqual(frappe.db.get_value("Payment Entry", receipt, "docstatus"), 1)

		# finance reverses it; the closing shows the reversal
		frappe.set_user(self.accountant)
		frappe.get_doc("Payment Entry", receipt).cancel()
		self.assertEqual(frappe.db.get_value("Payment Entry", receipt, "docstatus"), 2)
		doc.reload()
		self.assertEqual(next(r.status for r in doc.receipts if r.payment_entry == receipt), "Reversed")
		comment = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Counter Closing",
				"reference_name": doc.name,
				"comment_type": "Info",
			},
			pluck="content",
		)
		self.assertTrue(any(self.first["receipt_no"] in c and "reversed" in c for c in comment), comment)
		self.assertEqual(doc.status, "Checked")

	def test_cancelled_closing_frees_its_receipts(self):
		doc = self.close(submit=True)
		frappe.set_user(self.accountant)
		frappe.get_doc("Counter Closing", doc.name).cancel()
		self.assertEqual(frappe.db.get_value("Counter Closing", doc.name, "status"), "Cancelled")
		frappe.get_doc("Payment Entry", self.second["payment_entry"]).cancel()
		# and the day may be closed again
		frappe.set_user(self.cashier)
		again = self.close(cash_counted=200)
		self.assertEqual((again.receipt_count, again.cancelled_count, again.cash_expected), (1, 2, 200))

	def test_a_cashier_sees_only_their_own_closings(self):
		doc = self.close(submit=True)
		for user, allowed in (
			(self.cashier, True),
			(SECOND_CASHIER, False),
			(self.accountant, True),
			(ACCOUNTS_USER, True),
			(position_user("Office Director"), True),
			(position_user("Customer Service Manager"), True),
			(position_user("Front Desk"), False),
		):
			self.assertEqual(
				bool(frappe.has_permission("Counter Closing", "read", doc, user=user)), allowed, user
			)
		frappe.set_user(SECOND_CASHIER)
		self.assertEqual(frappe.get_list("Counter Closing", pluck="name"), [])
		frappe.set_user(self.cashier)
		self.assertEqual(frappe.get_list("Counter Closing", pluck="name"), [doc.name])

	def test_daily_collection_report(self):
		doc = self.close(submit=True)
		frappe.set_user(self.accountant)
		filters = {"estate": TEST_ESTATE, "from_date": today(), "to_date": today()}
		columns, data, _message, chart, summary = daily_collection(filters)
		fields = {c["label"]: c["fieldname"] for c in columns}
		rows = {r["cashier"]: r for r in data}
		self.assertEqual(set(rows), {self.cashier, SECOND_CASHIER})
		mine = rows[self.cashier]
		self.assertEqual(mine[fields[CASH]], 300)
		self.assertEqual(mine[fields[WECHAT]], self.wechat_amount)
		self.assertEqual(
			(mine["late_fee"], mine["advance"], mine["total"], mine["receipts"]),
			(self.late_fee, 100, flt(650 + self.late_fee, 2), 2),
		)
		self.assertEqual(
			(mine["closing"], mine["closing_status_value"], mine["cash_difference"]),
			(doc.name, "Handed Over", 0),
		)
		self.assertEqual(rows[SECOND_CASHIER]["closing_status_value"], "Not Closed")
		self.assertTrue(chart["data"]["labels"])
		self.assertTrue(summary)

		by_cashier = daily_collection({**filters, "group_by": "Cashier"})[1]
		mine = next(r for r in by_cashier if r["cashier"] == self.cashier)
		self.assertEqual(
			(mine["days"], mine["closed_days"], mine["checked_days"], mine["receipts"]), (1, 1, 0, 2)
		)

		# a cashier sees their own collection only, also through the desk's report call
		frappe.set_user(SECOND_CASHIER)
		self.assertEqual([r["cashier"] for r in daily_collection(filters)[1]], [SECOND_CASHIER])
		from frappe.desk.query_report import run

		result = run("Daily Collection", filters)
		self.assertEqual(
			[r["cashier"] for r in result["result"] if isinstance(r, dict) and r.get("cashier")],
			[SECOND_CASHIER],
		)
		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, run, "Daily Collection", filters)

	def test_pro_rata_spread_over_fee_items(self):
		lines = [
			frappe._dict(item_code="A", item_name="A", amount=250),
			frappe._dict(item_code="B", item_name="B", amount=50),
		]
		self.assertEqual(spread(100, lines), [(("A", "A"), 83.33), (("B", "B"), 16.67)])
		self.assertEqual(spread(300, lines), [(("A", "A"), 250), (("B", "B"), 50)])
