# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.test_dunning import bill
from pm_module.tests.utils import (
	PMTestCase,
	ensure_test_company,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
)


class TestDirectDebitBatch(PMTestCase):
	def setUp(self):
		make_estate()
		make_fee("PM Property Fee", 2.5)
		self.invoices = []
		for number in ("1203", "1204", "1205"):
			unit = make_unit(number, area=100, status="Occupied")
			make_occupancy(unit, make_resident(f"托收业主{number}").name, "Owner", "2020-01-01")
		run_invoice = bill(unit)
		run = frappe.db.get_value("Sales Invoice", run_invoice, "pm_billing_run")
		self.invoices = frappe.get_all(
			"Sales Invoice", {"pm_billing_run": run}, pluck="name", order_by="pm_unit"
		)
		self.company = ensure_test_company()
		self.cash = frappe.get_cached_value("Company", self.company, "default_cash_account")

	def batch(self, lines):
		return frappe.get_doc(
			{
				"doctype": "Direct Debit Batch",
				"company": self.company,
				"posting_date": "2026-11-05",
				"bank_account": self.cash,
				"lines": [{"sales_invoice": i, "amount": a, "bank_reference": r} for i, a, r in lines],
			}
		).insert()

	def test_bank_results_become_payments_once(self):
		batch = self.batch(
			[
				(self.invoices[0], 250, "DD-0001"),  # debited in full
				(self.invoices[1], 0, "DD-0002"),  # the bank could not debit
				(self.invoices[2], 999, "DD-0003"),  # more than is owed
			]
		)
		self.assertEqual(batch.total_debited, 1249)
		batch.post_payments()
		batch.reload()
		self.assertEqual([line.result for line in batch.lines], ["Paid", "Not Debited", "Failed"])
		self.assertIn("outstanding", batch.lines[2].message)
		self.assertEqual((batch.status, batch.paid_count, batch.failed_count), ("Posted with Errors", 1, 1))
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoices[0], "outstanding_amount"), 0)
		payment = frappe.get_doc("Payment Entry", batch.lines[0].payment_entry)
		self.assertEqual((payment.docstatus, payment.paid_to, payment.paid_amount), (1, self.cash, 250))

		# the bank file is loaded again by mistake: nothing is paid twice
		again = self.batch([(self.invoices[0], 250, "DD-0001")])
		again.post_payments()
		again.reload()
		self.assertEqual(
			(again.lines[0].result, again.lines[0].payment_entry), ("Already Paid", payment.name)
		)
		self.assertEqual(frappe.db.count("Payment Entry", {"reference_no": "DD-0001", "docstatus": 1}), 1)

	def test_wrong_ledger_and_repeated_reference_refused(self):
		income = frappe.get_cached_value("Company", self.company, "default_income_account")
		self.assertRaises(
			frappe.ValidationError,
			lambda: self.batch([(self.invoices[0], 250, "X")]).update({"bank_account": income}).save(),
		)
		self.assertRaises(
			frappe.ValidationError, self.batch, [(self.invoices[0], 100, "R1"), (self.invoices[1], 100, "R1")]
		)

	def test_cashier_may_post_front_desk_may_not(self):
		from pm_module.tests.utils import position_user

		batch = self.batch([(self.invoices[0], 250, "DD-0009")])
		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, batch.post_payments)
