"""The fee counter on ERPNext's books: payments, late fees, modes, advances, waivers, bad input."""

import threading

import frappe
from frappe.utils import add_days, date_diff, flt, today

from pm_module.billing.charges import ChargeLine, PayerCharges
from pm_module.billing.counter import (
	find,
	get_account,
	late_fee_account,
	mode_account,
	prepaid_balance,
	setup_counter,
	take_payment,
)
from pm_module.billing.invoicing import make_invoice
from pm_module.tests.utils import (
	TEST_COMPANY,
	PMTestCase,
	bill_month,
	make_estate,
	make_fee,
	make_item,
	make_occupancy,
	make_resident,
	make_unit,
	pay_invoice,
	position_user,
)

CASH, WECHAT = "现金", "微信"


def gl(voucher: str) -> dict[str, float]:
	"""Account -> debit minus credit of a voucher's live GL entries."""
	out: dict[str, float] = {}
	for row in frappe.get_all(
		"GL Entry", {"voucher_no": voucher, "is_cancelled": 0}, ["account", "debit", "credit"]
	):
		out[row.account] = flt(out.get(row.account, 0) + row.debit - row.credit, 2)
	return out


def days_late(invoice: str) -> int:
	return date_diff(today(), frappe.db.get_value("Sales Invoice", invoice, "due_date"))


def owed(unit: str, invoice: str) -> dict:
	return next(i for i in get_account(unit)["invoices"] if i.name == invoice)


class CounterTestCase(PMTestCase):
	"""A unit with an owner billed 250 a month for October and November (both overdue today)."""

	def setUp(self):
		make_estate()
		setup_counter(TEST_COMPANY)
		self.unit = make_unit("0808", area=100, status="Occupied")
		self.resident = make_resident("柜台业主")
		make_occupancy(self.unit, self.resident.name, "Owner", "2020-01-01")
		self.customer = self.resident.ensure_customer()
		# not through the form: ERPNext commits when it makes a Contact with a phone number
		frappe.db.set_value("Resident", self.resident.name, "mobile_no", "13800138808")
		make_fee("PM Property Fee", 2.5)
		self.october = bill_month("2026-10-01", "2026-09-15", self.unit)
		self.november = bill_month("2026-11-01", "2026-10-15", self.unit)
		self.cash = mode_account(CASH, TEST_COMPANY)
		self.debtors = frappe.db.get_value("Sales Invoice", self.october, "debit_to")
		self.late_fee_account = late_fee_account(TEST_COMPANY)

	def pay(self, amount: float, invoices=None, modes=None, **kwargs) -> dict:
		invoices = [self.october, self.november] if invoices is None else invoices
		return take_payment(
			self.unit,
			self.customer,
			modes or [{"mode_of_payment": CASH, "amount": amount}],
			[
				{"name": i, "outstanding": frappe.db.get_value("Sales Invoice", i, "outstanding_amount")}
				for i in invoices
			],
			**kwargs,
		)


class TestCounter(CounterTestCase):
	def test_lookup_by_unit_name_mobile_and_notice_qr(self):
		for query in ("TE-A-0808", "柜台业主", "13800138808", f"PMPAY:{self.october}"):
			self.assertIn(self.unit, [u.name for u in find(query)], query)
		account = get_account(self.unit)
		(payer,) = account["payers"]
		self.assertEqual(payer["customer"], self.customer)
		self.assertEqual(payer["outstanding"], 500)
		october = owed(self.unit, self.october)
		self.assertEqual(october.days_overdue, days_late(self.october))
		# 3‰ a day from the first day of arrears, raised as a Dunning or not
		self.assertEqual(october.late_fee, flt(250 * 0.003 * days_late(self.october), 2))
		self.assertEqual([i.name for i in account["invoices"]], [self.october, self.november])
		self.assertTrue(october["items"])

	def test_payment_with_late_fees_on_the_books(self):
		fee_oct = flt(250 * 0.003 * days_late(self.october), 2)
		fee_nov = flt(250 * 0.003 * days_late(self.november), 2)
		result = self.pay(500 + fee_oct + fee_nov)
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		self.assertEqual(pe.docstatus, 1)
		self.assertTrue(pe.pm_receipt_no)
		self.assertEqual((pe.pm_unit, pe.party), (self.unit, self.customer))
		self.assertEqual(
			{r.reference_name: r.allocated_amount for r in pe.references},
			{self.october: 250, self.november: 250},
		)
		# each late fee names the invoice it was charged on
		self.assertEqual(
			{d.pm_sales_invoice: -d.amount for d in pe.deductions},
			{self.october: fee_oct, self.november: fee_nov},
		)
		self.assertEqual(
			gl(pe.name),
			{
				self.cash: flt(500 + fee_oct + fee_nov, 2),
				self.debtors: -500,
				self.late_fee_account: -flt(fee_oct + fee_nov, 2),
			},
		)
		for invoice in (self.october, self.november):
			self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)
		self.assertEqual(result["advance"], 0)

	def test_receipt_references_are_what_erpnext_would_write(self):
		"""A counter receipt reads its invoices' details in one query (counter_payment.py): the
		reference rows hold exactly what ERPNext's own get_reference_details gives, and any other
		Payment Entry takes ERPNext's path."""
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_reference_details

		from pm_module.billing.counter_payment import CounterPaymentEntry

		result = self.pay(300 + flt(250 * 0.003 * days_late(self.october), 2))
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		self.assertIsInstance(pe, CounterPaymentEntry)
		fields = ("due_date", "total_amount", "outstanding_amount", "exchange_rate", "account")
		for ref in pe.references:
			expected = get_reference_details(
				"Sales Invoice", ref.reference_name, pe.party_account_currency, "Customer", self.customer
			)
			self.assertEqual(
				{f: ref.get(f) for f in fields}, {f: expected.get(f) for f in fields}, ref.reference_name
			)
		# November was paid in part: its row says what it still owes after this receipt
		november = next(r for r in pe.references if r.reference_name == self.november)
		self.assertEqual(
			november.outstanding_amount,
			frappe.db.get_value("Sales Invoice", self.november, "outstanding_amount"),
		)
		self.assertGreater(november.outstanding_amount, 0)
		# ERPNext's own checks keep their messages: an invoice of another party is refused
		other = make_resident("别的业主").ensure_customer()
		entry = frappe.get_doc("Payment Entry", result["payment_entry"])
		copy = frappe.copy_doc(entry)
		copy.update({"party": other, "docstatus": 0, "pm_receipt_no": None})
		copy.flags.pm_counter = True
		self.assertRaisesRegex(frappe.ValidationError, "is not associated with", copy.insert)

	def test_part_payment_oldest_first(self):
		fee_oct = flt(250 * 0.003 * days_late(self.october), 2)
		result = self.pay(300 + fee_oct)
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		allocated = {r.reference_name: r.allocated_amount for r in pe.references}
		self.assertEqual(allocated[self.october], 250)
		# the rest pays part of November, with the late fee on that part
		rate = 0.003 * days_late(self.november)
		part = allocated[self.november]
		self.assertAlmostEqual(part + flt(part * rate, 2), 50, delta=0.011)
		self.assertEqual(
			flt(sum(-d.amount for d in pe.deductions) + sum(allocated.values()), 2), flt(300 + fee_oct, 2)
		)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", self.november, "outstanding_amount"), flt(250 - part, 2)
		)

	def test_two_modes_of_payment(self):
		fee = flt(250 * 0.003 * days_late(self.october), 2)
		result = self.pay(
			0,
			[self.october],
			[
				{"mode_of_payment": CASH, "amount": 100},
				{"mode_of_payment": WECHAT, "amount": flt(150 + fee, 2)},
			],
		)
		wechat = mode_account(WECHAT, TEST_COMPANY)
		self.assertNotEqual(wechat, self.cash)
		self.assertEqual(
			gl(result["payment_entry"]),
			{self.cash: 100, wechat: flt(150 + fee, 2), self.debtors: -250, self.late_fee_account: -fee},
		)

	def test_overpayment_is_an_advance_that_the_next_billing_run_uses(self):
		fees = flt(sum(owed(self.unit, i).late_fee for i in (self.october, self.november)), 2)
		result = self.pay(flt(500 + fees + 400, 2))
		self.assertEqual(result["advance"], 400)
		self.assertEqual(prepaid_balance(self.customer), 400)
		self.assertEqual(gl(result["payment_entry"])[self.debtors], -900)
		self.assertEqual(get_account(self.unit)["payers"][0]["prepaid"], 400)

		december = bill_month("2026-12-01", today(), self.unit)
		si = frappe.get_doc("Sales Invoice", december)
		self.assertEqual(si.total_advance, 250)  # printed on the payment notice
		self.assertEqual(si.outstanding_amount, 0)
		self.assertEqual(prepaid_balance(self.customer), 150)
		january = bill_month("2027-01-01", today(), self.unit)
		self.assertEqual(frappe.db.get_value("Sales Invoice", january, "outstanding_amount"), 100)
		self.assertEqual(prepaid_balance(self.customer), 0)

	def test_prepayment_without_invoices(self):
		result = self.pay(300, invoices=[])
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		self.assertFalse(pe.references)
		self.assertEqual(pe.unallocated_amount, 300)
		self.assertEqual(gl(pe.name), {self.cash: 300, self.debtors: -300})
		self.assertEqual(prepaid_balance(self.customer), 300)
		# the Resident form shows the payer's balance
		resident = frappe.get_doc("Resident", self.resident.name)
		resident.run_method("onload")
		self.assertEqual(resident.get_onload().fee_account, {"outstanding": 500, "prepaid": 300})

	def test_bad_input_changes_nothing(self):
		before = frappe.db.count("Payment Entry")
		for amount in (0, -5):
			self.assertRaises(frappe.ValidationError, self.pay, amount)
		pay_invoice(self.october)
		self.assertRaises(frappe.ValidationError, self.pay, 300, [self.october])  # already paid
		stranger = make_resident("路人").ensure_customer()
		self.assertRaises(
			frappe.ValidationError,
			take_payment,
			self.unit,
			stranger,
			[{"mode_of_payment": CASH, "amount": 10}],
		)
		frappe.get_doc("Sales Invoice", self.november).cancel()
		self.assertRaises(frappe.ValidationError, self.pay, 300, [self.november])  # cancelled
		self.assertEqual(frappe.db.count("Payment Entry"), before + 1)  # only pay_invoice's

	def test_paid_meanwhile_is_refused(self):
		stale = frappe.db.get_value("Sales Invoice", self.october, "outstanding_amount")
		pay_invoice(self.october)
		with self.assertRaises(frappe.ValidationError) as raised:
			take_payment(
				self.unit,
				self.customer,
				[{"mode_of_payment": CASH, "amount": 300}],
				[{"name": self.october, "outstanding": stale}],
			)
		self.assertIn(self.october, str(raised.exception))

	def test_paying_a_dunned_invoice_resolves_its_dunning(self):
		from pm_module.billing.dunning import raise_due_dunnings

		(reminder,) = [
			d
			for d in raise_due_dunnings()
			if frappe.db.get_value("Overdue Payment", {"parent": d}, "sales_invoice") == self.october
		]
		frappe.set_user(position_user("Cashier"))  # ERPNext saves the Dunning as the cashier
		self.pay(flt(250 + owed(self.unit, self.october).late_fee, 2), [self.october])
		self.assertEqual(frappe.db.get_value("Dunning", reminder, "status"), "Resolved")

	def test_only_positions_that_take_payments(self):
		frappe.set_user(position_user("Technician"))
		self.assertRaises(frappe.PermissionError, get_account, self.unit)
		self.assertRaises(frappe.PermissionError, self.pay, 100)
		frappe.set_user(position_user("Cashier"))
		self.assertEqual(len(get_account(self.unit)["invoices"]), 2)
		self.assertTrue(self.pay(100)["payment_entry"])


class TestLateFeeWaiver(CounterTestCase):
	def request(self, amount: float, invoice: str | None = None):
		return frappe.get_doc(
			{
				"doctype": "Late Fee Waiver",
				"sales_invoice": invoice or self.october,
				"amount": amount,
				"reason": "老人住院",
			}
		).insert()

	def test_approved_waiver_applied_once(self):
		fee = owed(self.unit, self.october).late_fee
		frappe.set_user(position_user("Cashier"))
		waiver = self.request(fee)
		self.assertRaises(frappe.PermissionError, waiver.approve)  # the cashier only asks
		# not approved yet: the counter refuses it
		self.assertRaises(frappe.ValidationError, self.pay, 250, [self.october], waivers=[waiver.name])
		frappe.set_user(position_user("Customer Service Manager"))
		waiver.reload()
		waiver.approve("同意")
		frappe.set_user(position_user("Cashier"))
		self.assertEqual(owed(self.unit, self.october).waiver, waiver.name)
		result = self.pay(250, [self.october], waivers=[waiver.name])
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		self.assertFalse(pe.deductions)  # the whole late fee waived
		self.assertEqual(gl(pe.name), {self.cash: 250, self.debtors: -250})
		self.assertEqual(
			frappe.db.get_value("Late Fee Waiver", waiver.name, ["status", "payment_entry"]),
			("Applied", pe.name),
		)
		frappe.set_user("Administrator")
		from pm_module.billing.report.late_fee_waivers.late_fee_waivers import execute

		_columns, rows, *_rest, summary = execute({"estate": "_Test Estate", "status": "Applied"})
		self.assertEqual([(r.name, r.payment_entry) for r in rows], [(waiver.name, pe.name)])
		self.assertEqual(summary[2]["value"], fee)
		pe.cancel()
		self.assertEqual(frappe.db.get_value("Late Fee Waiver", waiver.name, "status"), "Approved")

	def test_partial_waiver(self):
		fee = owed(self.unit, self.october).late_fee
		waiver = self.request(flt(fee / 2, 2))
		waiver.approve()
		result = self.pay(250 + fee, [self.october], waivers=[waiver.name])
		pe = frappe.get_doc("Payment Entry", result["payment_entry"])
		self.assertEqual(-pe.deductions[0].amount, flt(fee - flt(fee / 2, 2), 2))
		self.assertEqual(pe.unallocated_amount, flt(fee / 2, 2))  # what was not owed stays as advance

	def test_bad_requests(self):
		fee = owed(self.unit, self.october).late_fee
		self.assertRaises(frappe.ValidationError, self.request, fee + 1)  # more than the late fee
		self.assertRaises(frappe.ValidationError, self.request, 0)
		waiver = self.request(1)
		self.assertRaises(frappe.ValidationError, self.request, 1)  # one open request per invoice
		self.assertRaises(frappe.ValidationError, waiver.reject, "")  # a refusal needs its reason
		waiver.reject("不符合减免条件")
		self.assertRaises(frappe.ValidationError, self.pay, 250 + fee, [self.october], waivers=[waiver.name])
		self.assertRaises(frappe.ValidationError, waiver.approve)  # decided once


class TestTwoCashiers(PMTestCase):
	"""Two cashiers pay the same invoice at the same moment: one payment, the other is told."""

	def test_race(self):
		make_estate("_Test Race Estate", "TR")
		setup_counter(TEST_COMPANY)
		from pm_module.tests.utils import make_building

		building = make_building("R", estate="_Test Race Estate")
		number = str(
			1001 + frappe.db.count("Unit", {"estate": "_Test Race Estate"})
		)  # committed by earlier runs
		unit = make_unit(number, building=building, area=100, status="Occupied")
		resident = make_resident("并发业主")
		make_occupancy(unit, resident.name, "Owner", "2020-01-01")
		customer = resident.ensure_customer()
		invoice = make_invoice(
			PayerCharges(resident.name, [ChargeLine(make_item("PM Race Fee", "Month"), 1, 250, "物业费")]),
			customer=customer,
			unit={"name": unit, "estate": "_Test Race Estate"},
			company=TEST_COMPANY,
			cost_center=None,
			from_date="2026-11-01",
			to_date="2026-11-30",
			posting_date="2026-10-15",
			due_date="2026-10-22",
		).name
		seen = frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount")
		frappe.db.commit()  # the two cashiers work in their own connections

		site, barrier, results = frappe.local.site, threading.Barrier(2), []

		def cashier():
			frappe.init(site=site)
			frappe.connect()
			frappe.set_user("Administrator")
			try:
				barrier.wait()
				take_payment(
					unit,
					customer,
					[{"mode_of_payment": CASH, "amount": 400}],
					[{"name": invoice, "outstanding": seen}],
				)
				frappe.db.commit()
				results.append("paid")
			except frappe.ValidationError as e:
				frappe.db.rollback()
				results.append(str(e))
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=cashier) for _ in range(2)]
		for t in threads:
			t.start()
		for t in threads:
			t.join()
		frappe.db.rollback()
		self.assertEqual(sorted(r == "paid" for r in results), [False, True], results)
		payments = frappe.get_all(
			"Payment Entry Reference", {"reference_name": invoice, "docstatus": 1}, pluck="parent"
		)
		self.assertEqual(len(payments), 1)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)
