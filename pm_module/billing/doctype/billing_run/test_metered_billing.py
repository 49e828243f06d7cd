# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Metered charges follow the readings: a missing reading never holds back the fixed fees, every
reading not billed before is billed once (whatever date it carries), tiers per month covered, the
payers of the days covered, and a billed reading stays until its invoice is cancelled."""

import frappe
from frappe.utils import flt

from pm_module.billing.doctype.billing_run.test_billing_run import charges, make_run, results
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_estate,
	make_fee,
	make_meter,
	make_occupancy,
	make_reading,
	make_resident,
	make_unit,
)

PROPERTY_FEE = 232.09  # 98.76 m² × 2.35 a month


def water_lines(invoice: str) -> list[tuple]:
	return [
		(i.qty, i.rate, i.amount)
		for i in frappe.get_doc("Sales Invoice", invoice).items
		if i.item_code == "PM Water"
	]


def invoice_of(run, unit: str) -> str:
	((status, invoice, _message),) = results(run)[unit]
	assert status == "Invoiced", results(run)
	return invoice


class TestMeteredBilling(PMTestCase):
	def setUp(self):
		make_estate()
		self.owner = make_resident("业主丁").name
		self.unit = make_unit("1203", area=98.76, status="Occupied")
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		make_fee("PM Property Fee", 2.35)
		self.meter = make_meter(self.unit).name

	def water(self, rate=3, **kwargs):
		make_fee("PM Water", rate, "Metered", meter_type="Water", **kwargs)

	def warnings(self, run) -> str:
		return frappe.db.get_value(
			"Billing Run Result", {"billing_run": run.name, "unit": self.unit}, "warnings"
		)

	def test_missing_reading_bills_fixed_fees_and_water_comes_next_run(self):
		self.water()
		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		november = make_run("2026-11-01")
		november.start()
		# October was not read: the property fee is billed all the same, the result says why no water
		first = invoice_of(november, self.unit)
		self.assertEqual(frappe.db.get_value("Sales Invoice", first, "grand_total"), PROPERTY_FEE)
		self.assertEqual(water_lines(first), [])
		self.assertIn(self.meter, self.warnings(november))
		self.assertEqual(frappe.db.get_value("Billing Run", november.name, "status"), "Completed")

		# read late, dated after the period of the run that missed it: the next run bills it once
		reading = make_reading(self.meter, 112.5, "2026-11-20")
		december = make_run("2026-12-01")
		december.start()
		second = invoice_of(december, self.unit)
		self.assertEqual(water_lines(second), [(12.5, 3, 37.5)])
		self.assertFalse(self.warnings(december))
		self.assertEqual(frappe.db.get_value("Meter Reading", reading.name, "sales_invoice"), second)
		description = frappe.db.get_value(
			"Sales Invoice Item", {"parent": second, "item_code": "PM Water"}, "description"
		)
		for part in ("2026-09-30", "2026-11-20", "100", "112.5", "12.5"):
			self.assertIn(part, description)

		# never twice: the run after adds no water (and says the meter was not read again)
		january = make_run("2027-01-01")
		january.start()
		third = invoice_of(january, self.unit)
		self.assertEqual(water_lines(third), [])
		self.assertIn(self.meter, self.warnings(january))
		december.rerun()
		self.assertEqual(results(december)[self.unit][0][:2], ("Already Billed", second))

		# the payment notice shows the readings: 上次读数 / 本次读数 / 用量
		html = frappe.get_print("Sales Invoice", second, print_format="Payment Notice")
		self.assertIn("pm-notice-readings", html)
		self.assertIn("112.5", html)

		self.assert_gl(second)

	def test_unit_with_only_metered_fees_and_no_reading_is_recorded(self):
		frappe.db.set_value("Fee Item", {"estate": TEST_ESTATE}, "enabled", 0)
		self.water()
		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		run = make_run("2026-11-01")
		run.start()
		((status, invoice, message),) = results(run)[self.unit]
		self.assertEqual((status, invoice), ("Skipped", None))
		self.assertIn(self.meter, message)

	def test_tiers_over_a_two_month_reading(self):
		self.water(0, tiers=[(10, 3), (20, 4), (0, 5.5)])
		make_reading(self.meter, 100, "2026-08-31", reading_type="Base Reading")
		make_reading(self.meter, 150, "2026-10-31")
		water = [line for line in charges(self.unit, "2026-11-01")[self.owner] if line[0] == "PM Water"]
		# 61 days = 2 months: tiers 0–20, 20–40, above: 20 × 3 + 20 × 4 + 10 × 5.5
		self.assertEqual(water, [("PM Water", 20, 3, 60), ("PM Water", 20, 4, 80), ("PM Water", 10, 5.5, 55)])

	def test_payer_change_inside_a_reading_span_splits_by_days(self):
		self.water()
		tenant = make_resident("租户戊").name
		make_occupancy(self.unit, tenant, "Tenant", "2026-10-11", "2027-10-10", pays_fees=1)
		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		make_reading(self.meter, 131, "2026-10-31")
		billed = charges(self.unit, "2026-11-01")
		# 31 m³ over 1–31 October: the owner's 10 days, the tenant's 21
		self.assertIn(("PM Water", 10, 3, 30), billed[self.owner])
		self.assertIn(("PM Water", 21, 3, 63), billed[tenant])

		run = make_run("2026-11-01")
		run.start()
		invoices = {
			frappe.db.get_value("Sales Invoice", row[1], "pm_resident"): row[1]
			for row in results(run)[self.unit]
		}
		self.assertEqual(water_lines(invoices[self.owner]), [(10, 3, 30)])
		self.assertEqual(water_lines(invoices[tenant]), [(21, 3, 63)])
		# billed to both: the reading points at an invoice; cancelling the tenant's frees the tenant's
		# share only, which the next run bills again (the owner's share is not billed twice)
		reading = frappe.get_last_doc("Meter Reading", {"meter": self.meter, "reading_date": "2026-10-31"})
		self.assertIn(reading.sales_invoice, invoices.values())
		frappe.get_doc("Sales Invoice", invoices[tenant]).cancel()
		self.assertFalse(frappe.db.get_value("Meter Reading", reading.name, "sales_invoice"))
		december = make_run("2026-12-01")
		december.start()
		again = {
			frappe.db.get_value("Sales Invoice", row[1], "pm_resident"): row[1]
			for row in results(december)[self.unit]
		}
		self.assertEqual(water_lines(again[tenant]), [(21, 3, 63)])
		self.assertNotIn(self.owner, again)  # not a payer in December, and October billed to them

	def test_billed_reading_refuses_cancel_until_invoice_cancelled(self):
		self.water()
		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		reading = make_reading(self.meter, 110, "2026-10-31")
		run = make_run("2026-11-01")
		run.start()
		invoice = invoice_of(run, self.unit)
		self.assertEqual(water_lines(invoice), [(10, 3, 30)])
		reading.reload()
		self.assertEqual(reading.sales_invoice, invoice)
		self.assertRaisesRegex(frappe.ValidationError, "is billed on invoice", reading.cancel)
		self.assertEqual(frappe.db.get_value("Meter Reading", reading.name, "docstatus"), 1)

		frappe.get_doc("Sales Invoice", invoice).cancel()
		self.assertIsNone(frappe.db.get_value("Meter Reading", reading.name, "sales_invoice"))
		run.rerun()  # billed again, once
		again = invoice_of(run, self.unit)
		self.assertEqual(water_lines(again), [(10, 3, 30)])
		self.assertEqual(frappe.db.get_value("Meter Reading", reading.name, "sales_invoice"), again)
		frappe.get_doc("Sales Invoice", again).cancel()
		reading.reload()
		reading.cancel()
		self.assertEqual(reading.docstatus, 2)

	def test_final_invoice_marks_its_readings_and_runs_skip_them(self):
		from pm_module.billing.invoicing import bill_up_to

		self.water()
		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		make_run("2026-11-01").start()  # the fixed fees of November; October not read yet
		october = make_reading(self.meter, 108, "2026-10-31")
		final = make_reading(self.meter, 113, "2026-11-15")
		invoice = bill_up_to(self.unit, self.owner, "2026-11-15", posting_date="2026-11-15")["invoice"]
		self.assertEqual(water_lines(invoice), [(13, 3, 39)])
		for reading in (october, final):
			self.assertEqual(frappe.db.get_value("Meter Reading", reading.name, "sales_invoice"), invoice)
		run = make_run("2026-12-01")
		run.start()
		self.assertEqual(water_lines(invoice_of(run, self.unit)), [])

	def test_missing_meter_readings_report(self):
		from pm_module.billing.report.missing_meter_readings.missing_meter_readings import execute

		make_reading(self.meter, 100, "2026-09-30", reading_type="Base Reading")
		filters = {"estate": TEST_ESTATE, "from_date": "2026-10-01", "to_date": "2026-10-31"}
		_columns, data = execute(filters)
		(row,) = [r for r in data if r["meter"] == self.meter]
		building = frappe.db.get_value("Unit", self.unit, "building")
		self.assertEqual(
			(row["unit"], row["building"], str(row["last_reading_date"])), (self.unit, building, "2026-09-30")
		)
		make_reading(self.meter, 110, "2026-10-31")
		self.assertFalse([r for r in execute(filters)[1] if r["meter"] == self.meter])
		self.assertFalse(
			execute({**filters, "building": "TE-NONE", "from_date": "2026-11-01", "to_date": "2026-11-30"})[1]
		)

	def assert_gl(self, invoice: str):
		"""Receivable debited with the total; each item's income account credited with its lines."""
		si = frappe.get_doc("Sales Invoice", invoice)
		gl = frappe.get_all(
			"GL Entry",
			filters={"voucher_no": invoice, "is_cancelled": 0},
			fields=["account", "debit", "credit"],
		)
		debit = {g.account: flt(g.debit, 2) for g in gl if g.debit}
		credit: dict[str, float] = {}
		for g in gl:
			if g.credit:
				credit[g.account] = flt(credit.get(g.account, 0) + g.credit, 2)
		expected: dict[str, float] = {}
		for item in si.items:
			expected[item.income_account] = flt(expected.get(item.income_account, 0) + item.amount, 2)
		self.assertEqual(debit, {si.debit_to: si.grand_total})
		self.assertEqual(credit, expected)
		self.assertEqual(si.grand_total, flt(PROPERTY_FEE + 37.5, 2))
