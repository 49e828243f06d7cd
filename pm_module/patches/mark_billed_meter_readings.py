"""Meter readings billed before invoices listed the readings they bill (issue 13): a billing run
billed, in arrears, the readings dated before its period, and a move-out's final invoice its
payer's readings up to its pm_readings_until. Such readings point at the invoice that billed them,
so that the runs (which now bill every reading not billed yet, whatever its date) do not bill them
again."""

import frappe


def execute():
	if not frappe.db.has_column("Meter Reading", "sales_invoice") or not frappe.db.has_column(
		"Sales Invoice", "pm_readings_until"
	):
		return
	readings = frappe.db.sql(
		"""select name, unit, reading_date, creation from `tabMeter Reading`
		where docstatus = 1 and reading_type != 'Base Reading' and ifnull(sales_invoice, '') = ''""",
		as_dict=True,
	)
	for reading in readings:
		invoice = frappe.db.sql(
			"""select name from `tabSales Invoice`
			where pm_unit = %(unit)s and docstatus = 1 and is_return = 0 and creation > %(creation)s
				and ((ifnull(pm_billing_run, '') != '' and from_date > %(date)s)
					or pm_readings_until >= %(date)s)
			order by creation limit 1""",
			{"unit": reading.unit, "creation": reading.creation, "date": reading.reading_date},
		)
		if invoice:
			frappe.db.set_value(
				"Meter Reading", reading.name, "sales_invoice", invoice[0][0], update_modified=False
			)
