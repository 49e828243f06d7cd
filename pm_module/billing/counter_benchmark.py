"""Fee counter benchmark, on the billing benchmark's estate (pm_module.billing.benchmark).

The cashier's two waits: finding a unit and listing what it owes (targets: under 0.3 s), and paying
a year of twelve overdue monthly invoices with their late fees in one receipt (under 1 s). Run by
scripts/benchmark.sh after the billing figures, or alone:

    bench --site S execute pm_module.billing.counter_benchmark.run --kwargs '{"units": 2000}'

Each measured unit is given twelve overdue monthly invoices of last year first (made with the billing
code, committed), so the figures come from real rows in ERPNext's tables; the estate's other
invoices stay as the billing benchmark left them. Times are median and worst of the runs.
"""

import statistics
import time

import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate, today

from pm_module.billing.benchmark import ESTATE, build_estate, ensure_company
from pm_module.billing.charges import PayerCharges, SkipUnit, compute_unit_charges, get_fee_items, period_end
from pm_module.billing.counter import find, get_account, setup_counter, take_payment
from pm_module.billing.invoicing import find_invoice, make_invoice

UNIT_FIELDS = [
	"name",
	"estate",
	"building",
	"unit_type",
	"gross_area",
	"status",
	"billing_cycle",
	"unit_code",
]


def run(units: int = 2000, runs: int = 5) -> dict:
	frappe.flags.mute_emails = True
	company = ensure_company()
	build_estate(company, units)
	setup_counter(company)
	frappe.db.commit()
	paid = set(frappe.get_all("Payment Entry", {"pm_estate": ESTATE}, pluck="pm_unit", distinct=True))
	names = [
		u
		for u in frappe.get_all("Unit", {"estate": ESTATE}, pluck="name", order_by="name desc")
		if u not in paid
	][:runs]
	for name in names:
		year_of_arrears(name, company)

	lookups, payments = [], []
	for name in names:
		code = frappe.db.get_value("Unit", name, "unit_code") or name
		start = time.monotonic()
		(unit,) = [u for u in find(code) if u.name == name]
		account = get_account(unit.name)
		lookups.append(time.monotonic() - start)

		invoices = account["invoices"]
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


def year_of_arrears(name: str, company: str) -> None:
	"""Twelve monthly invoices of the past year for the unit, unpaid and overdue (made once)."""
	unit = frappe.db.get_value("Unit", name, UNIT_FIELDS, as_dict=True)
	fees = get_fee_items(ESTATE)
	first = getdate(add_months(get_first_day(today()), -13))
	ensure_fiscal_year(add_days(first, -15), company)
	for m in range(12):
		month = getdate(add_months(first, m))
		try:
			payers = compute_unit_charges(unit, month, "Monthly", fees)
		except SkipUnit:
			continue  # billed already (by an earlier run of this benchmark)
		for charges in payers:
			customer = frappe.db.get_value("Resident", charges.payer, "customer")
			if find_invoice(name, customer, month):
				continue
			make_invoice(
				PayerCharges(charges.payer, charges.lines),
				customer=customer,
				unit=unit,
				company=company,
				cost_center=None,
				from_date=month,
				to_date=period_end(month, "Monthly"),
				posting_date=add_days(month, -15),
				due_date=add_days(month, -8),
			)
	frappe.db.commit()


def ensure_fiscal_year(day, company: str) -> None:
	"""The books must be open on the first invoice's posting date (a site set up this year has only
	this year's Fiscal Year)."""
	from erpnext.accounts.utils import get_fiscal_year

	try:
		get_fiscal_year(day, company=company)
	except Exception:
		year = getdate(day).year
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
				"companies": [{"company": company}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
