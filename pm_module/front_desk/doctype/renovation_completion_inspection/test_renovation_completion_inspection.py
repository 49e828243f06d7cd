# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import today

from pm_module.front_desk.doctype.renovation_application.renovation_accounts import get_deposit_account
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
	SUBMIT_FOR_REVIEW,
	sync_renovation_workflow,
)
from pm_module.front_desk.doctype.renovation_application.test_renovation_application import (
	CS_SUPERVISOR,
	FRONT_DESK,
	gl_balance,
	make_application,
	make_approved_application,
	make_owned_unit,
)
from pm_module.tests.utils import PMTestCase, pay_invoice, position_user

MAINTENANCE = position_user("Maintenance Supervisor")


def make_inspection(application: str, result: str = "Passed", deductions=(), submit: bool = True):
	doc = frappe.get_doc(
		{
			"doctype": "Renovation Completion Inspection",
			"renovation_application": application,
			"inspection_date": today(),
			"result": result,
			"findings": "墙面完好" if result == "Passed" else "公共走廊墙面破损",
			"deductions": [{"description": d, "amount": a} for d, a in deductions],
		}
	).insert()
	if submit:
		doc.submit()
	return doc


class TestRenovationCompletionInspection(PMTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sync_renovation_workflow()
		frappe.db.commit()

	def test_no_inspection_before_approval(self):
		unit, owner = make_owned_unit()
		frappe.set_user(FRONT_DESK)
		app = apply_workflow(make_application(unit, owner), SUBMIT_FOR_REVIEW)
		frappe.set_user(MAINTENANCE)
		with self.assertRaisesRegex(frappe.ValidationError, "only an approved renovation can be inspected"):
			make_inspection(app.name)

	def test_passed_inspection_refunds_the_paid_deposit(self):
		app = make_approved_application()
		pay_invoice(app.sales_invoice, "RN-PAY", ignore_permissions=True)
		company = frappe.db.get_value("Estate", app.estate, "company")
		cash = frappe.get_cached_value("Company", company, "default_cash_account")

		frappe.set_user(MAINTENANCE)
		inspection = make_inspection(app.name)
		frappe.set_user("Administrator")
		self.assertEqual((inspection.deposit_amount, inspection.refund_amount), (2000, 2000))
		je = frappe.get_doc("Journal Entry", inspection.journal_entry)
		self.assertEqual(je.docstatus, 1)
		self.assertEqual(gl_balance(je.name), {get_deposit_account(company): 2000, cash: -2000})

		app.reload()
		self.assertEqual((app.status, app.deposit_status), ("Completed", "Refunded"))
		self.assertEqual(frappe.db.get_value("Unit", app.unit, "status"), "Occupied")

	def test_damages_are_deducted_and_the_rest_settles_the_unpaid_invoice(self):
		app = make_approved_application()
		company = frappe.db.get_value("Estate", app.estate, "company")
		income = frappe.get_cached_value("Company", company, "default_income_account")
		si = frappe.get_doc("Sales Invoice", app.sales_invoice)

		frappe.set_user(MAINTENANCE)
		inspection = make_inspection(
			app.name, "Damages Found", [("电梯轿厢划伤", 300), ("走廊墙面破损", 200)]
		)
		frappe.set_user("Administrator")
		self.assertEqual((inspection.total_deductions, inspection.refund_amount), (500, 1500))
		gl = gl_balance(inspection.journal_entry)
		self.assertEqual(gl, {get_deposit_account(company): 2000, income: -500, si.debit_to: -1500})
		# the refund went against the unpaid invoice: the owner still owes the fee and the deduction
		self.assertEqual(frappe.db.get_value("Sales Invoice", si.name, "outstanding_amount"), 800)
		self.assertEqual(
			frappe.db.get_value("Renovation Application", app.name, "deposit_status"), "Partly Deducted"
		)

		# the deposit account of this renovation is back to zero: invoiced, then released
		deposit_balance = frappe.db.sql(
			"""select sum(debit) - sum(credit) from `tabGL Entry`
			where account = %s and voucher_no in (%s, %s) and is_cancelled = 0""",
			(get_deposit_account(company), si.name, inspection.journal_entry),
		)[0][0]
		self.assertEqual(deposit_balance, 0)

	def test_damages_need_deductions_within_the_deposit(self):
		app = make_approved_application()
		frappe.set_user(MAINTENANCE)
		with self.assertRaisesRegex(frappe.ValidationError, "list each"):
			make_inspection(app.name, "Damages Found")
		with self.assertRaisesRegex(frappe.ValidationError, "exceed the deposit"):
			make_inspection(app.name, "Damages Found", [("外墙破坏", 2500)])
		inspection = make_inspection(app.name, "Damages Found", [("外墙破坏", 2000)])
		self.assertEqual(inspection.refund_amount, 0)
		self.assertEqual(
			frappe.db.get_value("Renovation Application", app.name, "deposit_status"), "Deducted"
		)

	def test_cancelling_the_inspection_reopens_the_permit(self):
		app = make_approved_application()
		frappe.set_user(MAINTENANCE)
		inspection = make_inspection(app.name)
		self.assertEqual(frappe.db.get_value("Unit", app.unit, "status"), "Occupied")
		inspection.cancel()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Journal Entry", inspection.journal_entry, "docstatus"), 2)
		app.reload()
		self.assertEqual(
			(app.status, app.deposit_status, app.completion_inspection), ("Approved", "Held", None)
		)
		self.assertEqual(frappe.db.get_value("Unit", app.unit, "status"), "Renovating")

	def test_a_completed_renovation_is_inspected_once(self):
		app = make_approved_application()
		make_inspection(app.name)
		with self.assertRaisesRegex(frappe.ValidationError, "only an approved renovation"):
			make_inspection(app.name)
