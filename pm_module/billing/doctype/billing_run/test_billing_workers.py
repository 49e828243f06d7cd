# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""A billing run whose batches are taken by several workers at once, in separate processes as
workers on other hosts would be, with a second start of the same run racing the first: every unit
is billed once.

Workers commit, so this test's estate and invoices are committed on the test site: the estate is
made once and kept, and each run of the test bills a month of its own."""

import json
import subprocess
import sys

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, get_bench_path, getdate, today

from pm_module.billing.doctype.billing_run.billing_run import BillingRun
from pm_module.tests.utils import (
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
)

ESTATE, CODE, UNITS = "_Test Worker Estate", "TW", 12
FIRST_MONTH = getdate("2025-12-01")  # each run of the test bills the month before the last one


def worker(billing_run: str, units: list[str]) -> subprocess.Popen:
	"""A separate process taking one batch, as an RQ worker on another host would."""
	return subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"execute",
			"pm_module.billing.doctype.billing_run.billing_run.bill_units",
			"--kwargs",
			json.dumps({"billing_run": billing_run, "units": units}),
		],
		cwd=f"{get_bench_path()}/sites",
		stdout=subprocess.PIPE,
		stderr=subprocess.STDOUT,
		text=True,
	)


class TestBillingAcrossWorkers(FrappeTestCase):
	def setUp(self):
		make_estate(ESTATE, CODE)
		building = make_building("W", estate=ESTATE, assistants=[])
		self.units = []
		for i in range(UNITS):
			unit = make_unit(f"{i + 1:02d}01", building=building, area=80 + i, status="Occupied")
			if not frappe.db.exists("Occupancy", {"unit": unit}):
				make_occupancy(unit, make_resident(f"多进程业主{i + 1}").name, "Owner", "2000-01-01")
			self.units.append(unit)
		if not frappe.db.exists("Fee Item", {"estate": ESTATE}):
			make_fee("PM Worker Property Fee", 2, estate=ESTATE)
		frappe.db.commit()  # the workers are other processes: they see only what is committed

	def test_batches_on_several_workers_and_a_racing_start(self):
		month = add_months(FIRST_MONTH, -frappe.db.count("Billing Run", {"estate": ESTATE}))
		run: BillingRun = frappe.get_doc(
			{
				"doctype": "Billing Run",
				"estate": ESTATE,
				"billing_cycle": "Monthly",
				"from_date": month,
				"posting_date": today(),
			}
		).insert()
		run.db_set({"status": "Queued", "total_units": UNITS})
		frappe.db.commit()

		# the run's two batches on two workers, while a second start of the run sends every unit to
		# two more workers (overlapping both batches, in another order)
		half = UNITS // 2
		procs = [
			worker(run.name, self.units[:half]),
			worker(run.name, self.units[half:]),
			worker(run.name, list(reversed(self.units))),
			worker(run.name, self.units[half // 2 : half + half // 2]),
		]
		outputs = [p.communicate(timeout=600)[0] for p in procs]
		for p, out in zip(procs, outputs, strict=True):
			self.assertEqual(p.returncode, 0, out[-3000:])

		frappe.db.rollback()  # a fresh snapshot of what the workers committed
		invoices = frappe.get_all(
			"Sales Invoice",
			filters={"pm_billing_run": run.name, "docstatus": 1},
			fields=["name", "pm_unit", "customer", "grand_total"],
		)
		self.assertEqual(sorted(i.pm_unit for i in invoices), sorted(self.units))  # each unit once
		results = frappe.get_all(
			"Billing Run Result", filters={"billing_run": run.name}, fields=["unit", "status"]
		)
		self.assertEqual(sorted(r.unit for r in results), sorted(self.units))
		self.assertEqual({r.status for r in results}, {"Invoiced"})
		# the names follow estate, period and unit, none taken twice, none lost
		self.assertEqual(
			sorted(i.name for i in invoices),
			sorted(f"{CODE}-{getdate(month):%Y-%m}-{u}" for u in self.units),
		)
		# every invoice balanced on the books, once
		for inv in invoices:
			debit, credit = frappe.db.sql(
				"select sum(debit), sum(credit) from `tabGL Entry` where voucher_no=%s and is_cancelled=0",
				inv.name,
			)[0]
			self.assertEqual((debit, credit), (inv.grand_total, inv.grand_total))
		run.reload()
		self.assertEqual((run.status, run.invoice_count, run.processed_units), ("Completed", UNITS, UNITS))
