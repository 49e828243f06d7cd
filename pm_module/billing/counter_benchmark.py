"""Fee counter benchmark, on the billing benchmark's estate (pm_module.billing.benchmark).

The cashier's two waits: finding a unit and listing what it owes (targets: under 0.3 s), and paying
a year of twelve overdue monthly invoices with their late fees in one receipt (under 1 s). Run by
scripts/benchmark.sh after the billing figures, or alone:

    bench --site S execute pm_module.billing.counter_benchmark.run --kwargs '{"units": 2000}'

The estate is given a year of monthly fee invoices for every unit first (pm_module.billing.history:
real rows in ERPNext's tables, written as an import would; made once), one unit in ten leaving its
year unpaid. The measured units are such units, not paid at the counter before; each pays its
twelve overdue invoices with their late fees. Times are median and worst of the runs.
"""

import statistics
import time

import frappe

from pm_module.billing.benchmark import ESTATE, build_estate, ensure_company
from pm_module.billing.counter import find, get_account, setup_counter, take_payment
from pm_module.billing.history import build_history

PAID_PER_RECEIPT = 12


def run(units: int = 2000, runs: int = 5, months: int = 12, unpaid_every: int = 10) -> dict:
	frappe.flags.mute_emails = True
	company = ensure_company()
	build_estate(company, units)
	setup_counter(company)
	frappe.db.commit()
	history = build_history(ESTATE, months=months, unpaid_every=unpaid_every)
	per_receipt = min(months, PAID_PER_RECEIPT)
	names = units_in_arrears(runs, per_receipt)

	lookups, payments = [], []
	for name in names:
		code = frappe.db.get_value("Unit", name, "unit_code") or name
		start = time.monotonic()
		(unit,) = [u for u in find(code) if u.name == name]
		account = get_account(unit.name)
		lookups.append(time.monotonic() - start)

		invoices = account["invoices"][:per_receipt]  # the year overdue, oldest first
		total = sum(i.outstanding_amount + i.late_fee for i in invoices)
		start = time.monotonic()
		take_payment(
			name,
			invoices[0].customer,
			[{"mode_of_payment": account["modes_of_payment"][0], "amount": round(total, 2)}],
			[{"name": i.name, "outstanding": i.outstanding_amount} for i in invoices],
		)
		frappe.db.commit()
		payments.append(time.monotonic() - start)

	report = {
		"units_in_estate": frappe.db.count("Unit", {"estate": ESTATE}),
		"fee_invoices_on_site": frappe.db.count("Sales Invoice", {"pm_unit": ("is", "set")}),
		"history_seconds": history["seconds"],
		"invoices_paid_per_receipt": len(invoices),
		"lookup_median_s": round(statistics.median(lookups), 3),
		"lookup_worst_s": round(max(lookups), 3),
		"payment_median_s": round(statistics.median(payments), 3),
		"payment_worst_s": round(max(payments), 3),
	}
	print()
	print(
		f"fee counter on {report['units_in_estate']} units, {report['fee_invoices_on_site']} fee invoices on the site:"
	)
	print(
		f"  find a unit and list what it owes: median {report['lookup_median_s']} s, worst {report['lookup_worst_s']} s (target < 0.3 s)"
	)
	print(
		f"  pay {report['invoices_paid_per_receipt']} invoices with late fees:      median {report['payment_median_s']} s, worst {report['payment_worst_s']} s (target < 1 s)"
	)
	return report


def units_in_arrears(count: int, invoices: int = PAID_PER_RECEIPT) -> list[str]:
	"""Units of the estate owing `invoices` overdue invoices or more, never paid at the counter."""
	si, pe = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Payment Entry")
	paid_at_counter = frappe.qb.from_(pe).select(pe.pm_unit).where(pe.pm_estate == ESTATE).distinct()
	return (
		frappe.qb.from_(si)
		.select(si.pm_unit)
		.where(si.pm_estate == ESTATE)
		.where(si.docstatus == 1)
		.where(si.outstanding_amount > 0)
		.where(si.due_date < frappe.utils.today())
		.where(si.pm_unit.notin(paid_at_counter))
		.groupby(si.pm_unit)
		.having(frappe.query_builder.functions.Count("*") >= invoices)
		.orderby(si.pm_unit, order=frappe.qb.desc)
		.limit(count)
		.run(pluck=True)
	)
