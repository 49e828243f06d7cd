"""Receipts (收款收据) of the fee counter, and amounts in RMB capitals (人民币大写).

Receipt numbers: the number comes from the settings' receipt series when the payment is submitted,
inside the same transaction, so a payment that fails takes no number and the series has no gaps; a
cancelled payment keeps its number (the receipt prints 作废) and its amendment gets a new one.

Printing: the print format "Fee Receipt" (three copies: 存根联 / 客户联 / 记账联) reads
fee_receipt_context(doc). The first print is the original; record_receipt_print counts every print
(the Print Receipt button of the Payment Entry, the counter) and a later print says 补打 and how
many times.

Amounts in words: on a Chinese site (System Settings language zh…) ERPNext's in_words of documents
in CNY are the capitals a Chinese reader expects (陆佰壹拾贰元零玖分), not "CNY Six Hundred And
Twelve 和 Nine 一分钱 而已。". cn2an writes them; it truncates rather than rounds, so it is always
given the amount rounded to 2 decimals.
"""

import cn2an
import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils import flt, formatdate, get_fullname

from pm_module.estate.utils import get_settings

RMB = "CNY"


# RMB capitals --------------------------------------------------------------------------------------


def rmb_capitals(amount) -> str:
	"""The amount in RMB capitals: 612.09 -> 陆佰壹拾贰元零玖分, 10005 -> 壹万零伍元整, -1 -> 负壹元整."""
	amount = flt(amount, 2)
	words = cn2an.an2cn(f"{abs(amount):.2f}", "rmb")
	return f"负{words}" if amount < 0 else words


def is_chinese_site() -> bool:
	return (frappe.db.get_single_value("System Settings", "language") or "").lower().startswith("zh")


def _total(doc, base: bool = False) -> float:
	"""What ERPNext writes in words on a selling document: the grand total, rounded unless disabled."""
	prefix = "base_" if base else ""
	rounded_off = doc.is_rounded_total_disabled() if hasattr(doc, "is_rounded_total_disabled") else 0
	field = "grand_total" if rounded_off or not doc.get(f"{prefix}rounded_total") else "rounded_total"
	return abs(flt(doc.get(f"{prefix}{field}")))


def _payment_amounts(doc) -> tuple[float, float, str]:
	"""Payment Entry: (amount, base amount, currency) as ERPNext's set_total_in_words takes them."""
	if doc.payment_type == "Receive":
		return abs(flt(doc.received_amount)), abs(flt(doc.base_received_amount)), doc.paid_to_account_currency
	return abs(flt(doc.paid_amount)), abs(flt(doc.base_paid_amount)), doc.paid_from_account_currency


def set_amounts_in_words(doc, method=None) -> None:
	"""doc_events validate (after the controller's, which wrote them in English): the amounts in words
	of a document in CNY in RMB capitals when the site is Chinese."""
	if not is_chinese_site():
		return
	company_currency = (
		frappe.get_cached_value("Company", doc.company, "default_currency") if doc.get("company") else None
	)
	if doc.doctype == "Journal Entry":
		if (doc.get("total_amount_currency") or company_currency) == RMB and doc.get("total_amount_in_words"):
			doc.total_amount_in_words = rmb_capitals(abs(flt(doc.total_amount)))
		return
	if doc.doctype == "Payment Entry":
		amount, base_amount, currency = _payment_amounts(doc)
	else:
		amount, base_amount, currency = _total(doc), _total(doc, base=True), doc.get("currency")
	if doc.meta.get_field("in_words") and currency == RMB:
		doc.in_words = rmb_capitals(amount)
	if doc.meta.get_field("base_in_words") and company_currency == RMB:
		doc.base_in_words = rmb_capitals(base_amount)


# Receipt numbers and prints ------------------------------------------------------------------------


def assign_receipt_no(doc, method=None) -> None:
	"""Payment Entry before_submit: a counter payment (it names its estate) gets the next receipt number."""
	if doc.get("pm_estate") and doc.payment_type == "Receive" and not doc.get("pm_receipt_no"):
		doc.pm_receipt_no = make_autoname(
			get_settings().receipt_series or "SJ-.YYYY.-.######", "Payment Entry", doc
		)


@frappe.whitelist(methods=["POST"])
def record_receipt_print(payment_entry: str) -> int:
	"""Count one more print of a receipt (the first is the original, later ones are 补打) and return
	how often it has been printed. Whoever may print the Payment Entry may do this."""
	pe = frappe.get_doc("Payment Entry", payment_entry)
	pe.check_permission("read")
	frappe.has_permission("Payment Entry", "print", pe, throw=True)
	if not pe.get("pm_receipt_no"):
		frappe.throw(
			_("Payment Entry {0} is not a counter receipt: it has no receipt number").format(pe.name),
			title=_("No Receipt"),
		)
	# counted in the database (the submitted entry is not saved again), so two prints at once are two
	frappe.db.sql(
		"update `tabPayment Entry` set pm_receipt_prints = ifnull(pm_receipt_prints, 0) + 1 where name = %s",
		pe.name,
	)
	frappe.clear_document_cache("Payment Entry", pe.name)
	prints = frappe.db.get_value("Payment Entry", pe.name, "pm_receipt_prints")
	if prints > 1:
		pe.add_comment("Info", _("Receipt {0} reprinted (reprint {1})").format(pe.pm_receipt_no, prints - 1))
	return prints


# What the printed receipt shows --------------------------------------------------------------------


def fee_receipt_context(doc) -> dict:
	"""Everything the Fee Receipt prints for a Payment Entry: one row per invoice paid (its period,
	its fee items and the amount allocated), the late fees, the advance kept, the total in figures and
	capitals, the modes of payment, the cashier, and whether it is void or a reprint."""
	from pm_module.billing.counter import late_fees, payment_modes

	currency = doc.get("paid_to_account_currency") or doc.get("paid_from_account_currency")
	invoices = [
		r.reference_name for r in doc.get("references") or [] if r.reference_doctype == "Sales Invoice"
	]
	periods, items = {}, {}
	if invoices:
		for inv in frappe.get_all(
			"Sales Invoice",
			filters={"name": ("in", invoices)},
			fields=["name", "from_date", "to_date", "posting_date"],
		):
			periods[inv.name] = _period(inv)
		for item in frappe.get_all(
			"Sales Invoice Item",
			filters={"parent": ("in", invoices), "parenttype": "Sales Invoice"},
			fields=["parent", "item_name", "qty", "uom", "amount"],
			order_by="idx",
		):
			item.qty = _number(item.qty)
			items.setdefault(item.parent, []).append(item)
	rows = [
		frappe._dict(
			kind="invoice",
			reference=r.reference_name,
			doctype=r.reference_doctype,
			period=periods.get(r.reference_name, ""),
			lines=items.get(r.reference_name, []),
			amount=flt(r.allocated_amount, 2),
		)
		for r in doc.get("references") or []
	]
	fees = [
		frappe._dict(kind="late_fee", reference=f["sales_invoice"], amount=flt(f["amount"], 2))
		for f in late_fees(doc)
	]
	advance = flt(doc.unallocated_amount, 2) if doc.payment_type == "Receive" else 0
	modes = [frappe._dict(m) for m in payment_modes(doc)]
	total = flt(sum(m.amount for m in modes), 2)
	prints = int(doc.get("pm_receipt_prints") or 0)
	return frappe._dict(
		currency=currency,
		estate_name=frappe.db.get_value("Estate", doc.get("pm_estate"), "estate_name")
		if doc.get("pm_estate")
		else "",
		unit_code=frappe.db.get_value("Unit", doc.get("pm_unit"), "unit_code") if doc.get("pm_unit") else "",
		rows=rows,
		late_fees=fees,
		advance=advance if advance > 0 else 0,
		modes=modes,
		total=total,
		total_in_words=rmb_capitals(total),
		cashier=get_fullname(doc.owner),
		void=doc.docstatus == 2,
		reprint=prints - 1 if prints > 1 else 0,
	)


def _number(value) -> str:
	"""A quantity as printed: 98.76, 12, 0.5 (no trailing zeros)."""
	return f"{flt(value, 3):.3f}".rstrip("0").rstrip(".")


def _period(invoice) -> str:
	if invoice.from_date and invoice.to_date:
		return f"{formatdate(invoice.from_date)} ~ {formatdate(invoice.to_date)}"
	return formatdate(invoice.posting_date)


# The payment notice -----------------------------------------------------------------------------


def payment_notice_qr(invoice: str) -> str:
	"""The QR code of a payment notice: the fee counter finds the invoice by it (PMPAY:<invoice>)."""
	from pm_module.billing.counter import QR_PREFIX
	from pm_module.qr import qr_data_uri

	return qr_data_uri(f"{QR_PREFIX}{invoice}") if invoice else ""
