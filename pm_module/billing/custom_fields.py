"""The fields pm_module adds to ERPNext's documents (custom fields, made on install and migrate).

Sales Invoice: the estate, unit, resident and billing run of a fee invoice (the key of billing's
idempotence), and on a final invoice the day up to which it billed its payer's meter readings.
Payment Entry: the estate and unit of a counter payment, its receipt number (收据号, a series of its
own without gaps) and how often the receipt was printed. Payment Entry Deduction: the rows the
counter adds, each saying what it is: a late fee charged on an invoice, or the part paid by a
further mode of payment.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields


def estate_and_unit(insert_after: str) -> list[dict]:
	"""A collapsible "Property Management" section with the document's estate and unit (filters of
	the list and of the estate scope), and a column for what follows."""
	return [
		{
			"fieldname": "pm_section",
			"fieldtype": "Section Break",
			"label": "Property Management",
			"insert_after": insert_after,
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
		{"fieldname": "pm_column_break", "fieldtype": "Column Break", "insert_after": "pm_unit"},
	]


CUSTOM_FIELDS = {
	"Sales Invoice": [
		*estate_and_unit(insert_after="to_date"),
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
		{
			# a final invoice (move-out) billed its payer's meter readings up to this day (the
			# readings themselves are listed in pm_meter_readings and point at the invoice)
			"fieldname": "pm_readings_until",
			"fieldtype": "Date",
			"label": "Meter Readings Billed Until",
			"insert_after": "pm_billing_run",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			# the meter readings whose consumption the invoice bills (a JSON list: reading, meter,
			# previous and this reading with their dates, consumption, the part billed here); each
			# reading is billed once per payer, and the payment notice prints them
			"fieldname": "pm_meter_readings",
			"fieldtype": "Long Text",
			"label": "Meter Readings Billed",
			"insert_after": "pm_readings_until",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
	],
	"Payment Entry": [
		*estate_and_unit(insert_after="remarks"),
		{
			"fieldname": "pm_receipt_no",
			"fieldtype": "Data",
			"label": "Receipt No.",
			"insert_after": "pm_column_break",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "pm_receipt_prints",
			"fieldtype": "Int",
			"label": "Receipt Prints",
			"insert_after": "pm_receipt_no",
			"read_only": 1,
			"no_copy": 1,
			"allow_on_submit": 1,
		},
	],
	"Payment Entry Deduction": [
		{
			"fieldname": "pm_sales_invoice",
			"fieldtype": "Link",
			"label": "Late Fee on Invoice",
			"options": "Sales Invoice",
			"insert_after": "description",
			"read_only": 1,
		},
		{
			"fieldname": "pm_mode_of_payment",
			"fieldtype": "Link",
			"label": "Paid by Mode of Payment",
			"options": "Mode of Payment",
			"insert_after": "pm_sales_invoice",
			"read_only": 1,
		},
	],
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
