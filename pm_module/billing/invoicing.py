"""Charges become ERPNext Sales Invoices: one per payer, unit and period, submitted.

The invoice carries the estate and unit (custom fields) and the period (ERPNext's own from_date /
to_date), which together are the key that makes billing idempotent: a unit's payer is never billed
twice for a period while a non-cancelled invoice exists.
"""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from pm_module.billing.charges import PayerCharges

CUSTOM_FIELDS = {
	"Sales Invoice": [
		{
			"fieldname": "pm_section",
			"fieldtype": "Section Break",
			"label": "Property Management",
			"insert_after": "to_date",
			"collapsible": 1,
		},
		{
			"fieldname": "pm_estate",
			"fieldtype": "Link",
			"label": "Estate",
			"options": "Estate",
			"insert_after": "pm_section",
			"read_only": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "pm_unit",
			"fieldtype": "Link",
			"label": "Unit",
			"options": "Unit",
			"insert_after": "pm_estate",
			"read_only": 1,
			"search_index": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "pm_column_break",
			"fieldtype": "Column Break",
			"insert_after": "pm_unit",
		},
		{
			"fieldname": "pm_resident",
			"fieldtype": "Link",
			"label": "Resident",
			"options": "Resident",
			"insert_after": "pm_column_break",
			"read_only": 1,
		},
		{
			"fieldname": "pm_billing_run",
			"fieldtype": "Link",
			"label": "Billing Run",
			"options": "Billing Run",
			"insert_after": "pm_resident",
			"read_only": 1,
			"no_copy": 1,
		},
	]
}


def make_custom_fields() -> None:
	# only when something differs: altering the table is DDL, which commits the transaction
	if not all(_is_current(doctype, df) for doctype, fields in CUSTOM_FIELDS.items() for df in fields):
		create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def _is_current(doctype: str, df: dict) -> bool:
	current = frappe.db.get_value(
		"Custom Field", {"dt": doctype, "fieldname": df["fieldname"]}, list(df), as_dict=True
	)
	return bool(current) and all(current.get(key) == value for key, value in df.items())


def delete_custom_fields() -> None:
	for doctype, fields in CUSTOM_FIELDS.items():
		for df in fields:
			frappe.delete_doc("Custom Field", f"{doctype}-{df['fieldname']}", ignore_missing=True, force=True)


class InvoiceNumbers:
	"""Sales Invoice numbers reserved a block at a time, each block in its own short transaction.

	ERPNext numbers an invoice by locking its naming series until the transaction ends, so billing
	workers that each hold the lock for a whole invoice would take turns instead of working side by
	side. Numbers left in a block when a batch ends are not used (a gap in the series)."""

	def __init__(self, block: int = 10):
		self.block = block
		self.pool: list[str] = []

	def refill(self, at_least: int, commit) -> None:
		"""Top up between units (`commit` ends the reservation's transaction; the unit before is done)."""
		if len(self.pool) < at_least:
			self.pool += reserve_invoice_names(self.block)
			commit()

	def take(self) -> str | None:
		# empty pool: ERPNext's own numbering, as for any invoice
		return self.pool.pop(0) if self.pool else None


def reserve_invoice_names(count: int) -> list[str]:
	from frappe.model.naming import getseries, parse_naming_series

	field = frappe.get_meta("Sales Invoice").get_field("naming_series")
	series = field.default or field.options.split("\n")[0]
	series = series if "#" in series else f"{series}.#####"
	reserved: list[str] = []

	def take_block(prefix: str, digits: int) -> str:
		first = int(getseries(prefix, digits))  # locks the series row (and creates it when new)
		frappe.db.sql(
			"UPDATE `tabSeries` SET `current` = `current` + %s WHERE `name` = %s", (count - 1, prefix)
		)
		reserved.extend(f"{prefix}{n:0{digits}d}" for n in range(first, first + count))
		return f"{first:0{digits}d}"

	parse_naming_series(series, doctype="Sales Invoice", number_generator=take_block)
	return reserved


def find_invoice(unit: str, customer: str, from_date) -> str | None:
	"""The non-cancelled invoice of this unit, customer and period, if it was billed already."""
	return frappe.db.get_value(
		"Sales Invoice",
		{"pm_unit": unit, "customer": customer, "from_date": from_date, "docstatus": ("<", 2)},
	)


def make_invoice(charges: PayerCharges, *, name: str | None = None, **details) -> "frappe.Document":
	"""Create and submit the Sales Invoice of one payer's charges (the caller checked find_invoice).

	Inserted as submitted, in one save: validating a draft and then validating it again to submit
	costs twice the work per invoice for nothing."""
	si = build_invoice(charges, **details)
	if name:
		si.name, si.flags.name_set = name, True
	si.submit()
	return si


def build_invoice(
	charges: PayerCharges,
	*,
	customer: str,
	unit: dict,
	company: str,
	cost_center: str | None,
	from_date,
	to_date,
	posting_date,
	due_date,
	billing_run: str | None = None,
) -> "frappe.Document":
	"""The unsaved Sales Invoice of one payer's charges."""
	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"company": company,
			"customer": customer,
			"posting_date": posting_date,
			"set_posting_time": 1,
			"due_date": due_date,
			"from_date": from_date,
			"to_date": to_date,
			"cost_center": cost_center,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			# our rates are the tariff: no price list or pricing rule may change them
			"ignore_pricing_rule": 1,
			"pm_estate": unit["estate"],
			"pm_unit": unit["name"],
			"pm_resident": charges.payer,
			"pm_billing_run": billing_run,
			"remarks": _("Property fees of unit {0} for {1} ~ {2}").format(unit["name"], from_date, to_date),
		}
	)
	for line in charges.lines:
		si.append(
			"items",
			{
				"item_code": line.item_code,
				"qty": line.qty,
				"rate": line.rate,
				"description": line.description,
				"income_account": line.income_account,
				"cost_center": cost_center,
			},
		)
	return si
