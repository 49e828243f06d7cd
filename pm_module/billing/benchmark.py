"""Billing benchmark: a billing run on background workers beside the naive invoice loop.

Run it with scripts/benchmark.sh (it starts the workers); by hand:

    bench --site S execute pm_module.billing.benchmark.run --kwargs '{"units": 2000}'

It builds an estate of N units (once; the register is written directly, as an import would),
times the naive loop (`frappe.get_doc(...).insert(); .submit()` of the same invoices, one after
the other in this process) on a sample of units for one month, then a Billing Run of all units for
the next month on the workers, and prints invoices per second for both and the workers' peak
memory per batch (it must stay flat as N grows).
"""

import os
import resource
import subprocess
import time

import frappe
from frappe.utils import add_months, flt, get_first_day, getdate, today

from pm_module.billing.charges import compute_unit_charges, get_fee_items, period_end
from pm_module.billing.invoicing import build_invoice

ESTATE, CODE = "Benchmark Estate", "BM"
UNITS_PER_BUILDING = 100
RSS_KEY = "pm_billing_run_rss"
CPU_KEY = "pm_billing_run_cpu"


def run(
	units: int = 2000,
	sample: int | None = None,
	timeout_minutes: int = 60,
	sales_update_frequency: str | None = "Daily",
) -> dict:
	"""`sales_update_frequency`: Selling Settings' for both loops (the README's advice for a large
	site is Daily; "Each Transaction" measures ERPNext's default; None keeps the site's)."""
	frappe.flags.mute_emails = True
	company = ensure_company()
	if sales_update_frequency:
		frappe.db.set_single_value("Selling Settings", "sales_update_frequency", sales_update_frequency)
		frappe.db.commit()
	built = frappe.db.count("Unit", {"estate": ESTATE})
	if built > units:
		# the run bills the whole estate: a smaller N here would time the run on all the units built
		frappe.throw(
			f"The benchmark estate on this site has {built} units, more than the {units} asked for: "
			f"benchmark {built} units (--units {built}), or {units} on another site (PM_BENCH_SITE)."
		)
	build_estate(company, units)
	fees = get_fee_items(ESTATE)
	names = frappe.get_all("Unit", filters={"estate": ESTATE}, pluck="name", order_by="name", limit=units)

	# two fresh months per run, so that reruns of the benchmark measure new invoices
	naive_month = next_free_month()
	run_month = getdate(add_months(naive_month, 1))
	sample = sample or max(20, min(200, units // 10))

	build_meters(run_month)  # metered charges too: readings before each month billed
	db_start, own_start = database_cpu(), own_cpu()
	naive_rate = naive_loop(names[:sample], fees, naive_month, company)
	db_naive, own_naive = database_cpu(), own_cpu()
	result = billing_run(run_month, timeout_minutes)
	naive_cpu = (own_naive - own_start, db_naive - db_start)
	run_cpu = (result["cpu"], database_cpu() - db_naive)
	report = {
		"units": units,
		"sales_update_frequency": frappe.db.get_single_value("Selling Settings", "sales_update_frequency"),
		"naive_sample": sample,
		"naive_invoices_per_second": round(naive_rate, 2),
		"run_invoices": result["invoices"],
		"run_seconds": round(result["seconds"], 1),
		"run_invoices_per_second": round(result["invoices"] / result["seconds"], 2),
		"speedup": round(result["invoices"] / result["seconds"] / naive_rate, 2),
		"run_status": result["status"],
		"worker_peak_rss_mb_per_batch": result["rss"],
		# CPU seconds per invoice, (Python, MariaDB): MariaDB's only when it runs on this machine
		"naive_cpu_per_invoice": [round(c / sample, 4) for c in naive_cpu],
		"run_cpu_per_invoice": [round(c / max(result["invoices"], 1), 4) for c in run_cpu],
		"cpus": os.cpu_count(),
	}
	print_report(report)
	return report


def ensure_company() -> str:
	from pm_module.demo import complete_setup_wizard

	complete_setup_wizard()
	return frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")


def build_estate(company: str, units: int, estate: str = ESTATE, code: str = CODE) -> None:
	"""Estate, buildings, units, owners and their customers, fee items: written once, directly.
	Another `estate` (the scale benchmark builds several) needs its own `code`."""
	if not frappe.db.exists("Estate", estate):
		frappe.get_doc(
			{
				"doctype": "Estate",
				"estate_name": estate,
				"estate_code": code,
				"company": company,
				"billing_cycle": "Monthly",
			}
		).insert()
	make_fees(estate)
	have = frappe.db.count("Unit", {"estate": estate})
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name")
	for i in range(have, units):
		building_code = f"B{i // UNITS_PER_BUILDING + 1:03d}"
		building = f"{code}-{building_code}"
		if not frappe.db.exists("Building", building):
			frappe.get_doc(
				{"doctype": "Building", "estate": estate, "building_code": building_code, "floors": 25}
			).insert()
		floor, number = divmod(i % UNITS_PER_BUILDING, 4)
		unit_number = f"{floor + 1}{number + 1:02d}"
		unit = f"{building}-{unit_number}"
		area = 60 + (i * 7.31) % 90
		insert(
			"Unit",
			name=unit,
			building=building,
			unit_number=unit_number,
			unit_code=f"{building_code}-{unit_number}",
			estate=estate,
			unit_type="Residential",
			floor=floor + 1,
			gross_area=flt(area, 2),
			status="Occupied",
		)
		resident = f"{code}{i + 1:06d}"
		# the first estate's customers keep the names of sites built before there were several
		customer = f"Benchmark Owner {'' if code == CODE else code}{i + 1:06d}"
		insert(
			"Customer",
			name=customer,
			customer_name=customer,
			customer_type="Individual",
			customer_group=group,
			territory=territory,
		)
		insert(
			"Resident",
			name=resident,
			resident_code=resident,
			resident_name=customer,
			resident_type="Person",
			customer=customer,
		)
		insert(
			"Occupancy",
			name=f"OCC-{resident}",
			unit=unit,
			estate=estate,
			resident=resident,
			resident_name=customer,
			role="Owner",
			start_date="2020-01-01",
		)
		if i % 500 == 499:
			frappe.db.commit()
			print(f"built {i + 1} units")
	frappe.db.commit()


def insert(doctype: str, **values) -> None:
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.db_insert()


def make_fees(estate: str = ESTATE) -> None:
	for item, basis, rate, uom in (
		("Benchmark Property Fee", "Area", 2.5, "Square Meter"),
		("Benchmark Waste Fee", "Fixed", 10, "Month"),
		("Benchmark Water", "Metered", 4.2, "Cubic Meter"),
	):
		if not frappe.db.exists("Item", item):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": item,
					"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
					"stock_uom": uom,
					"is_stock_item": 0,
					"is_sales_item": 1,
				}
			).insert()
		if not frappe.db.exists("Fee Item", {"estate": estate, "item": item}):
			frappe.get_doc(
				{
					"doctype": "Fee Item",
					"fee_name": item,
					"estate": estate,
					"charge_basis": basis,
					"meter_type": "Water" if basis == "Metered" else None,
					"item": item,
					"rate": rate,
				}
			).insert()
	frappe.db.commit()


def build_meters(month) -> None:
	"""A water meter on every unit, read once a month (written directly, as an import would): the
	base reading, and a reading in each month before `month` that has none, so every run bills
	consumption. Readings of the two last months are left out for one unit in ten: the run bills
	those units' fixed fees and warns of the missing readings."""
	have = set(frappe.get_all("Meter", {"estate": ESTATE}, pluck="unit"))
	units = frappe.get_all("Unit", {"estate": ESTATE}, ["name", "building"], order_by="name")
	for i, unit in enumerate(u for u in units if u.name not in have):
		insert(
			"Meter",
			name=f"{unit.name}-W",
			meter_code=f"{unit.name}-W",
			meter_type="Water",
			scope="Unit",
			is_active=1,
			unit=unit.name,
			estate=ESTATE,
			building=unit.building,
			multiplier=1,
			max_reading=99999,
			uom="m³",
		)
		if i % 500 == 499:
			frappe.db.commit()
	frappe.db.commit()
	last = {
		r.meter: r
		for r in frappe.get_all(
			"Meter Reading",
			{"estate": ESTATE, "docstatus": 1},
			["meter", "max(reading_date) as reading_date", "max(reading) as reading"],
			group_by="meter",
		)
	}
	day = getdate(add_months(month, -1)).replace(day=25)
	for i, unit in enumerate(units):
		meter = f"{unit.name}-W"
		before = last.get(meter)
		if before and getdate(before.reading_date) >= day:
			continue
		if not before:
			reading(meter, unit, add_months(day, -1), 0, 0, "Base Reading")
			before = frappe._dict(reading=0, reading_date=add_months(day, -1))
		if i % 10 == 0 and frappe.db.count("Meter Reading", {"meter": meter}) > 1:
			continue  # late readings: this unit's meter was not read this month
		used = 8 + i % 17
		reading(meter, unit, day, flt(before.reading) + used, used, "Normal", before)
		if i % 500 == 499:
			frappe.db.commit()
	frappe.db.commit()


def reading(meter: str, unit: dict, day, value: float, used: float, kind: str, before=None) -> None:
	insert(
		"Meter Reading",
		name=f"MR-{meter}-{getdate(day).isoformat()}",
		meter=meter,
		meter_type="Water",
		unit=unit.name,
		estate=ESTATE,
		reading_date=day,
		reading_type=kind,
		reading=value,
		previous_reading=before.reading if before else 0,
		previous_reading_date=before.reading_date if before else None,
		multiplier=1,
		consumption=used,
		docstatus=1,
	)
	frappe.db.set_value(
		"Meter", meter, {"last_reading": value, "last_reading_date": day}, update_modified=False
	)


def next_free_month():
	"""The first month from this one that neither the naive loop nor a run has billed."""
	month = getdate(get_first_day(today()))
	while frappe.db.exists("Sales Invoice", {"pm_estate": ESTATE, "from_date": month}) or frappe.db.exists(
		"Billing Run", {"estate": ESTATE, "from_date": month}
	):
		month = getdate(add_months(month, 1))
	return month


def naive_loop(units: list[str], fees: list[dict], month, company: str) -> float:
	"""The same invoices made one by one with get_doc().insert() and submit(), committed each."""
	unit_fields = ["name", "estate", "building", "unit_type", "gross_area", "status", "billing_cycle"]
	start = time.monotonic()
	for name in units:
		unit = frappe.db.get_value("Unit", name, unit_fields, as_dict=True)
		for charges in compute_unit_charges(unit, month, "Monthly", fees):
			si = build_invoice(
				charges,
				customer=frappe.db.get_value("Resident", charges.payer, "customer"),
				unit=unit,
				company=company,
				cost_center=None,
				from_date=month,
				to_date=period_end(month, "Monthly"),
				posting_date=today(),
				due_date=today(),
			)
			si.insert()
			si.submit()
		frappe.db.commit()
	return len(units) / (time.monotonic() - start)


def billing_run(month, timeout_minutes: int) -> dict:
	run = frappe.get_doc(
		{
			"doctype": "Billing Run",
			"estate": ESTATE,
			"billing_cycle": "Monthly",
			"from_date": month,
			"posting_date": today(),
			"due_date": today(),
		}
	).insert()
	frappe.db.commit()
	frappe.cache.delete_value(f"{RSS_KEY}|{run.name}")
	frappe.cache.delete_value(f"{CPU_KEY}|{run.name}")
	start = time.monotonic()
	run.start()
	frappe.db.commit()
	deadline = start + timeout_minutes * 60
	while time.monotonic() < deadline:
		time.sleep(2)
		frappe.db.rollback()  # a fresh snapshot of the workers' commits
		status, processed = frappe.db.get_value("Billing Run", run.name, ["status", "processed_units"])
		if status.startswith("Completed"):
			break
		print(f"  {processed}/{run.total_units} units", end="\r")
	seconds = time.monotonic() - start
	run.reload()
	rss = [round(int(v) / 1024, 1) for v in reversed(frappe.cache.lrange(f"{RSS_KEY}|{run.name}", 0, -1))]
	cpu = sum(float(v) for v in frappe.cache.lrange(f"{CPU_KEY}|{run.name}", 0, -1))
	frappe.cache.delete_value(f"{RSS_KEY}|{run.name}")
	frappe.cache.delete_value(f"{CPU_KEY}|{run.name}")
	return {"invoices": run.invoice_count, "seconds": seconds, "status": run.status, "rss": rss, "cpu": cpu}


def record_peak_memory(billing_run: str) -> None:
	"""Called by each batch: the worker's peak resident memory (KiB) and the CPU time of the batch's
	process (RQ runs each job in a process of its own), for the benchmark."""
	frappe.cache.lpush(f"{RSS_KEY}|{billing_run}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
	frappe.cache.lpush(f"{CPU_KEY}|{billing_run}", own_cpu())


def own_cpu() -> float:
	usage = resource.getrusage(resource.RUSAGE_SELF)
	return usage.ru_utime + usage.ru_stime


def database_cpu() -> float:
	"""CPU seconds MariaDB has used, when it runs on this machine (0 when it does not)."""
	try:
		pid = subprocess.run(["pidof", "mariadbd", "mysqld"], capture_output=True, text=True).stdout.split()
		fields = open(f"/proc/{pid[0]}/stat").read().rsplit(")", 1)[1].split()
		return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
	except (OSError, IndexError, ValueError):
		return 0.0


def print_report(report: dict) -> None:
	rss = report["worker_peak_rss_mb_per_batch"]
	print()
	print(f"units billed:                 {report['units']}")
	print(f"ERPNext's sales recount:      {report['sales_update_frequency']} (Selling Settings)")
	print(
		f"naive loop:                   {report['naive_invoices_per_second']} invoices/s ({report['naive_sample']} units)"
	)
	print(
		f"billing run:                  {report['run_invoices_per_second']} invoices/s "
		f"({report['run_invoices']} invoices in {report['run_seconds']} s, {report['run_status']})"
	)
	print(f"speedup over the naive loop:  {report['speedup']}x")
	if rss:
		print(f"worker peak memory per batch: first {rss[0]} MB, last {rss[-1]} MB, max {max(rss)} MB")
	naive, run = report["naive_cpu_per_invoice"], report["run_cpu_per_invoice"]
	print(
		f"CPU per invoice (Python + MariaDB): naive loop {naive[0]} + {naive[1]} s, billing run {run[0]} + {run[1]} s"
	)
	if sum(run):
		# what the machine's cores allow at the run's CPU per invoice, if every core were busy with it
		bound = report["cpus"] / sum(run)
		print(
			f"CPU bound on {report['cpus']} cores:      {bound:.2f} invoices/s, "
			f"{bound / report['naive_invoices_per_second']:.2f}x the naive loop; "
			f"the run reached {report['run_invoices_per_second'] / bound:.0%} of it"
		)
