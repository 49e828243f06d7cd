# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from unittest.mock import patch

import frappe
from frappe.utils import flt

from pm_module.billing.charges import compute_unit_charges, get_fee_items
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

RUN_PATH = "pm_module.billing.doctype.billing_run.billing_run"


def unit_row(unit: str) -> dict:
	return frappe.db.get_value(
		"Unit",
		unit,
		["name", "estate", "building", "unit_type", "gross_area", "status", "billing_cycle"],
		as_dict=True,
	)


def charges(unit: str, from_date: str, cycle: str = "Monthly") -> dict[str, list]:
	"""payer -> [(item, qty, rate, amount)] for a unit and period."""
	return {
		c.payer: [(line.item_code, line.qty, line.rate, line.amount) for line in c.lines]
		for c in compute_unit_charges(unit_row(unit), from_date, cycle, get_fee_items(TEST_ESTATE))
	}


def make_run(from_date: str = "2026-12-01", cycle: str = "Monthly", **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Billing Run",
			"estate": TEST_ESTATE,
			"billing_cycle": cycle,
			"from_date": from_date,
			"posting_date": "2026-11-15",
			**kwargs,
		}
	).insert()


def results(run) -> dict[str, list[tuple]]:
	rows = frappe.get_all(
		"Billing Run Result",
		filters={"billing_run": run.name},
		fields=["unit", "status", "sales_invoice", "message", "amount"],
		order_by="unit",
	)
	out: dict[str, list[tuple]] = {}
	for row in rows:
		out.setdefault(row.unit, []).append((row.status, row.sales_invoice, row.message))
	return out


def billing_key(invoice: str) -> str | None:
	"""The invoice's key in the database (a generated column, not a field of the DocType)."""
	return frappe.db.sql("select pm_billing_key from `tabSales Invoice` where name=%s", invoice)[0][0]


class TestCharges(PMTestCase):
	def setUp(self):
		make_estate()
		self.owner = make_resident("业主甲").name
		self.unit = make_unit("1203", area=98.76, status="Occupied")
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		make_fee("PM Property Fee", 2.35)

	def test_area_fee_for_odd_area_quarterly(self):
		(line,) = charges(self.unit, "2026-10-01", "Quarterly")[self.owner]
		# 98.76 m² × 3 months × 2.35 = 696.258
		self.assertEqual(line, ("PM Property Fee", 296.28, 2.35, 696.26))

	def test_vacant_unit_pays_vacancy_percentage(self):
		frappe.db.set_value("Unit", self.unit, "status", "Vacant")
		(line,) = charges(self.unit, "2026-12-01")[self.owner]
		# 98.76 × 70% = 69.132 m²·months at the full rate
		self.assertEqual(line, ("PM Property Fee", 69.132, 2.35, 162.46))
		frappe.db.set_single_value("Property Management Settings", "vacancy_fee_percent", 50)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		(line,) = charges(self.unit, "2026-12-01")[self.owner]
		self.assertEqual(line[3], 116.04)

	def test_fixed_fee_and_most_specific_definition(self):
		make_fee("PM Parking Fee", 150, "Fixed")
		make_fee("PM Parking Fee", 100, "Fixed", unit=self.unit)
		lines = charges(self.unit, "2026-10-01", "Quarterly")[self.owner]
		self.assertIn(("PM Parking Fee", 3, 100, 300), lines)

	def test_tiered_water(self):
		make_fee("PM Water", 0, "Metered", meter_type="Water", tiers=[(10, 3), (20, 4), (0, 5.5)])
		meter = make_meter(self.unit).name
		make_reading(meter, 100, "2026-09-30", reading_type="Base Reading")
		make_reading(meter, 125.5, "2026-10-31")
		water = [line for line in charges(self.unit, "2026-11-01")[self.owner] if line[0] == "PM Water"]
		# billed in arrears: October's 25.5 m³ = 10 × 3 + 10 × 4 + 5.5 × 5.5
		self.assertEqual(
			water, [("PM Water", 10, 3, 30), ("PM Water", 10, 4, 40), ("PM Water", 5.5, 5.5, 30.25)]
		)

	def test_missing_reading_never_holds_back_fixed_fees(self):
		make_fee("PM Water", 3, "Metered", meter_type="Water")
		meter = make_meter(self.unit).name
		warnings = []
		billed = compute_unit_charges(
			unit_row(self.unit), "2026-12-01", "Monthly", get_fee_items(TEST_ESTATE), warnings
		)
		# the property fee, no water, and a warning naming the meter
		self.assertEqual(
			[(line.item_code, line.amount) for c in billed for line in c.lines], [("PM Property Fee", 232.09)]
		)
		self.assertIn(meter, warnings[0])

	def test_tenant_from_mid_period_is_prorated(self):
		tenant = make_resident("租户乙").name
		make_occupancy(self.unit, tenant, "Tenant", "2026-12-11", "2027-12-10", pays_fees=1)
		billed = charges(self.unit, "2026-12-01")
		# the owner pays 10 of 31 days, the tenant 21
		self.assertEqual(billed[self.owner], [("PM Property Fee", 31.858, 2.35, 74.87)])
		self.assertEqual(billed[tenant], [("PM Property Fee", 66.902, 2.35, 157.22)])

	def test_no_payer_skips_unit(self):
		from pm_module.billing.charges import SkipUnit

		empty = make_unit("1204", area=88)
		self.assertRaisesRegex(SkipUnit, "No owner", charges, empty, "2026-12-01")


class TestBillingRun(PMTestCase):
	def setUp(self):
		make_estate()
		self.owner = make_resident("业主丙").name
		self.unit = make_unit("1203", area=98.76, status="Occupied")
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		self.empty_unit = make_unit("1204", area=88)
		make_fee("PM Property Fee", 2.35)

	def test_run_posts_submitted_invoices_with_balanced_ledger(self):
		run = make_run()
		run.start()
		run.reload()
		self.assertEqual(run.status, "Completed", results(run))
		self.assertEqual(
			(run.total_units, run.processed_units, run.invoice_count, run.skipped_units), (2, 2, 1, 1)
		)
		self.assertEqual(str(run.due_date), "2026-11-22")
		found = results(run)
		self.assertEqual(found[self.empty_unit][0][0], "Skipped")
		self.assertIn("No owner", found[self.empty_unit][0][2])
		status, invoice, _ = found[self.unit][0]
		self.assertEqual(status, "Invoiced")

		si = frappe.get_doc("Sales Invoice", invoice)
		self.assertEqual(si.docstatus, 1)
		self.assertEqual((si.pm_unit, si.pm_estate, si.pm_billing_run), (self.unit, TEST_ESTATE, run.name))
		self.assertEqual((str(si.from_date), str(si.to_date)), ("2026-12-01", "2026-12-31"))
		self.assertEqual(si.customer, frappe.db.get_value("Resident", self.owner, "customer"))
		self.assertEqual((si.items[0].qty, si.items[0].rate, si.grand_total), (98.76, 2.35, 232.09))
		self.assertEqual(si.cost_center, frappe.db.get_value("Estate", TEST_ESTATE, "cost_center"))
		gl = frappe.get_all(
			"GL Entry",
			filters={"voucher_no": invoice, "is_cancelled": 0},
			fields=["account", "debit", "credit"],
		)
		self.assertEqual(flt(sum(g.debit for g in gl), 2), flt(sum(g.credit for g in gl), 2))
		self.assertIn(si.debit_to, [g.account for g in gl if g.debit == 232.09])

	def test_large_site_warned_of_erpnext_recounting_sales_per_invoice(self):
		from pm_module.billing import invoicing

		settings = frappe.get_single("Selling Settings")
		frequency = settings.sales_update_frequency
		try:
			settings.db_set("sales_update_frequency", "Each Transaction")
			self.assertIsNone(invoicing.sales_recount_warning())  # a small site is not warned
			with patch.object(invoicing, "LARGE_INVOICE_TABLE", 0):
				self.assertIn("Daily", invoicing.sales_recount_warning())
				settings.db_set("sales_update_frequency", "Daily")
				self.assertIsNone(invoicing.sales_recount_warning())
		finally:
			settings.db_set("sales_update_frequency", frequency)

	def test_rerun_creates_nothing_new_and_rebills_cancelled(self):
		run = make_run()
		run.start()
		first = results(run)[self.unit][0][1]
		run.rerun()
		self.assertEqual(results(run)[self.unit][0][:2], ("Already Billed", first))
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "docstatus": 1}), 1)

		frappe.get_doc("Sales Invoice", first).cancel()
		run.rerun()
		status, second, _ = results(run)[self.unit][0]
		self.assertEqual(status, "Invoiced")
		self.assertNotEqual(second, first)
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "docstatus": 1}), 1)

	def test_second_run_for_billed_period_refused(self):
		make_run()
		self.assertRaises(frappe.DuplicateEntryError, make_run)
		make_run("2026-10-01", "Quarterly")  # another cycle is another run

	def test_failed_unit_is_recorded_and_resume_bills_it_once(self):
		run = make_run()
		with patch(f"{RUN_PATH}.make_invoice", side_effect=frappe.ValidationError("Ledger closed")):
			run.start()
		run.reload()
		self.assertEqual((run.status, run.failed_units), ("Completed with Errors", 1))
		self.assertEqual(results(run)[self.unit][0][::2], ("Failed", "Ledger closed"))
		self.assertFalse(frappe.db.exists("Sales Invoice", {"pm_unit": self.unit}))

		run.start()  # resume: only the failed unit is tried again
		run.reload()
		self.assertEqual((run.status, run.failed_units, run.invoice_count), ("Completed", 0, 1))
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit}), 1)
		self.assertEqual(frappe.db.count("Billing Run Result", {"billing_run": run.name}), 2)

	def test_resume_after_crash_does_not_duplicate(self):
		from pm_module.billing.doctype.billing_run.billing_run import bill_units

		run = make_run()
		run.start()
		# a worker killed after invoicing but before recording: the invoice exists, the result not
		frappe.db.delete("Billing Run Result", {"billing_run": run.name, "unit": self.unit})
		bill_units(run.name, [self.unit])
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "docstatus": 1}), 1)
		self.assertEqual(results(run)[self.unit][0][0], "Already Billed")

	def test_closed_accounting_period_refused(self):
		company = frappe.db.get_value("Estate", TEST_ESTATE, "company")
		frappe.get_doc(
			{
				"doctype": "Accounting Period",
				"period_name": "_Test PM Closed Nov 2026",
				"company": company,
				"start_date": "2026-11-01",
				"end_date": "2026-11-30",
				"closed_documents": [{"document_type": "Sales Invoice", "closed": 1}],
			}
		).insert()
		self.assertRaisesRegex(frappe.ValidationError, "closed Accounting Period", make_run)

	def test_accountant_may_bill_front_desk_may_not(self):
		from pm_module.tests.utils import position_user

		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, make_run)
		frappe.set_user(position_user("Accountant"))
		make_run().start()
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "docstatus": 1}), 1)

	def test_payment_notices_per_building(self):
		from pm_module.billing.doctype.billing_run.billing_run import get_notice_invoices

		run = make_run()
		run.start()
		building = frappe.db.get_value("Unit", self.unit, "building")
		(invoice,) = get_notice_invoices(run.name, building)
		self.assertEqual(get_notice_invoices(run.name, "TE-NONE"), [])
		html = frappe.get_print("Sales Invoice", invoice, print_format="Payment Notice")
		self.assertIn("1203", html)
		self.assertIn("232.09", html)
		self.assertIn("3.0", html)  # the late-fee warning with the settings' rate

	def test_one_off_charges_billed_once_and_released_on_cancel(self):
		from pm_module.billing.doctype.unit_charge.unit_charge import raise_unit_charge
		from pm_module.tests.utils import make_item

		make_item("PM Card Fee", "Nos")
		charge = raise_unit_charge(
			self.unit, "PM Card Fee", 20, description="门禁卡", charge_date="2026-11-20"
		)
		later = raise_unit_charge(self.unit, "PM Card Fee", 20, charge_date="2027-01-05")  # next period's
		run = make_run()
		run.start()
		invoice = frappe.get_doc("Sales Invoice", results(run)[self.unit][0][1])
		self.assertEqual([(i.item_code, i.qty, i.rate) for i in invoice.items][-1], ("PM Card Fee", 1, 20))
		self.assertEqual(invoice.grand_total, 252.09)
		self.assertEqual(
			frappe.db.get_value("Unit Charge", charge, ["status", "sales_invoice"]), ("Billed", invoice.name)
		)
		self.assertEqual(frappe.db.get_value("Unit Charge", later, "status"), "Pending")

		invoice.cancel()
		self.assertEqual(
			frappe.db.get_value("Unit Charge", charge, ["status", "sales_invoice"]), ("Pending", None)
		)
		run.rerun()
		again = results(run)[self.unit][0][1]
		self.assertEqual(frappe.db.get_value("Unit Charge", charge, "sales_invoice"), again)
		self.assertEqual(frappe.db.get_value("Sales Invoice", again, "grand_total"), 252.09)

	def test_unit_with_only_a_one_off_charge_is_billed(self):
		from pm_module.billing.doctype.unit_charge.unit_charge import raise_unit_charge
		from pm_module.tests.utils import make_item

		frappe.db.set_value("Fee Item", {"estate": TEST_ESTATE}, "enabled", 0)
		make_item("PM Card Fee", "Nos")
		raise_unit_charge(self.unit, "PM Card Fee", 20, charge_date="2026-11-20")
		run = make_run()
		run.start()
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", results(run)[self.unit][0][1], "grand_total"), 20
		)

	def test_invoice_names_from_estate_period_and_unit(self):
		tenant = make_resident("租户丁").name
		make_occupancy(self.unit, tenant, "Tenant", "2026-12-11", "2027-12-10", pays_fees=1)
		other = make_unit("1205", area=50)
		make_occupancy(other, make_resident("业主戊").name, "Owner", "2020-01-01")
		run = make_run()
		run.start()
		invoices = frappe.get_all(
			"Sales Invoice", {"pm_billing_run": run.name}, ["name", "pm_resident"], order_by="name"
		)
		# no series, no gaps: the estate's code, the month, the unit, and -B for its second payer
		base = f"TE-2026-12-{self.unit}"
		self.assertEqual([i.name for i in invoices], [base, f"{base}-B", f"TE-2026-12-{other}"])
		payer = {i.name: i.pm_resident for i in invoices}
		# cancelled and billed again: the next number, as ERPNext numbers an amendment
		frappe.get_doc("Sales Invoice", base).cancel()
		run.rerun()
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", f"{base}-1", ["docstatus", "pm_resident"]), (1, payer[base])
		)
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_billing_run": run.name, "docstatus": 1}), 3)

	def test_new_invoice_outstanding_and_status_as_erpnext_recounts_them(self):
		# the run sets a new invoice's outstanding amount and status itself (invoicing.submit_invoice)
		run = make_run()  # due 2026-11-22: overdue by now
		run.start()
		invoice = results(run)[self.unit][0][1]
		self.assertIsNone(frappe.flags.pm_submitting_invoice)
		# the same invoice the way ERPNext makes it, draft then submit, recounted by its ledger
		copy = frappe.copy_doc(frappe.get_doc("Sales Invoice", invoice))
		copy.update(
			{"pm_billing_run": None, "from_date": "2027-01-01", "to_date": "2027-01-31", "docstatus": 0}
		)
		copy.insert()
		copy.submit()
		fields = ["outstanding_amount", "status", "docstatus", "grand_total"]
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", invoice, fields),
			frappe.db.get_value("Sales Invoice", copy.name, fields),
		)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", invoice, ["outstanding_amount", "status"]),
			(232.09, "Overdue"),
		)
		ledger = frappe.get_all(
			"Payment Ledger Entry",
			filters={"against_voucher_no": ("in", [invoice, copy.name])},
			fields=["against_voucher_no", "amount", "account", "party"],
		)
		self.assertEqual(sorted(row.amount for row in ledger), [232.09, 232.09])
		# a payment recounts it as ERPNext always does
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		pe = get_payment_entry("Sales Invoice", invoice)
		pe.update(
			{"reference_no": "T1", "reference_date": "2026-11-30", "paid_amount": 100, "received_amount": 100}
		)
		pe.references[0].allocated_amount = 100
		pe.insert()
		pe.submit()
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", invoice, ["outstanding_amount", "status"]),
			(132.09, "Overdue"),
		)

	def test_database_refuses_a_second_live_invoice_of_a_unit_payer_and_period(self):
		run = make_run()
		run.start()
		si = frappe.get_doc("Sales Invoice", results(run)[self.unit][0][1])
		copy = frappe.copy_doc(si)
		copy.pm_billing_run = run.name
		# through the documents: refused in words
		self.assertRaisesRegex(frappe.UniqueValidationError, "billed to .* already", copy.insert)
		# past that check (two workers at once): the database's unique key refuses it
		copy.name = "TE-SECOND-WORKER"
		self.assertRaises(frappe.UniqueValidationError, copy.db_insert)
		# through SQL, whatever writes it
		insert = """insert into `tabSales Invoice` (name, docstatus, is_return, customer, pm_unit, from_date,
			pm_billing_run) values (%s, %s, 0, %s, %s, %s, %s)"""
		with self.assertRaises(Exception) as refused:
			frappe.db.sql(insert, ("TE-BY-SQL", 0, si.customer, si.pm_unit, si.from_date, run.name))
		self.assertTrue(frappe.db.is_unique_key_violation(refused.exception))
		self.assertIn(f"{si.pm_unit}|{si.customer}|2026-12-01", str(refused.exception))
		# an invoice outside the billing runs (ERPNext's own, a return) holds no key
		frappe.db.sql(insert, ("TE-NOT-A-RUN", 1, si.customer, si.pm_unit, si.from_date, None))
		self.assertIsNone(billing_key("TE-NOT-A-RUN"))
		self.assertEqual(billing_key(si.name), f"{si.pm_unit}|{si.customer}|2026-12-01")
		# a cancelled invoice holds it no longer: its amendment takes it
		si.cancel()
		amended = frappe.copy_doc(si)
		amended.update({"amended_from": si.name, "pm_billing_run": run.name, "docstatus": 0})
		amended.insert()
		amended.submit()
		self.assertEqual(amended.name, f"{si.name}-1")
		self.assertIsNone(billing_key(si.name))
		self.assertEqual(billing_key(amended.name), f"{si.pm_unit}|{si.customer}|2026-12-01")

	def test_payment_notices_pdf_per_building(self):
		import shutil

		from pm_module.billing.doctype.billing_run.billing_run import download_payment_notices

		if not shutil.which("wkhtmltopdf"):
			self.skipTest("wkhtmltopdf is not installed: frappe makes no PDF on this machine")
		run = make_run()
		run.start()
		building = frappe.db.get_value("Unit", self.unit, "building")
		download_payment_notices(run.name, building)
		self.assertEqual(frappe.local.response.filename, f"{run.name}-{building}.pdf")
		self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
		self.assertRaises(frappe.ValidationError, download_payment_notices, run.name, "TE-NONE")
