"""The fees collected at move-in: N months of property fee in advance and the utility deposit.

Priced by the billing's own rules (the unit's Fee Items, most specific wins, at the full rate: the
owner moves in) and posted as one submitted ERPNext Sales Invoice.
"""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, getdate

from pm_module.billing.charges import ChargeLine, PayerCharges, fees_for_unit, fixed_lines, get_fee_items
from pm_module.billing.doctype.billing_run.billing_run import UNIT_FIELDS
from pm_module.billing.invoicing import build_invoice, submit_invoice
from pm_module.estate.utils import get_settings


def advance_period(from_date, months: int) -> tuple:
	start = getdate(from_date)
	return start, getdate(add_days(add_months(start, months), -1))


def advance_fee_lines(unit: str, from_date, months: int, strict: bool = True) -> list[ChargeLine]:
	"""One line per fixed fee and month, from the move-in date on (`strict`: refuse a unit no fee
	item applies to; otherwise there is nothing to price yet)."""
	if months <= 0:
		return []
	row = frappe.db.get_value("Unit", unit, UNIT_FIELDS, as_dict=True)
	row.status = "Occupied"  # billed at the full rate from the day the owner moves in
	fixed = [f for f in fees_for_unit(get_fee_items(row.estate), row) if f.charge_basis != "Metered"]
	if not fixed and strict:
		frappe.throw(
			_(
				"No property fee item applies to unit {0}: the accountant must set up the estate's Fee Items before the advance fee can be collected"
			).format(unit),
			title=_("No Fee Item"),
		)
	lines = []
	for month in range(months):
		start, end = advance_period(add_months(from_date, month), 1)
		lines += fixed_lines(row, fixed, "Monthly", start, end, start, end)
	return lines


def utility_deposit_line(amount: float) -> list[ChargeLine]:
	if flt(amount) <= 0:
		return []
	item = get_settings().utility_deposit_item
	if not item:
		frappe.throw(
			_("Set the Utility Deposit Item in Property Management Settings to collect the deposit"),
			title=_("Missing Setting"),
		)
	return [ChargeLine(item, 1, flt(amount), _("Utility deposit"))]


def make_move_in_invoice(doc) -> str | None:
	"""Post the move-in's fees for its resident as one submitted Sales Invoice (None if nothing is due)."""
	lines = advance_fee_lines(doc.unit, doc.move_in_date, doc.advance_months) + utility_deposit_line(
		doc.utility_deposit
	)
	if not lines:
		return None
	resident = frappe.get_doc("Resident", doc.resident)
	estate = frappe.db.get_value("Estate", doc.estate, ["company", "cost_center"], as_dict=True)
	from_date, to_date = advance_period(doc.move_in_date, max(doc.advance_months, 1))
	si = build_invoice(
		PayerCharges(doc.resident, lines),
		customer=resident.ensure_customer(),
		unit={"name": doc.unit, "estate": doc.estate},
		company=estate.company,
		cost_center=estate.cost_center,
		from_date=from_date,
		to_date=to_date,
		posting_date=doc.move_in_date,
		due_date=doc.move_in_date,  # paid at the desk before the keys are handed over
	)
	si.remarks = _(
		"Move-in {0} of unit {1}: {2} month(s) of property fee in advance and the utility deposit"
	).format(doc.name, doc.unit, doc.advance_months)
	# posting the fees is part of the move-in the clerk may submit (as a Customer is for a Resident)
	si.flags.ignore_permissions = True
	return submit_invoice(si).name
