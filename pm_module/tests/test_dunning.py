"""The dunning ladder on ERPNext's Dunning: reminder, final notice, 3‰ a day, fee collected."""

from unittest.mock import patch

import frappe
from frappe.utils import flt

from pm_module.billing.arrears import ensure_no_arrears, get_unit_arrears, unit_arrears
from pm_module.billing.dunning import (
	FINAL_NOTICE,
	REMINDER,
	dunnings_of,
	make_dunning,
	raise_due_dunnings,
)
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	bill_month,
	failing_for,
	job_errors,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	pay_invoice,
	position_user,
)


def bill(unit: str) -> str:
	"""November's monthly fees, posted 15 Oct and due 22 Oct (the settings' notice rule)."""
	return bill_month("2026-11-01", "2026-10-15", unit)


def dunning_kind(name: str) -> str:
	return frappe.db.get_value(
		"Dunning Type", frappe.db.get_value("Dunning", name, "dunning_type"), "dunning_type"
	)


class TestDunning(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("1203", area=100, status="Occupied")
		make_occupancy(self.unit, make_resident("欠费业主").name, "Owner", "2020-01-01")
		make_fee("PM Property Fee", 2.5)
		self.invoice = bill(self.unit)

	def test_ladder_interest_and_late_fee_collected(self):
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice, "grand_total"), 250)
		self.assertEqual(str(frappe.db.get_value("Sales Invoice", self.invoice, "due_date")), "2026-10-22")
		# overdue, but the reminder waits for the first day of the billed month
		self.assertEqual(raise_due_dunnings("2026-10-31"), [])

		(reminder,) = raise_due_dunnings("2026-11-01")
		self.assertEqual(dunning_kind(reminder), REMINDER)
		doc = frappe.get_doc("Dunning", reminder)
		self.assertEqual(doc.rate_of_interest, 109.5)
		# 10 days since the due date at 3‰ a day: 250 × 0.003 × 10
		self.assertEqual(flt(doc.total_interest, 2), 7.5)
		self.assertIn("3.0‰", doc.body_text)
		self.assertIn("尚欠物业服务费用", doc.body_text)

		self.assertEqual(raise_due_dunnings("2026-11-08"), [])  # final notice from the 8th day after
		(final,) = raise_due_dunnings("2026-11-09")
		self.assertEqual(dunning_kind(final), FINAL_NOTICE)
		final = frappe.get_doc("Dunning", final)
		# from the first day of arrears: 18 days × 0.75
		self.assertEqual(flt(final.total_interest, 2), 13.5)
		self.assertIn("5 日内", final.body_text)
		self.assertEqual(raise_due_dunnings("2026-11-10"), [])  # nothing more to send

		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		pe = get_payment_entry("Dunning", final.name)
		pe.update({"reference_no": "BANK-0001", "reference_date": "2026-11-12", "posting_date": "2026-11-12"})
		pe.insert()
		pe.submit()
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice, "outstanding_amount"), 0)
		self.assertEqual(frappe.db.get_value("Dunning", final.name, "status"), "Resolved")
		income = frappe.db.get_value("Dunning", final.name, "income_account")
		late_fee = frappe.db.sql(
			"select sum(credit) - sum(debit) from `tabGL Entry` where voucher_no=%s and account=%s and is_cancelled=0",
			(pe.name, income),
		)[0][0]
		self.assertEqual(flt(late_fee, 2), 13.5)
		gl = frappe.db.sql(
			"select sum(debit), sum(credit) from `tabGL Entry` where voucher_no=%s and is_cancelled=0",
			pe.name,
		)[0]
		self.assertEqual(flt(gl[0], 2), flt(gl[1], 2))

	def test_daily_job_in_batches_each_invoice_once(self):
		# four more owners billed by the same run, run again: five overdue invoices
		for number in ("1204", "1205", "1206", "1207"):
			unit = make_unit(number, area=100, status="Occupied")
			make_occupancy(unit, make_resident(f"欠费业主{number}").name, "Owner", "2020-01-01")
		frappe.get_doc(
			"Billing Run", frappe.db.get_value("Sales Invoice", self.invoice, "pm_billing_run")
		).start()
		invoices = frappe.get_all("Sales Invoice", {"pm_estate": TEST_ESTATE, "docstatus": 1}, pluck="name")
		self.assertEqual(len(invoices), 5)

		bad = sorted(invoices)[2]
		broken = failing_for(bad, make_dunning)
		with patch("pm_module.billing.dunning.make_dunning", new=broken):
			raised = raise_due_dunnings("2026-11-01", batch_size=2)
		self.assertEqual(len(raised.job_ids), 3)
		# the broken invoice is logged and the others are dunned all the same
		self.assertEqual(len(raised), 4)
		self.assertEqual(job_errors(broken), 1)
		# run again the same day: only the one that failed
		(again,) = raise_due_dunnings("2026-11-01", batch_size=2)
		self.assertEqual([d.name for d in dunnings_of(bad)], [again])
		self.assertEqual(raise_due_dunnings("2026-11-01", batch_size=2), [])
		self.assertEqual([len(dunnings_of(name)) for name in invoices], [1] * 5)

	def test_late_fee_rate_is_a_setting(self):
		frappe.db.set_single_value("Property Management Settings", "late_fee_per_mille_per_day", 5)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		(reminder,) = raise_due_dunnings("2026-11-01")
		self.assertEqual(frappe.db.get_value("Dunning", reminder, "rate_of_interest"), 182.5)

	def test_arrears_check_before_move_out(self):
		self.assertEqual(unit_arrears(self.unit, "2026-10-22")["outstanding"], 250)
		self.assertEqual(unit_arrears(self.unit, "2026-10-21")["outstanding"], 0)  # not yet due
		self.assertRaisesRegex(frappe.ValidationError, "owes", ensure_no_arrears, self.unit, "Move-out")

		frappe.set_user(position_user("Front Desk"))
		owed = get_unit_arrears(self.unit)
		self.assertEqual((owed["outstanding"], owed["invoice_count"], owed["invoices"]), (250, 1, []))
		frappe.set_user(position_user("Accountant"))
		self.assertEqual(len(get_unit_arrears(self.unit)["invoices"]), 1)

	def test_arrears_and_collection_reports(self):
		from pm_module.billing.report.collection_rate.collection_rate import execute as collection_rate
		from pm_module.billing.report.fee_arrears.fee_arrears import execute as fee_arrears

		_columns, rows, _msg, _chart = fee_arrears({"estate": TEST_ESTATE, "as_on_date": "2026-11-21"})
		self.assertEqual(
			rows,
			[
				{
					"party": self.unit,
					"invoices": 1,
					"outstanding": 250,
					"days_1_30": 250,
					"days_31_90": 0,
					"days_91_180": 0,
					"days_181_more": 0,
				}
			],
		)
		_columns, rows, _msg, _chart = fee_arrears(
			{"estate": TEST_ESTATE, "group_by": "Building", "as_on_date": "2026-12-01"}
		)
		self.assertEqual(
			(rows[0]["party"], rows[0]["days_31_90"]),
			(frappe.db.get_value("Unit", self.unit, "building"), 250),
		)

		_columns, (row,), _msg, _chart = collection_rate({"estate": TEST_ESTATE})
		self.assertEqual((row.billed, row.collected, row.rate), (250, 0, 0))
		pay_invoice(self.invoice, "BANK-0002", "2026-11-02")
		_columns, (row,), _msg, _chart = collection_rate({"estate": TEST_ESTATE})
		self.assertEqual((row.collected, row.rate), (250, 100))
