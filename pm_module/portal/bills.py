"""我的账单: a resident's bills of one unit: the payer's fee invoices with their period, fee lines,
status and outstanding, the receipts, the prepaid balance, and how to pay (online through ERPNext's
Payment Request where the site has a payment gateway, else at the counter or by bank transfer).

Every query is by the (customer, unit) pairs of access.bill_scope(): indexed, a handful of rows."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import flt

from pm_module.billing.counter import prepaid_balance
from pm_module.estate.utils import get_settings
from pm_module.portal.access import bill_scope, may_see_bill, refuse, require_resident

PAID_SHOWN = 24  # the latest paid invoices shown beside every unpaid one (two years of monthly bills)
NOTICE_FORMAT = "Payment Notice"
RECEIPT_FORMAT = "Fee Receipt"


def unit_customers(resident: str, unit: str) -> list[str]:
	"""The payers whose bills of `unit` the resident may see."""
	return list(dict.fromkeys(c for c, u in bill_scope(resident) if u == unit))


def unit_bills(resident: str, unit: str) -> frappe._dict:
	customers = unit_customers(resident, unit)
	out = frappe._dict(
		customers=customers,
		invoices=[],
		receipts=[],
		outstanding=0.0,
		prepaid=0.0,
		currency=unit_currency(unit),
	)
	if not customers:
		return out
	fields = [
		"name",
		"customer",
		"posting_date",
		"from_date",
		"to_date",
		"due_date",
		"grand_total",
		"outstanding_amount",
		"status",
		"is_return",
		"currency",
	]
	base = {"pm_unit": unit, "customer": ("in", customers), "docstatus": 1}
	unpaid = frappe.get_all(
		"Sales Invoice",
		filters={**base, "outstanding_amount": ("!=", 0)},
		fields=fields,
		order_by="posting_date desc, name desc",
	)
	paid = frappe.get_all(
		"Sales Invoice",
		filters={**base, "outstanding_amount": 0},
		fields=fields,
		order_by="posting_date desc, name desc",
		limit_page_length=PAID_SHOWN,
	)
	invoices = sorted(unpaid + paid, key=lambda i: (i.posting_date, i.name), reverse=True)
	lines = defaultdict(list)
	if invoices:
		for item in frappe.get_all(
			"Sales Invoice Item",
			filters={"parenttype": "Sales Invoice", "parent": ("in", [i.name for i in invoices])},
			fields=["parent", "item_name", "qty", "uom", "rate", "amount"],
			order_by="idx",
		):
			lines[item.parent].append(item)
	for invoice in invoices:
		invoice.lines = lines[invoice.name]
		invoice.status_colour = _status_colour(invoice)
		invoice.notice_url = pdf_url("Sales Invoice", invoice.name, NOTICE_FORMAT)
	out.invoices = invoices
	out.outstanding = sum(flt(i.outstanding_amount) for i in unpaid if not i.is_return)
	out.receipts = frappe.get_all(
		"Payment Entry",
		filters={
			"party_type": "Customer",
			"party": ("in", customers),
			"pm_unit": unit,
			"docstatus": 1,
			"payment_type": "Receive",
		},
		fields=["name", "posting_date", "paid_amount", "pm_receipt_no", "mode_of_payment"],
		order_by="posting_date desc, name desc",
		limit_page_length=PAID_SHOWN,
	)
	for receipt in out.receipts:
		receipt.receipt_url = pdf_url("Payment Entry", receipt.name, RECEIPT_FORMAT)
	out.prepaid = sum(prepaid_balance(c) for c in customers)
	return out


def unit_currency(unit: str) -> str | None:
	"""The currency of the unit's estate's company (the bills' currency)."""
	company = frappe.db.get_value("Estate", frappe.db.get_value("Unit", unit, "estate"), "company")
	return company and frappe.get_cached_value("Company", company, "default_currency")


def amount_due(resident: str) -> float:
	"""What the resident's bills still ask, over all their units (the home page's reminder)."""
	total = 0.0
	for unit in {u for _c, u in bill_scope(resident)}:
		customers = unit_customers(resident, unit)
		rows = frappe.get_all(
			"Sales Invoice",
			filters={
				"pm_unit": unit,
				"customer": ("in", customers),
				"docstatus": 1,
				"is_return": 0,
				"outstanding_amount": (">", 0),
			},
			fields=["sum(outstanding_amount) as due"],
		)
		total += flt(rows[0].due) if rows else 0
	return total


def _status_colour(invoice) -> str:
	if invoice.is_return:
		return "blue"
	if flt(invoice.outstanding_amount) <= 0:
		return "green"
	return "red" if invoice.status == "Overdue" else "orange"


def pdf_url(doctype: str, name: str, print_format: str) -> str:
	"""frappe's PDF download; it checks the resident's right to print the document itself."""
	from urllib.parse import urlencode

	query = urlencode({"doctype": doctype, "name": name, "format": print_format, "no_letterhead": 0})
	return f"/api/method/frappe.utils.print_format.download_pdf?{query}"


# Paying ------------------------------------------------------------------------------------------


def online_payment_available() -> bool:
	"""Whether the site has a payment gateway (a default Payment Gateway Account, as ERPNext's
	Payment Request needs)."""
	return bool(frappe.db.exists("Payment Gateway Account", {"is_default": 1}))


def offline_payment(estate: str | None) -> frappe._dict:
	"""Where to pay without a gateway: the estate office (counter) with its hours and phone, the modes
	the counter takes, and the bank details of the settings."""
	settings = get_settings()
	office = (
		frappe.db.get_value(
			"Estate", estate, ["estate_name", "address", "office_phone", "office_hours"], as_dict=True
		)
		if estate
		else None
	) or frappe._dict()
	modes = [m.strip() for m in (settings.counter_modes_of_payment or "").splitlines() if m.strip()]
	return frappe._dict(office=office, modes=modes, bank_details=settings.bank_details or "")


@frappe.whitelist(methods=["POST"])
def pay_invoice(invoice: str) -> dict:
	"""Start paying one of the resident's invoices online: an ERPNext Payment Request for what is still
	owed, and the gateway's payment page to go to."""
	resident = require_resident()
	bill = frappe.db.get_value(
		"Sales Invoice",
		invoice,
		["name", "customer", "pm_unit", "docstatus", "outstanding_amount", "is_return"],
		as_dict=True,
	)
	if not bill or not may_see_bill(resident, bill.customer, bill.pm_unit):
		refuse(_("Invoice {0} is not one of your bills").format(invoice), "Sales Invoice", invoice)
	if bill.docstatus != 1 or bill.is_return or flt(bill.outstanding_amount) <= 0:
		frappe.throw(_("Invoice {0} has nothing left to pay").format(invoice))
	if not online_payment_available():
		frappe.throw(
			_("Online payment is not available: please pay at the estate office or by bank transfer")
		)
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	request = make_payment_request(
		dt="Sales Invoice",
		dn=invoice,
		recipient_id=frappe.session.user,
		submit_doc=1,
		mute_email=1,
		return_doc=1,
	)
	return {"payment_request": request.name, "url": request.get_payment_url()}
