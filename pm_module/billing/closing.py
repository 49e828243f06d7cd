"""The cashier's daily closing (交班 / 收费日报): what each cashier took at the counter.

A counter receipt is a Payment Entry the fee counter made (pm_module.billing.counter.take_payment):
payment_type Receive, a Customer as party, the estate (pm_estate) and a receipt number; its owner
is the cashier. A refund paid out (Fee Refund: a Payment Entry of type Pay to the Customer) is
counted against the takings of whoever submitted it (counter_refunds). counter_receipts() reads them in bulk, with their modes of payment, late fees and
advance, for the Counter Closing and the report Daily Collection alike.

Once a closing is handed over (submitted) its receipts are locked: guard_receipt_cancel (Payment
Entry before_cancel) refuses to cancel one until the closing is cancelled; after finance checked
the closing only a position that may "Reverse Checked Receipt" cancels one, and the reversal is
marked on the closing's receipt row and commented on the closing.
"""

import frappe
from frappe import _
from frappe.utils import flt, format_datetime, get_fullname, now_datetime

from pm_module.billing.counter import CASH, counter_modes, late_fees, payment_modes
from pm_module.permissions import has_action

LATE_FEE = "Late Fee"
ADVANCE = "Advance"


def cash_mode() -> str | None:
	"""The counter's cash mode of payment: the first of the settings' modes that is of type Cash."""
	for mode in counter_modes():
		if frappe.get_cached_value("Mode of Payment", mode, "type") == CASH:
			return mode
	return None


def counter_receipts(
	estate: str | tuple | None = None,
	cashier: str | None = None,
	from_date=None,
	to_date=None,
	cancelled: bool = False,
) -> list[frappe._dict]:
	"""The counter receipts (submitted, and the cancelled ones too when `cancelled`), oldest first,
	each with `modes` [{mode_of_payment, amount}], `amount` (all the money taken), `late_fee` and
	`advance` (what stayed unallocated: the payer's prepayment). `estate` is a name or ("in", [...])."""
	pe = frappe.qb.DocType("Payment Entry")

	def where(query):
		query = (
			query.where(pe.payment_type == "Receive")
			.where(pe.party_type == "Customer")
			.where(pe.pm_estate.isnotnull())
			.where(pe.docstatus.isin([1, 2] if cancelled else [1]))
		)
		if isinstance(estate, tuple | list):
			query = query.where(pe.pm_estate.isin(list(estate[1]) or [""]))
		elif estate:
			query = query.where(pe.pm_estate == estate)
		if cashier:
			query = query.where(pe.owner == cashier)
		if from_date:
			query = query.where(pe.posting_date >= from_date)
		if to_date:
			query = query.where(pe.posting_date <= to_date)
		return query

	receipts = (
		where(
			frappe.qb.from_(pe).select(
				pe.name,
				pe.pm_receipt_no.as_("receipt_no"),
				pe.pm_estate.as_("estate"),
				pe.owner.as_("cashier"),
				pe.posting_date,
				pe.pm_unit.as_("unit"),
				pe.party,
				pe.party_name,
				pe.docstatus,
				pe.mode_of_payment,
				pe.received_amount,
				pe.unallocated_amount,
			)
		)
		.orderby(pe.posting_date, pe.creation)
		.run(as_dict=True)
	)
	if not receipts:
		return []
	ded = frappe.qb.DocType("Payment Entry Deduction")
	deductions: dict[str, list] = {}
	for row in where(
		frappe.qb.from_(ded)
		.join(pe)
		.on(pe.name == ded.parent)
		.select(ded.parent, ded.amount, ded.description, ded.pm_mode_of_payment, ded.pm_sales_invoice)
		.where(ded.parenttype == "Payment Entry")
	).run(as_dict=True):
		deductions.setdefault(row.parent, []).append(row)
	for r in receipts:
		r.deductions = deductions.get(r.name, [])
		r.modes = payment_modes(r)
		r.amount = flt(sum(m["amount"] for m in r.modes), 2)
		r.late_fee = flt(sum(f["amount"] for f in late_fees(r)), 2)
		r.advance = flt(r.unallocated_amount, 2)
	return receipts


def counter_refunds(
	estate: str | tuple | None = None,
	cashier: str | None = None,
	from_date=None,
	to_date=None,
	cancelled: bool = False,
) -> list[frappe._dict]:
	"""Money paid back to payers (a Fee Refund's Payment Entry of type Pay), by whoever submitted it:
	it leaves that cashier's drawer, so their closing counts it against the day's takings. Each with
	`refund` (the Fee Refund), `modes` [{mode_of_payment, amount}] and `amount` (both negative)."""
	filters = {
		"payment_type": "Pay",
		"party_type": "Customer",
		"pm_estate": ("is", "set"),
		"docstatus": ("in", [1, 2] if cancelled else [1]),
	}
	if isinstance(estate, tuple | list):
		filters["pm_estate"] = ("in", list(estate[1]) or [""])
	elif estate:
		filters["pm_estate"] = estate
	if cashier:
		filters["owner"] = cashier
	if from_date or to_date:
		filters["posting_date"] = ("between", (from_date or "1900-01-01", to_date or "9999-12-31"))
	refunds = frappe.get_all(
		"Payment Entry",
		filters=filters,
		fields=[
			"name",
			"reference_no as refund",
			"pm_estate as estate",
			"owner as cashier",
			"posting_date",
			"pm_unit as unit",
			"party",
			"party_name",
			"docstatus",
			"mode_of_payment",
			"paid_amount",
		],
		order_by="posting_date, creation",
	)
	for r in refunds:
		r.amount = -flt(r.paid_amount, 2)
		r.modes = [{"mode_of_payment": r.mode_of_payment, "amount": r.amount}]
	return refunds


def fee_item_totals(receipts: list[dict]) -> list[dict]:
	"""What the receipts paid, by fee item: each payment's amount allocated to an invoice is spread
	over the invoice's items pro rata (the last item takes the rounding), then the late fees and
	the advances as lines of their own. The lines add up to the receipts' total."""
	names = [r.name for r in receipts if r.docstatus == 1]
	totals: dict[tuple, float] = {}
	if names:
		references = frappe.get_all(
			"Payment Entry Reference",
			filters={"parent": ("in", names), "parenttype": "Payment Entry"},
			fields=["reference_doctype", "reference_name", "allocated_amount"],
			order_by="parent, idx",
		)
		invoices = {r.reference_name for r in references if r.reference_doctype == "Sales Invoice"}
		items: dict[str, list] = {}
		for item in frappe.get_all(
			"Sales Invoice Item",
			filters={"parent": ("in", list(invoices) or [""]), "parenttype": "Sales Invoice"},
			fields=["parent", "item_code", "item_name", "amount"],
			order_by="idx",
		):
			items.setdefault(item.parent, []).append(item)
		for ref in references:
			lines = items.get(ref.reference_name) if ref.reference_doctype == "Sales Invoice" else None
			for key, amount in spread(flt(ref.allocated_amount, 2), lines or []) or [
				((None, ref.reference_doctype), flt(ref.allocated_amount, 2))
			]:
				totals[key] = flt(totals.get(key, 0) + amount, 2)
	out = [{"item": item, "fee": fee, "amount": amount} for (item, fee), amount in totals.items() if amount]
	late_fee = flt(sum(r.late_fee for r in receipts if r.docstatus == 1), 2)
	advance = flt(sum(r.advance for r in receipts if r.docstatus == 1), 2)
	if late_fee:
		out.append({"item": None, "fee": LATE_FEE, "amount": late_fee})
	if advance:
		out.append({"item": None, "fee": ADVANCE, "amount": advance})
	return out


def spread(allocated: float, lines: list[dict]) -> list[tuple]:
	"""[((item_code, item_name), share)] of `allocated` over the invoice lines, pro rata to their amounts."""
	base = sum(flt(line.amount) for line in lines)
	if not lines or not base:
		return []
	shares, left = [], allocated
	for i, line in enumerate(lines):
		share = left if i == len(lines) - 1 else flt(allocated * flt(line.amount) / base, 2)
		left = flt(left - share, 2)
		shares.append(((line.item_code, line.item_name or line.item_code), share))
	return shares


# A receipt of a closed day ---------------------------------------------------------------------


def guard_receipt_cancel(doc, method=None) -> None:
	"""Payment Entry before_cancel: a receipt handed over in a closing stays until the closing is
	cancelled; one of a checked closing is reversed only by finance, and the closing says so."""
	parents = frappe.get_all(
		"Counter Closing Receipt",
		filters={"payment_entry": doc.name, "parenttype": "Counter Closing"},
		pluck="parent",
	)
	if not parents:
		return
	receipt = doc.get("pm_receipt_no") or doc.name
	for closing in frappe.get_all(
		"Counter Closing",
		filters={"name": ("in", parents), "docstatus": 1},
		fields=["name", "status", "cashier", "closing_date"],
	):
		if closing.status != "Checked":
			frappe.throw(
				_(
					"Receipt {0} was handed over to finance in counter closing {1}: cancel the closing first, then the receipt"
				).format(frappe.bold(receipt), frappe.bold(closing.name)),
				title=_("Day Handed Over"),
			)
		if not has_action("Reverse Checked Receipt"):
			frappe.throw(
				_(
					"Receipt {0} is part of counter closing {1}, which finance has checked: only finance can reverse it"
				).format(frappe.bold(receipt), frappe.bold(closing.name)),
				frappe.PermissionError,
				title=_("Day Checked"),
			)
		record_reversal(doc, closing.name)
		doc.flags.pm_closing_reversal = True


def allow_reversal(doc, method=None) -> None:
	"""Payment Entry on_cancel (after ERPNext's own, which sets the list): the receipt of a checked
	closing that finance reverses is cancelled although the closing still lists it."""
	if doc.flags.pm_closing_reversal:
		doc.ignore_linked_doctypes = (*(doc.get("ignore_linked_doctypes") or ()), "Counter Closing")


def record_reversal(doc, closing: str) -> None:
	"""Mark the receipt Reversed on the checked closing and say on the closing who reversed it, when."""
	for row in frappe.get_all(
		"Counter Closing Receipt", filters={"parent": closing, "payment_entry": doc.name}, pluck="name"
	):
		frappe.db.set_value("Counter Closing Receipt", row, "status", "Reversed", update_modified=False)
	frappe.get_doc("Counter Closing", closing).add_comment(
		"Info",
		_("Receipt {0} ({1}, {2}) was reversed by {3} on {4}").format(
			doc.get("pm_receipt_no") or doc.name,
			doc.name,
			frappe.utils.fmt_money(
				flt(sum(m["amount"] for m in payment_modes(doc))),
				currency=doc.get("paid_to_account_currency"),
			),
			get_fullname(frappe.session.user),
			format_datetime(now_datetime()),
		),
	)
