"""Receipts (收款收据): RMB capitals, in_words on a Chinese site, gapless numbers, 作废, 补打, the notice."""

import frappe
from frappe.utils import flt, today

from pm_module.billing.counter import get_account, prepaid_balance, setup_counter, take_payment
from pm_module.billing.receipts import payment_notice_qr, record_receipt_print, rmb_capitals
from pm_module.tests.utils import (
	TEST_COMPANY,
	PMTestCase,
	bill_month,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
	render_print_format,
)

CASH, WECHAT = "现金", "微信"
COPIES = ("第一联 存根联", "第二联 客户联", "第三联 记账联")


def set_site_language(language: str) -> None:
	frappe.db.set_single_value("System Settings", "language", language)


def receipt_series_current(receipt_no: str) -> int:
	prefix = receipt_no[: -len(receipt_no.rsplit("-", 1)[1])]
	return frappe.db.sql("select current from `tabSeries` where name = %s", prefix)[0][0]


class TestRmbCapitals(PMTestCase):
	def test_capitals(self):
		for amount, words in (
			(0.05, "伍分"),
			(0.50, "伍角"),
			(10, "壹拾元整"),
			(100, "壹佰元整"),
			(612.09, "陆佰壹拾贰元零玖分"),
			(1010.10, "壹仟零壹拾元壹角"),
			(10005, "壹万零伍元整"),
			(1234567.89, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
			("612.09", "陆佰壹拾贰元零玖分"),
			(0, "零元整"),
			(None, "零元整"),
			(-612.09, "负陆佰壹拾贰元零玖分"),
			# rounded to fen, not truncated
			(612.0899999, "陆佰壹拾贰元零玖分"),
		):
			self.assertEqual(rmb_capitals(amount), words, amount)


class TestReceipts(PMTestCase):
	"""A unit of 100 m² whose owner is billed 250 a month; October and November are overdue today."""

	def setUp(self):
		self.language = frappe.db.get_single_value("System Settings", "language")
		make_estate()
		setup_counter(TEST_COMPANY)
		self.unit = make_unit("0909", area=100, status="Occupied")
		self.resident = make_resident("收据业主")
		make_occupancy(self.unit, self.resident.name, "Owner", "2020-01-01")
		self.customer = self.resident.ensure_customer()
		make_fee("PM Property Fee", 2.5)

	def tearDown(self):
		set_site_language(self.language)
		super().tearDown()

	def bill_overdue(self) -> list[str]:
		return [
			bill_month("2026-10-01", "2026-09-15", self.unit),
			bill_month("2026-11-01", "2026-10-15", self.unit),
		]

	def pay(self, payments, invoices=()) -> "frappe.Document":
		result = take_payment(
			self.unit,
			self.customer,
			payments,
			[
				{"name": i, "outstanding": frappe.db.get_value("Sales Invoice", i, "outstanding_amount")}
				for i in invoices
			],
		)
		return frappe.get_doc("Payment Entry", result["payment_entry"])

	def cash(self, amount, invoices=()) -> "frappe.Document":
		return self.pay([{"mode_of_payment": CASH, "amount": amount}], invoices)

	def test_amounts_in_words_in_capitals_on_a_chinese_site(self):
		set_site_language("en")
		english = self.cash(100)
		self.assertTrue(english.in_words.startswith("CNY"), english.in_words)

		set_site_language("zh")
		make_fee("PM Service Fee", 3.62)  # 100 m² at 2.50 + 3.62 = 612.00 a month
		invoice = frappe.get_doc("Sales Invoice", bill_month("2026-12-01", today(), self.unit))
		self.assertEqual(invoice.grand_total, 612)
		# the advance of 100 paid above was applied: still, the invoice's total in words
		self.assertEqual((invoice.in_words, invoice.base_in_words), ("陆佰壹拾贰元整", "陆佰壹拾贰元整"))

		pe = self.cash(612.09, [invoice.name])
		self.assertEqual(pe.received_amount, 612.09)
		self.assertEqual((pe.in_words, pe.base_in_words), ("陆佰壹拾贰元零玖分", "陆佰壹拾贰元零玖分"))

		company = frappe.get_cached_doc("Company", TEST_COMPANY)
		journal = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": TEST_COMPANY,
				"posting_date": today(),
				"accounts": [
					{"account": company.default_cash_account, "debit_in_account_currency": 10005},
					{
						"account": company.default_receivable_account,
						"party_type": "Customer",
						"party": self.customer,
						"credit_in_account_currency": 10005,
					},
				],
			}
		).insert()
		self.assertEqual(journal.total_amount_in_words, "壹万零伍元整")

	def test_site_date_format_follows_system_settings(self):
		from pm_module.setup.install import sync_date_format

		try:
			frappe.db.set_single_value("System Settings", "date_format", "yyyy-mm-dd")
			frappe.db.set_default("date_format", "dd-mm-yyyy")
			sync_date_format()
			frappe.local.user_date_format = None
			self.assertEqual(frappe.db.get_default("date_format"), "yyyy-mm-dd")
			self.assertEqual(frappe.utils.formatdate("2026-10-15"), "2026-10-15")
		finally:
			frappe.db.rollback()
			frappe.defaults._clear_cache("__default")
			frappe.local.user_date_format = None

	def test_receipt_numbers_have_no_gap_across_a_failed_submit(self):
		first = self.cash(100).pm_receipt_no
		self.assertTrue(first)
		frappe.db.savepoint("failed_receipt")
		# the books are frozen up to today: the payment fails while posting its GL entries, after
		# it took the next receipt number
		frappe.db.set_single_value("Accounts Settings", "acc_frozen_upto", today())
		self.assertRaises(frappe.ValidationError, self.cash, 100)
		first_no = int(first.rsplit("-", 1)[1])
		self.assertEqual(receipt_series_current(first), first_no + 1)
		frappe.db.rollback(save_point="failed_receipt")  # as the failed request is rolled back
		self.assertEqual(receipt_series_current(first), first_no)

		second = self.cash(100).pm_receipt_no
		third = self.cash(100).pm_receipt_no
		numbers = [int(n.rsplit("-", 1)[1]) for n in (first, second, third)]
		self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])
		self.assertEqual(second.rsplit("-", 1)[0], first.rsplit("-", 1)[0])

	def test_fee_receipt_and_void_receipt(self):
		october, november = self.bill_overdue()
		invoices = {i.name: i for i in get_account(self.unit)["invoices"]}
		fees = flt(sum(invoices[i].late_fee for i in (october, november)), 2)
		self.assertGreater(fees, 0)
		total = flt(500 + fees + 50, 2)  # 50 more than owed: an advance
		pe = self.pay(
			[
				{"mode_of_payment": CASH, "amount": 400},
				{"mode_of_payment": WECHAT, "amount": flt(total - 400, 2)},
			],
			[october, november],
		)
		receipt_no = pe.pm_receipt_no

		html = render_print_format("Fee Receipt", pe)
		for text in (
			"收款收据",
			receipt_no,
			"_Test Estate",
			frappe.db.get_value("Unit", self.unit, "unit_code"),
			"收据业主",
			october,
			november,
			"2026-10-01",  # the periods, in the site's date format
			"PM Property Fee 100 平方米",
			"滞纳金",
			"预存款",
			"合计人民币（大写）：" + rmb_capitals(total),
			"现金",
			"微信",
			frappe.utils.get_fullname(pe.owner),
			*COPIES,
		):
			self.assertIn(frappe.utils.formatdate(text) if text == "2026-10-01" else text, html)
		self.assertNotIn("作废", html)
		self.assertNotIn("补打", html)
		self.assertEqual(sum(html.count(copy) for copy in COPIES), 3)

		pe.cancel()
		pe.reload()
		self.assertEqual((pe.docstatus, pe.pm_receipt_no), (2, receipt_no))
		html = render_print_format("Fee Receipt", pe)
		self.assertIn("作废", html)
		self.assertIn(receipt_no, html)

	def test_reprint_says_so(self):
		pe = self.cash(200)
		self.assertEqual(record_receipt_print(pe.name), 1)
		self.assertNotIn("补打", render_print_format("Fee Receipt", frappe.get_doc("Payment Entry", pe.name)))
		self.assertEqual(record_receipt_print(pe.name), 2)
		self.assertEqual(frappe.db.get_value("Payment Entry", pe.name, "docstatus"), 1)
		self.assertIn(
			"补打（第 1 次）", render_print_format("Fee Receipt", frappe.get_doc("Payment Entry", pe.name))
		)

		frappe.set_user(position_user("Cashier"))
		self.assertEqual(record_receipt_print(pe.name), 3)
		frappe.set_user(position_user("Technician"))
		self.assertRaises(frappe.PermissionError, record_receipt_print, pe.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Payment Entry", pe.name, "pm_receipt_prints"), 3)

		from pm_module.tests.utils import pay_invoice

		(october, _november) = self.bill_overdue()
		not_a_receipt = pay_invoice(october)  # a bank payment, not made at the counter
		self.assertRaises(frappe.ValidationError, record_receipt_print, not_a_receipt)

	def test_payment_notice_qr_code_advance_and_capitals(self):
		self.cash(300)  # a prepayment, applied by the next billing run
		invoice = frappe.get_doc("Sales Invoice", bill_month("2026-12-01", today(), self.unit))
		self.assertEqual((invoice.total_advance, invoice.outstanding_amount), (250, 0))
		self.assertEqual(prepaid_balance(self.customer), 50)

		html = render_print_format("Payment Notice", invoice)
		qr = payment_notice_qr(invoice.name)
		self.assertTrue(qr.startswith("data:image/png;base64,"))
		self.assertIn(qr, html)
		self.assertIn("缴费时请出示此码", html)
		self.assertIn("预存款抵扣", html)
		self.assertIn("-" + invoice.get_formatted("total_advance"), html)
		self.assertIn("合计人民币（大写）：贰佰伍拾元整", html)
		self.assertIn("尚需缴纳人民币（大写）：零元整", html)
		self.assertIn("您的预存款余额：" + frappe.utils.fmt_money(50, currency=invoice.currency), html)
		self.assertIn("平方米", html)
		self.assertNotIn("Square Meter", html)
		self.assertNotIn("PMPAY", html)  # in the code, not printed
