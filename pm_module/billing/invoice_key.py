"""A billing run's invoices: names that need no series, and a key in the database against billing twice.

Names. A run's invoice is named after its estate, period and unit: HG-2026-11-HG-A-1203 is the
invoice of unit HG-A-1203 of the estate coded HG for November 2026 (a quarter or half-year by its
first month). When a unit has several payers in a period, the second payer's invoice is ...-B, the
third's ...-C; an invoice billed again after its cancellation takes the next number, as ERPNext
numbers an amendment (...-1, ...-2). No counter is shared, so no number is ever lost and billing
workers never wait on one another for a number; invoices made outside billing runs keep ERPNext's
naming series.

Key. `tabSales Invoice` has a persistent generated column, pm_billing_key: unit | customer | first
day of the period for a live (draft or submitted) billing-run invoice that is not a return, NULL
for every other invoice. Its UNIQUE index makes the database refuse a second live run invoice of a
unit, payer and period, whichever worker or statement writes it; a cancelled invoice no longer
holds the key, so its amendment may take it. ERPNext's own invoices (no billing run) have no key.
check_billed_once (Sales Invoice validate) refuses the same in words before the database must.
"""

from string import ascii_uppercase

import frappe
from frappe import _
from frappe.utils import getdate

KEY_COLUMN = "pm_billing_key"
KEY_EXPRESSION = (
	"if(`docstatus` < 2 and `is_return` = 0 and ifnull(`pm_billing_run`, '') != '', "
	"concat_ws('|', `pm_unit`, `customer`, `from_date`), null)"
)


def run_invoice_name(unit: dict, customer: str, from_date) -> str:
	"""The name of a run invoice of `unit` (name, estate) billing `customer` for the period from
	`from_date` (the caller holds the unit's row lock, so no other worker names one of its invoices)."""
	code = frappe.get_cached_value("Estate", unit["estate"], "estate_code")
	base = f"{code}-{getdate(from_date):%Y-%m}-{unit['name']}"
	rows = frappe.db.sql(
		"""select name, customer from `tabSales Invoice`
		where pm_unit = %s and from_date = %s and name like %s""",
		(unit["name"], from_date, f"{base}%"),
		as_dict=True,
	)
	stems = [base] + [f"{base}-{letter}" for letter in ascii_uppercase[1:]]

	def holders(stem: str) -> set[str]:
		return {r.customer for r in rows if r.name == stem or is_renumbered(r.name, stem)}

	# the payer's own stem if they were billed for the period before, else the first one unused
	stem = next((s for s in stems if customer in holders(s)), None) or next(
		s for s in stems if not holders(s)
	)
	taken = {r.name for r in rows}
	name, number = stem, 0
	while name in taken:
		number += 1
		name = f"{stem}-{number}"
	return name


def is_renumbered(name: str, stem: str) -> bool:
	"""Whether `name` is `stem` billed again or amended (stem-1, stem-2 ...)."""
	return name.startswith(f"{stem}-") and name[len(stem) + 1 :].isdigit()


def check_billed_once(doc, method=None) -> None:
	"""Sales Invoice validate: a live run invoice of a unit, payer and period that has one already is
	refused in words (the database's unique key would refuse it too, in its own words)."""
	if not doc.get("pm_billing_run") or doc.is_return or doc.docstatus == 2:
		return
	# a plain query: it runs for every invoice a billing run makes
	other = frappe.db.sql(
		"""select name from `tabSales Invoice` where pm_unit = %s and customer = %s and from_date = %s
		and docstatus < 2 and is_return = 0 and ifnull(pm_billing_run, '') != '' and name != %s limit 1""",
		(doc.pm_unit, doc.customer, doc.from_date, doc.name or ""),
	)
	other = other[0][0] if other else None
	if other:
		frappe.throw(
			_("Unit {0} is billed to {1} for the period from {2} already: invoice {3}").format(
				doc.pm_unit, doc.customer, doc.from_date, other
			),
			frappe.UniqueValidationError,
			title=_("Already Billed"),
		)


# The key in the database -------------------------------------------------------------------------


def has_billing_key() -> bool:
	return bool(frappe.db.sql(f"show columns from `tabSales Invoice` like '{KEY_COLUMN}'"))


def add_billing_key() -> None:
	"""The generated column and its unique index (after install and migrate, once the custom fields
	it reads exist). Not while two live run invoices share a key: they are named, to cancel one."""
	if has_billing_key():
		return
	twice = frappe.db.sql(
		f"""select group_concat(name order by name separator ', ') from `tabSales Invoice`
		where {KEY_EXPRESSION} is not null group by {KEY_EXPRESSION} having count(*) > 1 limit 20"""
	)
	if twice:
		frappe.throw(
			_("Cancel one of each of these live invoices of the same unit, payer and period: {0}").format(
				"; ".join(row[0] for row in twice)
			),
			title=_("Billed Twice"),
		)
	frappe.db.commit()  # DDL commits the transaction anyway
	frappe.db.sql_ddl(
		f"""alter table `tabSales Invoice`
		add column `{KEY_COLUMN}` varchar(320) as ({KEY_EXPRESSION}) persistent,
		add unique index `{KEY_COLUMN}` (`{KEY_COLUMN}`)"""
	)


def drop_billing_key() -> None:
	"""Before uninstall: before the custom fields it reads are dropped."""
	if has_billing_key():
		frappe.db.commit()
		frappe.db.sql_ddl(f"alter table `tabSales Invoice` drop column `{KEY_COLUMN}`")
