"""Charges become ERPNext Sales Invoices: one per payer, unit and period, submitted.

The invoice carries the estate and unit (custom fields) and the period (ERPNext's own from_date /
to_date), which together are the key that makes billing idempotent: a unit's payer is never billed
twice for a period while a non-cancelled invoice exists. A billing run's invoices are named after
estate, period and unit, and the database holds that key for them too (invoice_key.py).
"""

import json

import frappe
from frappe import _
from frappe.utils import flt

from pm_module.billing.charges import PayerCharges
from pm_module.estate.doctype.resident.resident import customer_of


def reserve_names(doctype: str, count: int) -> list[str]:
	"""The next `count` names of the doctype's default naming series, taken at once (the series'
	counter is moved on past them, holding its lock until the transaction ends)."""
	from frappe.model.naming import getseries, parse_naming_series

	field = frappe.get_meta(doctype).get_field("naming_series")
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

	parse_naming_series(series, doctype=doctype, number_generator=take_block)
	return reserved


# With Selling Settings' "Sales Update Frequency in Company and Project" at "Each Transaction" (its
# default), ERPNext recounts the company's sales of the month after every invoice it submits, with a
# query that reads the whole Sales Invoice table: on a site of a few hundred thousand invoices that
# costs more than the invoice itself (0.6 s per invoice at 360,000, scripts/benchmark.sh --scale).
LARGE_INVOICE_TABLE = 50_000


def sales_recount_warning() -> str | None:
	"""A warning for whoever starts a billing run on a large site that recounts sales per invoice."""
	if frappe.db.get_single_value("Selling Settings", "sales_update_frequency") != "Each Transaction":
		return None
	rows = frappe.db.sql(
		"""select table_rows from information_schema.tables
		where table_schema = database() and table_name = 'tabSales Invoice'"""
	)  # the table's own estimate: counting hundreds of thousands of rows would cost what we warn of
	invoices = int(rows[0][0] or 0) if rows else 0
	if invoices < LARGE_INVOICE_TABLE:
		return None
	return _(
		"This site has about {0} Sales Invoices, and ERPNext recounts the company's sales of the month over all of them after each invoice it submits (Selling Settings: Sales Update Frequency in Company and Project = Each Transaction). Billing will be much slower than it need be: set it to Daily."
	).format(frappe.format(invoices, "Int"))


def has_advance(customer: str, company: str) -> bool:
	"""Whether the payer has money paid in advance that ERPNext will allocate to a new invoice (one
	indexed query; ERPNext's own search for advances runs only for such payers)."""
	from pm_module.billing.counter import prepaid_balance

	return prepaid_balance(customer, company) > 0


def find_invoice(unit: str, customer: str, from_date) -> str | None:
	"""The non-cancelled invoice of this unit, customer and period, if it was billed already."""
	found = frappe.db.sql(  # a plain query: it runs for every unit a billing run bills
		"""select name from `tabSales Invoice`
		where pm_unit = %s and customer = %s and from_date = %s and docstatus < 2 limit 1""",
		(unit, customer, from_date),
	)
	return found[0][0] if found else None


def make_invoice(charges: PayerCharges, *, name: str | None = None, **details) -> "frappe.Document":
	"""Create and submit the Sales Invoice of one payer's charges (the caller checked find_invoice)."""
	si = build_invoice(charges, **details)
	if name:
		si.name, si.flags.name_set = name, True
	return submit_invoice(si)


def submit_invoice(si: "frappe.Document") -> "frappe.Document":
	"""Submit a new fee invoice, inserted as submitted in one save: validating a draft and then
	validating it again to submit costs twice the work per invoice for nothing. Except for a payer
	with an advance: ERPNext finds the advances after it computed the totals, so the invoice is saved
	as a draft first and its submit counts them (the advance applied, printed on the notice)."""
	if si.allocate_advances_automatically:
		si.insert()
		si.submit()
		return si
	frappe.flags.pm_submitting_invoice = si
	try:
		si.submit()
	finally:
		frappe.flags.pm_submitting_invoice = None
	set_outstanding(si)
	return si


# A new invoice's receivable entry in the payment ledger makes ERPNext recount the invoice's
# outstanding amount: it reloads the whole invoice from the database to set that amount and the
# status, a fifth of an invoice's time. For the invoice submit_invoice inserts as submitted, it does
# the same itself, on the document in hand, once the ledger is written.
def defer_outstanding(ple: "frappe.Document", method: str | None = None) -> None:
	"""Payment Ledger Entry before_submit: leave the new fee invoice's recount to submit_invoice."""
	si = frappe.flags.pm_submitting_invoice
	if si and ple.against_voucher_type == "Sales Invoice" and ple.against_voucher_no == si.name:
		ple.flags.update_outstanding = "No"


def set_outstanding(si: "frappe.Document") -> None:
	"""What ERPNext's recount (accounts.utils.update_voucher_outstanding) does for the invoice just
	submitted, on the document in hand: the outstanding amount from the payment ledger, the status."""
	outstanding = frappe.db.sql(
		"""select coalesce(sum(amount_in_account_currency), 0) from `tabPayment Ledger Entry`
		where against_voucher_type = 'Sales Invoice' and against_voucher_no = %s and delinked = 0
		and account = %s and party_type = 'Customer' and party = %s""",
		(si.name, si.debit_to, si.customer),
	)[0][0]
	si.outstanding_amount = flt(outstanding, si.precision("outstanding_amount"))
	frappe.db.set_value("Sales Invoice", si.name, "outstanding_amount", si.outstanding_amount)
	# the invoice as it stands now, for on_change and notifications of the status change: taken from
	# the document in hand (db_set would read it back from the database, a second reload)
	si._doc_before_save = frappe.get_doc(si.as_dict())
	si.set_status(update=True)


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
			# the payer's prepayment (预存) at the counter pays the new invoice, fully or in part
			"allocate_advances_automatically": int(has_advance(customer, company)),
			"pm_estate": unit["estate"],
			"pm_unit": unit["name"],
			"pm_resident": charges.payer,
			"pm_billing_run": billing_run,
			"remarks": _("Property fees of unit {0} for {1} ~ {2}").format(unit["name"], from_date, to_date),
		}
	)
	if charges.readings:
		# the readings this invoice bills: marked billed when it is submitted (meter_reading.py)
		si.pm_meter_readings = json.dumps(charges.readings, ensure_ascii=False)
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


# Billing one payer up to a day (a move-out) ----------------------------------------------------------


def find_overlapping_invoice(unit: str, customer: str, from_date, to_date) -> str | None:
	"""A non-cancelled fee invoice (not a credit note) of this unit and customer whose period
	overlaps from_date..to_date."""
	return frappe.db.get_value(
		"Sales Invoice",
		{
			"pm_unit": unit,
			"customer": customer,
			"docstatus": ("<", 2),
			"is_return": 0,
			"from_date": ("<=", to_date),
			"to_date": (">=", from_date),
		},
	)


def bill_up_to(unit_name: str, payer: str, to_date, *, posting_date=None, remarks: str | None = None) -> dict:
	"""Bill `payer` of `unit_name` for everything up to `to_date` (the day they move out) with the
	billing code's own rules, and credit back what was billed to them in advance beyond it.

	- the fixed fees from the first day not billed to them yet (charges.first_unbilled_day, else
	  their first day at the unit) to `to_date`, prorated by day within the billing periods;
	- their share of the meter readings not billed to them yet up to `to_date` (the final readings);
	- their pending one-off Unit Charges;
	as one submitted Sales Invoice due on its posting date, listing the readings it billed (runs do
	not bill them to this payer again; pm_readings_until: the day it billed up to); and one submitted Credit Note per invoice that billed
	them fixed fees for days after `to_date`, at that invoice's rates.

	Run again for the same day (a move-out cancelled and amended), it makes nothing twice: the
	invoice already billing them up to `to_date` is the one returned, and an invoice already
	credited from the day after is not credited again.

	Returns {"invoice", "from_date", "to_date", "credit_notes": [names]}; "invoice" is None when
	nothing was left to bill."""
	from frappe.utils import getdate, today

	from pm_module.billing.charges import (
		first_unbilled_day,
		get_fee_items,
		part_period_charges,
	)
	from pm_module.billing.doctype.billing_run.billing_run import UNIT_FIELDS
	from pm_module.billing.doctype.unit_charge.unit_charge import mark_billed
	from pm_module.estate.register import get_occupancies_between

	to_date, posting_date = getdate(to_date), getdate(posting_date or today())
	unit = frappe.db.get_value("Unit", unit_name, UNIT_FIELDS, as_dict=True)
	estate = frappe.db.get_value("Estate", unit.estate, ["company", "cost_center"], as_dict=True)
	customer = customer_of(payer)
	fees = get_fee_items(unit.estate)
	final = frappe.db.get_value(
		"Sales Invoice",
		{"pm_unit": unit.name, "pm_resident": payer, "docstatus": 1, "pm_readings_until": (">=", to_date)},
		["name", "from_date", "pm_readings_until"],
		as_dict=True,
	)
	if final and getdate(final.pm_readings_until) > to_date:
		frappe.throw(
			_("{0} is already billed for unit {1} up to {2}").format(
				payer, unit.name, final.pm_readings_until
			),
			title=_("Already Billed"),
		)
	if final:
		return {
			"invoice": final.name,
			"from_date": getdate(final.from_date),
			"to_date": to_date,
			"credit_notes": credit_after(unit, payer, to_date, posting_date, fees),
		}
	from_date = first_unbilled_day(unit.name, payer)
	if not from_date:
		stays = get_occupancies_between(unit.name, "1900-01-01", to_date)
		starts = [getdate(o.start_date) for o in stays if o.resident == payer]
		from_date = min(starts) if starts else to_date
	charges = part_period_charges(unit, payer, from_date, to_date, fees)
	period_from = min(from_date, to_date)
	result = {"invoice": None, "from_date": period_from, "to_date": to_date, "credit_notes": []}

	if charges.lines:
		existing = (
			find_overlapping_invoice(unit.name, customer, from_date, to_date)
			if from_date <= to_date
			else None
		)
		if existing:
			frappe.throw(
				_("Invoice {0} already bills {1} for unit {2} in {3} ~ {4}").format(
					existing, customer, unit.name, from_date, to_date
				),
				title=_("Already Billed"),
			)
		si = build_invoice(
			charges,
			customer=customer,
			unit=unit,
			company=estate.company,
			cost_center=estate.cost_center,
			from_date=period_from,
			to_date=to_date,
			posting_date=posting_date,
			due_date=posting_date,
		)
		si.pm_readings_until = to_date
		if remarks:
			si.remarks = remarks
		si.flags.ignore_permissions = True  # part of the procedure the caller checked
		si.submit()
		mark_billed([line.unit_charge for line in charges.lines if line.unit_charge], si.name)
		result["invoice"] = si.name

	result["credit_notes"] = credit_after(unit, payer, to_date, posting_date, fees)
	return result


def credit_after(unit: dict, payer: str, to_date, posting_date, fees: list[dict]) -> list[str]:
	"""Credit Notes for the fixed fees billed to `payer` of `unit` in advance for days after
	`to_date`: one per invoice reaching beyond it that was not credited from that day already."""
	from frappe.utils import add_days, getdate

	from pm_module.billing.charges import billed_in_advance_lines

	first = getdate(add_days(to_date, 1))
	made = []
	for invoice in frappe.get_all(
		"Sales Invoice",
		filters={
			"pm_unit": unit["name"],
			"pm_resident": payer,
			"docstatus": 1,
			"is_return": 0,
			"to_date": (">=", first),
		},
		fields=["name", "from_date", "to_date", "pm_billing_run"],
		order_by="from_date",
	):
		start = max(first, getdate(invoice.from_date))
		credited = frappe.db.exists(
			"Sales Invoice",
			{"return_against": invoice.name, "is_return": 1, "docstatus": 1, "from_date": ("<=", start)},
		)
		if credited:
			continue
		lines = billed_in_advance_lines(unit, payer, invoice, start, fees)
		credit = make_credit_note(invoice.name, lines, start, invoice.to_date, posting_date)
		if credit:
			made.append(credit.name)
	return made


def bill_taken_over(
	unit_name: str, leaving: str, credit_notes: list[str], *, posting_date=None, remarks: str | None = None
) -> list[str]:
	"""Bill whoever pays for the unit now (the owner after a tenant's move-out, or the next tenant) for
	the days `credit_notes` credited back to `leaving`, the payer who left: a submitted Sales Invoice
	per payer and credited invoice, outside the billing runs (so the runs, which skip days billed
	outside them, do not bill those days again), due on the later of today and the credited invoice's
	due date. Run again, it bills nothing twice. Returns the invoices' names."""
	from frappe.utils import getdate, today

	from pm_module.billing.charges import PayerCharges, get_fee_items, taken_over_lines
	from pm_module.billing.doctype.billing_run.billing_run import UNIT_FIELDS

	posting_date = getdate(posting_date or today())
	unit = frappe.db.get_value("Unit", unit_name, UNIT_FIELDS, as_dict=True)
	estate = frappe.db.get_value("Estate", unit.estate, ["company", "cost_center"], as_dict=True)
	fees = get_fee_items(unit.estate)
	made = []
	for credit in frappe.get_all(
		"Sales Invoice",
		filters={"name": ("in", credit_notes or [""]), "docstatus": 1, "is_return": 1},
		fields=["return_against", "from_date"],
	):
		invoice = frappe.db.get_value(
			"Sales Invoice",
			credit.return_against,
			["name", "from_date", "to_date", "due_date", "pm_billing_run"],
			as_dict=True,
		)
		if not (invoice.from_date and invoice.to_date and credit.from_date):
			continue  # not a fee invoice of days (a parking top-up)
		start = getdate(credit.from_date)
		for payer, lines in taken_over_lines(unit, leaving, invoice, start, fees).items():
			customer = customer_of(payer)
			if frappe.db.exists(
				"Sales Invoice",
				{
					"pm_unit": unit.name,
					"customer": customer,
					"from_date": start,
					"to_date": invoice.to_date,
					"docstatus": ("<", 2),
					"is_return": 0,
					"pm_billing_run": ("is", "not set"),
				},
			):
				continue  # billed already
			si = build_invoice(
				PayerCharges(payer, lines),
				customer=customer,
				unit=unit,
				company=estate.company,
				cost_center=estate.cost_center,
				from_date=start,
				to_date=invoice.to_date,
				posting_date=posting_date,
				due_date=max(posting_date, getdate(invoice.due_date or posting_date)),
			)
			if remarks:
				si.remarks = remarks
			si.flags.ignore_permissions = True  # part of the procedure the caller checked
			made.append(submit_invoice(si).name)
	return made


def make_credit_note(invoice: str, lines: list, from_date, to_date, posting_date) -> "frappe.Document | None":
	"""A submitted Credit Note (ERPNext return) of `invoice` for the quantities of `lines`, per item,
	at the invoice's own rates and never more than it billed (less what was returned already).

	It reduces what the invoice still owes when that covers it; otherwise (the invoice was paid) it
	keeps its own outstanding: a credit of the payer, refunded or set against a later invoice."""
	wanted: dict[str, float] = {}
	descriptions: dict[str, list[str]] = {}
	for line in lines:
		wanted[line.item_code] = wanted.get(line.item_code, 0) + flt(line.qty)
		descriptions.setdefault(line.item_code, []).append(line.description)
	if not any(qty > 0 for qty in wanted.values()):
		return None
	original = frappe.get_doc("Sales Invoice", invoice)
	returned = returned_quantities(invoice)
	kept = []
	for row in reversed(original.items):  # the latest months of an advance first
		left = flt(row.qty) - returned.get(row.name, 0)
		qty = flt(min(wanted.get(row.item_code, 0), left), 3)
		if qty <= 0:
			continue
		wanted[row.item_code] = flt(wanted[row.item_code] - qty, 3)
		kept.append(
			{
				"item_code": row.item_code,
				"item_name": row.item_name,
				"description": _("Credit for days not used: {0}").format(
					"; ".join(descriptions[row.item_code])
				),
				"uom": row.uom,
				"qty": -qty,
				"rate": row.rate,
				"income_account": row.income_account,
				"cost_center": row.cost_center,
				"sales_invoice_item": row.name,
			}
		)
	if not kept:
		return None
	# a return built from the invoice itself (ERPNext's make_sales_return would ask the clerk for the
	# right to create and read invoices; the procedure calling this checked its own)
	cn = frappe.new_doc("Sales Invoice")
	cn.update(
		{
			field: original.get(field)
			for field in (
				"company",
				"customer",
				"currency",
				"conversion_rate",
				"selling_price_list",
				"price_list_currency",
				"plc_conversion_rate",
				"debit_to",
				"cost_center",
				"ignore_pricing_rule",
				"pm_estate",
				"pm_unit",
				"pm_resident",
			)
		}
	)
	cn.update({"is_return": 1, "return_against": invoice})
	for row in reversed(kept):
		cn.append("items", row)
	cn.update(
		{
			"posting_date": posting_date,
			"set_posting_time": 1,
			"due_date": posting_date,
			"from_date": from_date,
			"to_date": to_date,
			"pm_billing_run": None,
			"pm_readings_until": None,
			"pm_meter_readings": None,
			"remarks": _("Credit for {0} ~ {1} of invoice {2}, billed in advance").format(
				from_date, to_date, invoice
			),
		}
	)
	credit = flt(sum(-row["qty"] * flt(row["rate"]) for row in kept), 2)
	cn.update_outstanding_for_self = 0 if flt(original.outstanding_amount) >= credit else 1
	cn.flags.ignore_permissions = True
	cn.insert()
	cn.submit()
	return cn


def returned_quantities(invoice: str) -> dict[str, float]:
	"""Invoice row -> the quantity submitted credit notes returned of it already."""
	returns = frappe.get_all(
		"Sales Invoice", filters={"return_against": invoice, "docstatus": 1, "is_return": 1}, pluck="name"
	)
	out: dict[str, float] = {}
	if returns:
		for row in frappe.get_all(
			"Sales Invoice Item",
			filters={"parenttype": "Sales Invoice", "parent": ("in", returns)},
			fields=["sales_invoice_item", "qty"],
		):
			if row.sales_invoice_item:
				out[row.sales_invoice_item] = out.get(row.sales_invoice_item, 0) - flt(row.qty)
	return out
