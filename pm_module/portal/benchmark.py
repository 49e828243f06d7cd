"""Resident portal benchmark, on the billing benchmark's estate (pm_module.billing.benchmark).

Every portal page, rendered whole (frappe's website renderer, as a request gets it) for a resident of
the estate whose unit has a year of monthly invoices (pm_module.billing.history), as that resident's
website user. Target: every page under 0.5 s. Run by scripts/benchmark.sh, or alone:

    bench --site S execute pm_module.portal.benchmark.run --kwargs '{"units": 2000}'
"""

import statistics
import time

import frappe
from frappe.utils import get_html_for_route

from pm_module.billing.benchmark import ESTATE, build_estate, ensure_company
from pm_module.billing.history import build_history
from pm_module.setup.positions import RESIDENT

PAGES = (
	"/property",
	"/property/house",
	"/property/bills",
	"/property/repairs",
	"/property/complaints",
	"/property/slips",
	"/property/notices",
)
TARGET_SECONDS = 0.5
BENCH_USER = "portal-benchmark-resident@example.com"


def run(units: int = 2000, runs: int = 5) -> dict:
	frappe.flags.mute_emails = True
	company = ensure_company()
	build_estate(company, units)
	frappe.db.commit()
	build_history(ESTATE, months=12)
	resident, unit = resident_with_history()
	user = link_user(resident)
	frappe.db.commit()

	timings = {}
	frappe.set_user(user)
	try:
		for page in PAGES:
			get_html_for_route(page)  # warm: the first render compiles the templates
			times = []
			for _ in range(runs):
				start = time.monotonic()
				html = get_html_for_route(page)
				times.append(time.monotonic() - start)
			timings[page] = {
				"median": round(statistics.median(times), 3),
				"worst": round(max(times), 3),
				"ok": "pm-tabs" in html,
			}
	finally:
		frappe.set_user("Administrator")
		frappe.local.request = None
	report = {
		"units_in_estate": frappe.db.count("Unit", {"estate": ESTATE}),
		"resident": resident,
		"unit": unit,
		"invoices_of_unit": frappe.db.count("Sales Invoice", {"pm_unit": unit, "docstatus": 1}),
		"pages": timings,
	}
	print_report(report)
	return report


def resident_with_history() -> tuple[str, str]:
	"""The payer of the estate's unit with the most fee invoices."""
	row = frappe.db.sql(
		"""select si.pm_unit, count(*) n from `tabSales Invoice` si join `tabUnit` u on u.name = si.pm_unit
		where u.estate = %s and si.docstatus = 1 group by si.pm_unit order by n desc limit 1""",
		ESTATE,
	)
	unit = row[0][0]
	customer = frappe.db.get_value("Sales Invoice", {"pm_unit": unit, "docstatus": 1}, "customer")
	return frappe.db.get_value("Resident", {"customer": customer}), unit


def link_user(resident: str) -> str:
	if not frappe.db.exists("User", BENCH_USER):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": BENCH_USER,
				"first_name": "Portal Benchmark",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": RESIDENT}],
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Resident", {"user": BENCH_USER}, "user", None)
	frappe.db.set_value("Resident", resident, "user", BENCH_USER)
	return BENCH_USER


def print_report(report: dict) -> None:
	print(
		f"\nResident portal: {report['units_in_estate']} units; resident {report['resident']} of "
		f"{report['unit']} with {report['invoices_of_unit']} invoices (target < {TARGET_SECONDS} s per page)"
	)
	for page, t in report["pages"].items():
		verdict = "ok" if t["worst"] < TARGET_SECONDS and t["ok"] else "SLOW" if t["ok"] else "FAILED"
		print(f"  {page:<24} median {t['median']:.3f} s   worst {t['worst']:.3f} s   {verdict}")
