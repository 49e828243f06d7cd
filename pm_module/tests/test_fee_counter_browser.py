"""The Fee Counter page (收银台) in a real browser: a cashier takes a payment with the keyboard only.

Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python, both installed by
scripts/browser-deps.sh (scripts/test.sh runs it; Playwright never downloads a browser). The site's
web server runs in a subprocess (`bench --site <site> serve`), so the test's data is committed in
setUpClass, on an estate of its own, and removed again in tearDownClass.

From the search box to the printed receipt: type the unit code, Enter, check the two overdue invoices
and the total due (late fee included), ask a late-fee waiver (Alt+W, reason, Ctrl+S), type the cash
tendered (Alt+T) and read the change, Ctrl+Enter, Enter in the confirmation: the receipt's print view
opens and prints, the page shows the unit with nothing owed, Esc returns to the search. The Payment
Entry is in the books with the late fees, and the waiver waits for approval. Screenshots in /tmp.
Under CI=1 (scripts/test.sh, CI) a missing Chromium or Playwright fails the test; elsewhere it skips.
"""

import secrets

import frappe
from frappe.utils import add_days, add_months, flt, get_first_day, today

from pm_module.billing.counter import get_account, setup_counter
from pm_module.permissions.scope import assign_estate
from pm_module.setup.positions import ACTIONS
from pm_module.tests.browser import SCREENSHOTS, BrowserTestCase, delete_docs
from pm_module.tests.utils import (
	TEST_COMPANY,
	PMTestCase,
	bill_month,
	ensure_test_company,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
)

ESTATE = "_Test Counter Estate"
ESTATE_CODE = "TFC"
PAYER = "_收银台测试业主"
CASHIER = "pm-fee-counter-browser@example.com"


class TestFeeCounterPage(PMTestCase):
	def test_the_page_is_for_whoever_takes_payments(self):
		from frappe.desk.desk_page import get as get_page

		roles = {r.role for r in frappe.get_doc("Page", "fee-counter").roles}
		self.assertEqual(roles, {*ACTIONS["Take Payment"], "System Manager"})
		frappe.set_user(position_user("Cashier"))
		page = get_page("fee-counter")
		self.assertIn("pm_module.billing.counter.", page.script)
		self.assertIn(".pm-counter", page.style)
		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, get_page, "fee-counter")


class TestFeeCounterBrowser(BrowserTestCase):
	@staticmethod
	def purge():
		purge()

	@classmethod
	def make_data(cls):
		ensure_test_company()
		setup_counter(TEST_COMPANY)
		make_estate(ESTATE, ESTATE_CODE)
		cls.unit = make_unit("0801", building=make_building("A", estate=ESTATE), area=100, status="Occupied")
		cls.unit_code = frappe.db.get_value("Unit", cls.unit, "unit_code") or cls.unit
		make_occupancy(cls.unit, make_resident(PAYER).name, "Owner", "2020-01-01")
		make_fee("PM Property Fee", 2.5, estate=ESTATE)
		# two months billed and overdue: three and two months ago, each posted mid-month before
		first = get_first_day(today())
		cls.invoices = [
			bill_month(month, add_days(month, -17), cls.unit, estate=ESTATE)
			for month in (add_months(first, -3), add_months(first, -2))
		]
		cls.password = secrets.token_urlsafe(16)
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": CASHIER,
				"first_name": "收费员",
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": cls.password,
				"roles": [{"role": "Cashier"}],
			}
		).insert(ignore_permissions=True)
		assign_estate(user.name, ESTATE)

	def test_counter_with_the_keyboard_only(self):
		account = get_account(self.unit)
		self.assertEqual([i.name for i in account["invoices"]], self.invoices)  # oldest first
		due = flt(sum(i.outstanding_amount + i.late_fee for i in account["invoices"]), 2)
		late_fee = flt(sum(i.late_fee for i in account["invoices"]), 2)
		self.assertGreater(late_fee, 0)

		# no printer here: headless Chromium's print() would block the receipt window (and its
		# opener, the desk) for good; count the calls instead
		no_printer = "window.print = () => { window.pm_prints = (window.pm_prints || 0) + 1; };"
		with self.browser_page(
			"fee_counter_failure.png", no_printer, viewport={"width": 1280, "height": 900}, locale="zh-CN"
		) as (page, errors):
			self.log_in(page)

			# lookup: the search box has the focus; one unit found opens at once
			page.goto(f"{self.base_url}/app/fee-counter")
			page.wait_for_function("document.activeElement?.classList.contains('pm-counter-query')")
			page.keyboard.type(self.unit_code)
			page.keyboard.press("Enter")
			page.wait_for_selector(".pm-counter-table tbody tr")
			rows = page.locator(".pm-counter-table tbody tr")
			self.assertEqual(
				[rows.nth(i).get_attribute("data-invoice") for i in range(rows.count())], self.invoices
			)
			self.assertEqual(
				[int(rows.nth(i).locator(".pm-counter-days").inner_text()) for i in range(2)],
				[i.days_overdue for i in account["invoices"]],
			)
			self.assertEqual(flt(page.get_attribute(".pm-counter-total-due", "data-amount")), due)
			self.assertEqual(flt(page.input_value(".pm-counter-mode >> nth=0")), due)  # cash, all due
			page.wait_for_function("document.activeElement?.id === 'pm-counter-tendered'")

			# a waiver asked for (Alt+W) waits for approval and changes nothing owed today
			page.keyboard.press("Alt+w")
			page.wait_for_function("document.activeElement?.dataset.fieldname === 'amount'")
			page.keyboard.press("Tab")  # from the amount (the whole late fee) to the reason
			page.keyboard.type("业主住院，申请减免滞纳金")
			page.keyboard.press("Control+s")
			page.wait_for_selector(".pm-counter-waiver-pending")
			page.wait_for_function("!$('.modal:visible, .modal-backdrop').length")

			# the payer hands over a round sum in cash: Alt+T, the tendered amount, the change shows
			page.keyboard.press("Alt+t")
			page.wait_for_function("document.activeElement?.id === 'pm-counter-tendered'")
			tendered = (int(due / 100) + 1) * 100
			page.keyboard.type(str(tendered))
			self.assertEqual(
				flt(page.get_attribute(".pm-counter-change", "data-amount")), flt(tendered - due, 2)
			)
			page.screenshot(path=str(SCREENSHOTS / "fee_counter_1280.png"), full_page=True)

			page.set_viewport_size({"width": 390, "height": 844})
			page.screenshot(path=str(SCREENSHOTS / "fee_counter_390.png"), full_page=True)
			self.assertLessEqual(page.evaluate("document.scrollingElement.scrollWidth"), 392)
			page.set_viewport_size({"width": 1280, "height": 900})

			# Ctrl+Enter, Enter: paid, and the receipt's print view opens and prints
			page.keyboard.press("Control+Enter")
			page.wait_for_selector(".modal.show .pm-counter-confirm")
			page.wait_for_function("window.cur_dialog?.display")  # opened: Enter confirms
			page.screenshot(path=str(SCREENSHOTS / "fee_counter_confirm.png"))
			with page.context.expect_page() as receipt_window:
				page.keyboard.press("Enter")
			receipt = receipt_window.value
			receipt.wait_for_load_state("domcontentloaded")
			receipt.wait_for_function("window.pm_prints === 1")
			receipt.screenshot(path=str(SCREENSHOTS / "fee_counter_receipt.png"), full_page=True)
			receipt_html, receipt_url = receipt.content(), receipt.url

			page.wait_for_selector(".pm-counter-receipt")
			payment_entry = page.get_attribute(".pm-counter-receipt", "data-payment-entry")
			receipt_no = page.get_attribute(".pm-counter-receipt", "data-receipt-no")
			# the unit again, with nothing left to pay; Esc for the next payer
			page.wait_for_selector(".pm-counter-nothing")
			page.wait_for_function("!$('.modal:visible, .modal-backdrop').length")
			page.screenshot(path=str(SCREENSHOTS / "fee_counter_paid.png"), full_page=True)
			page.keyboard.press("Escape")
			page.wait_for_function("document.activeElement?.classList.contains('pm-counter-query')")
			self.assertEqual(page.locator(".pm-counter-account").inner_html().strip(), "")

		self.assertEqual(errors, [])
		self.assertIn("/printview?doctype=Payment%20Entry", receipt_url)
		self.assertIn(f"name={payment_entry}", receipt_url)
		self.assertIn("trigger_print=1", receipt_url)
		if frappe.db.exists("Print Format", "Fee Receipt"):
			self.assertIn("format=Fee%20Receipt", receipt_url)
			self.assertIn(receipt_no, receipt_html)
		else:
			self.assertIn(payment_entry, receipt_html)

		frappe.db.rollback()  # see what the server committed
		pe = frappe.get_doc("Payment Entry", payment_entry)
		self.assertEqual(pe.docstatus, 1)
		self.assertEqual((pe.party_type, pe.pm_unit, pe.owner), ("Customer", self.unit, CASHIER))
		self.assertEqual(pe.mode_of_payment, "现金")
		self.assertEqual(flt(pe.paid_amount, 2), due)
		self.assertTrue(receipt_no)
		self.assertEqual(pe.pm_receipt_no, receipt_no)
		self.assertEqual(pe.pm_receipt_prints, 1)  # receipts.record_receipt_print counted the print
		self.assertEqual({r.reference_name for r in pe.references}, set(self.invoices))
		self.assertEqual(flt(-sum(d.amount for d in pe.deductions if d.pm_sales_invoice), 2), late_fee)
		for invoice in self.invoices:
			self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)
		waiver = frappe.get_all(
			"Late Fee Waiver",
			{"sales_invoice": self.invoices[0]},
			["status", "requested_by", "amount", "reason"],
		)
		self.assertEqual(
			[(w.status, w.requested_by, flt(w.amount, 2), w.reason) for w in waiver],
			[("Pending", CASHIER, account["invoices"][0].late_fee, "业主住院，申请减免滞纳金")],
		)

	def log_in(self, page):
		page.goto(f"{self.base_url}/login")
		page.focus("#login_email")
		page.keyboard.type(CASHIER)
		page.focus("#login_password")
		page.keyboard.type(self.password)
		page.keyboard.press("Enter")
		page.wait_for_url("**/app**")


# The site's web server ---------------------------------------------------------------------------


def purge() -> None:
	"""Delete the estate, its unit, invoices, payments and the cashier, committed; changes nothing twice."""
	frappe.set_user("Administrator")
	frappe.db.rollback()
	units = frappe.get_all("Unit", {"estate": ESTATE}, pluck="name")
	residents = frappe.get_all("Resident", {"resident_name": PAYER}, pluck="name")
	customers = frappe.get_all("Resident", {"name": ("in", residents or [""])}, pluck="customer")
	customers = [c for c in customers if c]
	payments = frappe.get_all("Payment Entry", {"pm_estate": ESTATE}, pluck="name")
	invoices = frappe.get_all("Sales Invoice", {"pm_estate": ESTATE}, pluck="name")
	vouchers = payments + invoices
	if vouchers:
		for ledger in ("GL Entry", "Payment Ledger Entry"):
			frappe.db.delete(ledger, {"voucher_no": ("in", vouchers)})
		frappe.db.delete("Payment Ledger Entry", {"against_voucher_no": ("in", vouchers)})
	# the receipt numbers the test took go back to the series, last first (no gap in the site's receipts)
	receipts = frappe.get_all("Payment Entry", {"name": ("in", payments or [""])}, pluck="pm_receipt_no")
	for receipt_no in sorted(filter(None, receipts), reverse=True):
		prefix, number = receipt_no.rsplit("-", 1)
		frappe.db.sql(
			"update `tabSeries` set current = %s where name = %s and current = %s",
			(int(number) - 1, prefix + "-", int(number)),
		)
	delete_docs("Payment Entry", payments)
	delete_docs("Sales Invoice", invoices)
	delete_docs("Late Fee Waiver", frappe.get_all("Late Fee Waiver", {"estate": ESTATE}, pluck="name"))
	runs = frappe.get_all("Billing Run", {"estate": ESTATE}, pluck="name")
	delete_docs(
		"Billing Run Result",
		frappe.get_all("Billing Run Result", {"billing_run": ("in", runs or [""])}, pluck="name"),
	)
	delete_docs("Billing Run", runs)
	delete_docs("Unit Charge", frappe.get_all("Unit Charge", {"estate": ESTATE}, pluck="name"))
	delete_docs("Fee Item", frappe.get_all("Fee Item", {"estate": ESTATE}, pluck="name"))
	delete_docs("Occupancy", frappe.get_all("Occupancy", {"unit": ("in", units or [""])}, pluck="name"))
	delete_docs("Unit", units)
	delete_docs("Building", frappe.get_all("Building", {"estate": ESTATE}, pluck="name"))
	delete_docs("Resident", residents)
	for customer in customers:
		for link in frappe.get_all(
			"Dynamic Link", {"link_doctype": "Customer", "link_name": customer}, ["parent", "parenttype"]
		):
			delete_docs(link.parenttype, [link.parent])
	delete_docs("Customer", customers)
	delete_docs("Estate", [ESTATE] if frappe.db.exists("Estate", ESTATE) else [])
	if frappe.db.exists("User", CASHIER):
		frappe.db.delete("User Permission", {"user": CASHIER})
		frappe.delete_doc("User", CASHIER, force=True, ignore_permissions=True)
	frappe.db.commit()
