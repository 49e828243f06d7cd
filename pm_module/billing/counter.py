"""The fee counter (收银台): what a unit owes, and the payment its payer makes at the desk.

All on ERPNext's own documents, no ledger of our own:
- what is owed is the unit's submitted fee Sales Invoices with an outstanding amount;
- a payment is one submitted Payment Entry of the payer against the invoices it pays, oldest first;
  part of an invoice may be paid. The late fee (滞纳金, the settings' ‰ a day from the first day of
  arrears, on the part paid) is income: a deduction row of the Payment Entry on the late-fee account
  that names its invoice. Further modes of payment (cash and WeChat for one payment) are deduction
  rows on their own accounts, so the books show where each part of the money went. Money beyond what
  is owed stays unallocated: the payer's advance (预存), which ERPNext allocates to later invoices;
- the prepaid balance is what ERPNext's Payment Ledger still holds against the payer's payments.

Every whitelisted method checks the action "Take Payment" and the unit's read permission (the
cashier's estates).
"""

import json

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from pm_module.billing.dunning import late_fee
from pm_module.estate.register import OWNER, PAYING_ROLES, get_occupancies
from pm_module.estate.utils import get_settings
from pm_module.permissions import check_action

QR_PREFIX = "PMPAY:"  # what the payment notice's QR code holds before the invoice number
CASH = "Cash"


# Setup: modes of payment and the late-fee account ---------------------------------------------


def counter_modes() -> list[str]:
	"""The modes of payment the counter offers, in the settings' order (cash first)."""
	text = get_settings().counter_modes_of_payment or ""
	return [line.strip() for line in text.splitlines() if line.strip()]


def setup_counter(company: str) -> None:
	"""Make what the counter needs for `company`: its modes of payment with an account each, and the
	late-fee income account. Run on migrate for the companies of the estates; changes nothing twice."""
	for index, mode in enumerate(counter_modes()):
		ensure_mode_of_payment(mode, company, is_cash=index == 0)
	late_fee_account(company)


def ensure_mode_of_payment(mode: str, company: str, is_cash: bool = False) -> None:
	if frappe.db.exists("Mode of Payment", mode):
		doc = frappe.get_doc("Mode of Payment", mode)
	else:
		doc = frappe.new_doc("Mode of Payment")
		doc.update({"mode_of_payment": mode, "enabled": 1, "type": CASH if is_cash else "Bank"})
	if any(row.company == company for row in doc.accounts):
		return
	if doc.type == CASH:
		account = frappe.get_cached_value("Company", company, "default_cash_account")
	else:
		bank_group = frappe.db.get_value(
			"Account", {"company": company, "account_type": "Bank", "is_group": 1}, order_by="lft"
		)
		account = ledger_account(company, mode, "Bank", bank_group)
	if not account:
		return  # a company without a cash account: the counter says so when the mode is used
	doc.append("accounts", {"company": company, "default_account": account})
	doc.save(ignore_permissions=True)


def ledger_account(company: str, account_name: str, account_type: str, parent: str | None) -> str | None:
	"""The company's account of that name, made under `parent` when missing (None without a parent)."""
	name = frappe.db.get_value("Account", {"company": company, "account_name": account_name, "is_group": 0})
	if name or not parent:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"company": company,
				"account_name": account_name,
				"parent_account": parent,
				"account_type": account_type,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def late_fee_account(company: str) -> str:
	"""The settings' late-fee income account when it is the company's, else the company's own
	滞纳金收入 (made under its indirect income, and put in the settings when they name none)."""
	settings = get_settings()
	account = settings.late_fee_income_account
	if account and frappe.get_cached_value("Account", account, "company") == company:
		return account
	income_group = frappe.db.get_value(
		"Account",
		{"company": company, "root_type": "Income", "is_group": 1, "account_name": "Indirect Income"},
	) or frappe.db.get_value(
		"Account", {"company": company, "root_type": "Income", "is_group": 1}, order_by="lft desc"
	)
	account = ledger_account(company, "滞纳金收入", "Income Account", income_group)
	if not account:
		frappe.throw(
			_(
				"Company {0} has no income account group for late fees; set the Late Fee Income Account in Property Management Settings"
			).format(company),
			title=_("Missing Setting"),
		)
	if not settings.late_fee_income_account:
		frappe.db.set_single_value("Property Management Settings", "late_fee_income_account", account)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
	return account


def mode_account(mode: str, company: str) -> str:
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import get_bank_cash_account

	account = (get_bank_cash_account(mode, company) or {}).get("account") if mode else None
	if not account:
		frappe.throw(
			_("Mode of payment {0} has no account for company {1}: set it on the Mode of Payment").format(
				frappe.bold(mode), company
			),
			title=_("Missing Account"),
		)
	return account


# What is owed ------------------------------------------------------------------------------------


def check_unit(unit: str) -> None:
	if not frappe.db.exists("Unit", unit):
		frappe.throw(_("Unit {0} does not exist").format(unit), frappe.DoesNotExistError)
	frappe.has_permission("Unit", "read", unit, throw=True)


@frappe.whitelist()
def find(query: str) -> list[dict]:
	"""Units matching what the cashier typed or scanned: a unit code, a resident's name or mobile
	number, an invoice number or the QR code of a payment notice (PMPAY:<invoice>). Only units the
	user may read."""
	check_action("Take Payment")
	query = (query or "").strip()
	if query.upper().startswith(QR_PREFIX):
		query = query[len(QR_PREFIX) :].strip()
	if len(query) < 2:
		return []
	units: list[str] = []
	invoice_unit = frappe.db.get_value("Sales Invoice", query, "pm_unit")
	if invoice_unit:
		units.append(invoice_unit)
	like = f"%{query}%"
	# get_list: the first 20 the user may read (a cashier of one estate among many finds their own)
	units += frappe.get_list(
		"Unit", or_filters={"name": ("like", like), "unit_code": ("like", like)}, pluck="name", limit=20
	)
	residents = frappe.get_list(
		"Resident",
		or_filters={"resident_name": ("like", like), "mobile_no": ("like", like), "phone": ("like", like)},
		pluck="name",
		limit=20,
	)
	if residents:
		units += frappe.get_all(
			"Occupancy",
			filters={"resident": ("in", residents), "role": ("in", [OWNER, *PAYING_ROLES])},
			pluck="unit",
			order_by="start_date desc",
			limit=20,
		)
	units = list(dict.fromkeys(units))
	readable = frappe.get_list(
		"Unit",
		filters={"name": ("in", units)} if units else {"name": ""},
		fields=[
			"name",
			"unit_code",
			"building",
			"estate",
			"status",
			"current_owner_name",
			"current_occupant_name",
		],
		limit=20,
	)
	order = {name: i for i, name in enumerate(units)}
	return sorted(readable, key=lambda u: order[u.name])


@frappe.whitelist()
def get_account(unit: str, on_date: str | None = None) -> dict:
	"""Everything the counter shows for a unit: its payers with their prepaid balance, every unpaid
	fee invoice (period, fee lines, outstanding, days overdue, late fee accrued to today and any
	approved waiver) and the charges waiting for the next invoice."""
	check_action("Take Payment")
	check_unit(unit)
	on_date = getdate(on_date or today())
	invoices = unpaid_invoices(unit, on_date)
	customers = list(dict.fromkeys([i.customer for i in invoices] + current_payer_customers(unit)))
	names = (
		dict(frappe.get_all("Customer", {"name": ("in", customers)}, ["name", "customer_name"], as_list=True))
		if customers
		else {}
	)
	row = frappe.db.get_value(
		"Unit",
		unit,
		[
			"name",
			"unit_code",
			"building",
			"estate",
			"status",
			"gross_area",
			"current_owner_name",
			"current_occupant_name",
		],
		as_dict=True,
	)
	return {
		"unit": row,
		"company": frappe.db.get_value("Estate", row.estate, "company"),
		"on_date": on_date,
		"payers": [
			{
				"customer": c,
				"customer_name": names.get(c, c),
				"prepaid": prepaid_balance(c),
				"outstanding": flt(sum(i.outstanding_amount for i in invoices if i.customer == c), 2),
				"late_fee": flt(sum(i.late_fee for i in invoices if i.customer == c), 2),
			}
			for c in customers
		],
		"invoices": invoices,
		"pending_charges": frappe.get_all(
			"Unit Charge",
			filters={"unit": unit, "status": "Pending"},
			fields=["name", "charge_date", "description", "item", "amount", "payer_name"],
			order_by="charge_date",
		),
		"modes_of_payment": counter_modes(),
		"late_fee_per_mille": flt(get_settings().late_fee_per_mille_per_day),
	}


def unpaid_invoices(
	unit: str, on_date=None, customer: str | None = None, names: list[str] | None = None
) -> list[dict]:
	"""The unit's submitted fee invoices with something outstanding, oldest first, with their lines,
	days in arrears, late fee accrued on the outstanding and the approved waiver not yet used."""
	filters = {"pm_unit": unit, "docstatus": 1, "outstanding_amount": (">", 0), "is_return": 0}
	if customer:
		filters["customer"] = customer
	if names is not None:
		filters["name"] = ("in", names or [""])
	invoices = frappe.get_all(
		"Sales Invoice",
		filters=filters,
		fields=[
			"name",
			"customer",
			"customer_name",
			"posting_date",
			"from_date",
			"to_date",
			"due_date",
			"grand_total",
			"outstanding_amount",
			"company",
			"cost_center",
			"pm_estate",
		],
		order_by="due_date, posting_date, name",
	)
	if not invoices:
		return []
	names = [i.name for i in invoices]
	lines: dict[str, list] = {}
	for item in frappe.get_all(
		"Sales Invoice Item",
		filters={"parent": ("in", names), "parenttype": "Sales Invoice"},
		fields=["parent", "item_name", "description", "qty", "uom", "rate", "amount"],
		order_by="idx",
	):
		lines.setdefault(item.parent, []).append(item)
	waivers = {w.sales_invoice: w for w in approved_waivers(names)}
	for inv in invoices:
		inv.items = lines.get(inv.name, [])
		inv.days_overdue, inv.late_fee = late_fee(inv.outstanding_amount, inv.due_date, on_date)
		waiver = waivers.get(inv.name)
		inv.waiver = waiver.name if waiver else None
		inv.waiver_amount = flt(waiver.amount) if waiver else 0
	return invoices


def approved_waivers(invoices: list[str]) -> list[dict]:
	return frappe.get_all(
		"Late Fee Waiver",
		filters={"sales_invoice": ("in", invoices), "status": "Approved"},
		fields=["name", "sales_invoice", "amount"],
		order_by="creation",
	)


def current_payer_customers(unit: str) -> list[str]:
	"""The ERPNext Customers of whoever pays for the unit today (the owner, a paying tenant)."""
	residents = [
		o.resident
		for o in get_occupancies(unit, roles=(OWNER, *PAYING_ROLES))
		if o.role == OWNER or o.pays_fees
	]
	if not residents:
		return []
	return [c for c in frappe.get_all("Resident", {"name": ("in", residents)}, pluck="customer") if c]


def prepaid_balance(customer: str, company: str | None = None) -> float:
	"""The payer's advance (预存): what ERPNext's Payment Ledger still holds against the payer's
	payments, after allocations to invoices and refunds."""
	ple = frappe.qb.DocType("Payment Ledger Entry")
	query = (
		frappe.qb.from_(ple)
		.select(frappe.query_builder.functions.Sum(ple.amount))
		.where(
			(ple.party_type == "Customer")
			& (ple.party == customer)
			& (ple.account_type == "Receivable")
			& (ple.delinked == 0)
			& (ple.against_voucher_type == "Payment Entry")
		)
	)
	if company:
		query = query.where(ple.company == company)
	return max(-flt(query.run()[0][0]), 0)


# Taking a payment --------------------------------------------------------------------------------


def _parse(value):
	return json.loads(value) if isinstance(value, str) else (value or [])


@frappe.whitelist(methods=["POST"])
def take_payment(
	unit: str,
	customer: str,
	payments: list | str,
	invoices: list | str | None = None,
	waivers: list | str | None = None,
) -> dict:
	"""Take one payment of `customer` for `unit` and submit its Payment Entry (the receipt).

	payments: [{"mode_of_payment": "现金", "amount": 700, "reference_no": optional transaction no.}];
	the first mode is the entry's own.
	invoices: the invoices ticked, [{"name": ..., "outstanding": what the cashier saw}], paid oldest
	first with the late fee on the part paid; none: the whole sum is a prepayment (预存).
	waivers: approved Late Fee Waivers to apply (each once).
	Whatever is paid beyond the ticked invoices stays as the payer's advance."""
	check_action("Take Payment")
	check_unit(unit)
	payments, invoices, waivers = _parse(payments), _parse(invoices), _parse(waivers)
	payments = [
		frappe._dict(
			mode_of_payment=p.get("mode_of_payment"),
			amount=flt(p.get("amount"), 2),
			reference_no=(p.get("reference_no") or "").strip(),
		)
		for p in payments
	]
	if not payments or any(p.amount <= 0 for p in payments):
		frappe.throw(_("Each amount paid must be more than zero"), title=_("Invalid Amount"))
	modes = counter_modes()
	for p in payments:
		if p.mode_of_payment not in modes and not frappe.db.exists("Mode of Payment", p.mode_of_payment):
			frappe.throw(_("Unknown mode of payment {0}").format(p.mode_of_payment))
	check_payer(unit, customer)

	estate, company, cost_center = estate_books(unit)
	refuse_after_closing(estate)
	current = lock_invoices([i.get("name") for i in invoices])
	allocation = allocate(unit, customer, invoices, current, waivers, sum(p.amount for p in payments))
	pe = build_payment_entry(unit, customer, estate, company, cost_center, payments, allocation)
	pe.submit()  # inserted as submitted: one validation instead of two (a year of invoices in < 1 s)
	for row in allocation:
		if row.waiver:
			frappe.db.set_value(
				"Late Fee Waiver",
				row.waiver,
				{"status": "Applied", "payment_entry": pe.name},
				update_modified=True,
			)
	return {
		"payment_entry": pe.name,
		"receipt_no": pe.get("pm_receipt_no"),
		"paid": flt(sum(p.amount for p in payments), 2),
		"allocated": flt(sum(r.allocated for r in allocation), 2),
		"late_fee": flt(sum(r.late_fee for r in allocation), 2),
		"advance": flt(pe.unallocated_amount, 2),
		"prepaid": prepaid_balance(customer),
	}


def check_payer(unit: str, customer: str) -> None:
	if not customer or not frappe.db.exists("Customer", customer):
		frappe.throw(_("Choose who pays"), title=_("No Payer"))
	if customer in current_payer_customers(unit):
		return
	if frappe.db.exists("Sales Invoice", {"pm_unit": unit, "customer": customer, "docstatus": 1}):
		return
	frappe.throw(
		_("{0} is not a payer of unit {1}").format(frappe.bold(customer), frappe.bold(unit)),
		title=_("Not a Payer"),
	)


def refuse_after_closing(estate: str) -> None:
	"""A cashier who handed today's closing to finance takes no more payments today: they would be in
	no closing (交班 closes the day's takings)."""
	closing = frappe.db.get_value(
		"Counter Closing",
		{"cashier": frappe.session.user, "estate": estate, "closing_date": today(), "docstatus": 1},
	)
	if closing:
		frappe.throw(
			_(
				"You handed today's takings to finance with closing {0}: cancel that closing to take more payments today"
			).format(closing),
			title=_("Day Closed"),
		)


def estate_books(unit: str) -> tuple[str, str, str | None]:
	estate = frappe.db.get_value("Unit", unit, "estate")
	company, cost_center = frappe.db.get_value("Estate", estate, ["company", "cost_center"])
	if not company:
		frappe.throw(_("Estate {0} has no company").format(estate), title=_("Missing Company"))
	return estate, company, cost_center or frappe.get_cached_value("Company", company, "cost_center")


def lock_invoices(names: list[str]) -> dict[str, frappe._dict]:
	"""Hold the ticked invoices until this payment commits, and return their state as committed now.

	A second cashier paying one of them waits for the first, then finds it paid instead of paying it
	twice. The locking read sees the latest commit, where the plain reads of this transaction may
	still see the snapshot it started with."""
	if not names:
		return {}
	si = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(si)
		.select(si.name, si.docstatus, si.outstanding_amount)
		.where(si.name.isin(names))
		.for_update()
		.run(as_dict=True)
	)
	return {row.name: row for row in rows}


def allocate(
	unit: str, customer: str, ticked: list[dict], current: dict, waivers: list[str], total: float
) -> list[frappe._dict]:
	"""Spread `total` over the ticked invoices, oldest first: each invoice's outstanding and the late
	fee on it (less its waiver); the last one reached may be paid in part."""
	seen = {t.get("name"): t for t in ticked}
	rows = {i.name: i for i in unpaid_invoices(unit, customer=customer, names=list(seen))}
	for name, t in seen.items():
		refuse_unpayable(name, customer, unit, current.get(name), t.get("outstanding"), rows.get(name))
	waivers_by_invoice = {}
	for name in waivers:
		w = frappe.db.get_value(
			"Late Fee Waiver", name, ["name", "sales_invoice", "amount", "status"], as_dict=True
		)
		if not w or w.status != "Approved":
			frappe.throw(
				_("Late fee waiver {0} is not approved (or was used already)").format(name),
				title=_("Waiver Not Approved"),
			)
		if w.sales_invoice not in seen:
			frappe.throw(
				_("Late fee waiver {0} is for invoice {1}, which is not being paid").format(
					name, w.sales_invoice
				)
			)
		waivers_by_invoice[w.sales_invoice] = w

	remaining = flt(total, 2)
	allocation = []
	for inv in rows.values():
		if remaining <= 0:
			break
		waiver = waivers_by_invoice.get(inv.name)
		waived = min(flt(waiver.amount), inv.late_fee) if waiver else 0
		if remaining >= flt(inv.outstanding_amount + inv.late_fee - waived, 2):
			principal, fee = inv.outstanding_amount, flt(inv.late_fee - waived, 2)
		else:
			# part payment: x + (fee on x, less the waiver) = remaining
			rate = inv.late_fee / inv.outstanding_amount
			principal = remaining if remaining * rate <= waived else flt((remaining + waived) / (1 + rate), 2)
			fee = flt(remaining - principal, 2)
		remaining = flt(remaining - principal - fee, 2)
		allocation.append(
			frappe._dict(
				invoice=inv.name,
				outstanding=inv.outstanding_amount,
				allocated=principal,
				late_fee=fee,
				days=inv.days_overdue,
				waiver=waiver.name if waiver else None,
				waived=waived,
			)
		)
	return allocation


def refuse_unpayable(name: str, customer: str, unit: str, now, seen_outstanding, listed) -> None:
	"""Refuse an invoice that cannot be paid now: unknown, cancelled, someone else's, paid, or paid
	in part since the cashier looked (`now` is its committed state, `listed` what this payment read)."""
	row = frappe.db.get_value("Sales Invoice", name, ["customer", "pm_unit", "is_return"], as_dict=True)
	if not row or not now:
		frappe.throw(_("Invoice {0} does not exist").format(name))
	if now.docstatus == 2:
		frappe.throw(
			_("Invoice {0} is cancelled and cannot be paid").format(name), title=_("Cancelled Invoice")
		)
	if now.docstatus != 1 or row.is_return or row.pm_unit != unit or row.customer != customer:
		frappe.throw(_("Invoice {0} is not a fee invoice of {1} for unit {2}").format(name, customer, unit))
	if flt(now.outstanding_amount) <= 0:
		frappe.throw(_("Invoice {0} is already paid").format(name), title=_("Already Paid"))
	owes = flt(now.outstanding_amount, 2)
	read = flt(listed.outstanding_amount, 2) if listed else None
	seen = flt(seen_outstanding, 2) if seen_outstanding is not None else read
	if read != owes or seen != owes:
		frappe.throw(
			_(
				"Invoice {0} was paid elsewhere meanwhile: it now owes {1}, not {2}. Nothing was taken; look the unit up again."
			).format(name, flt(now.outstanding_amount, 2), seen),
			title=_("Paid Meanwhile"),
		)


def build_payment_entry(
	unit, customer, estate, company, cost_center, payments, allocation
) -> "frappe.Document":
	from erpnext.accounts.party import get_party_account

	first, others = payments[0], payments[1:]
	currency = frappe.get_cached_value("Company", company, "default_currency")
	pe = frappe.new_doc("Payment Entry")
	pe.flags.pm_counter = True  # its invoices' details in one query (counter_payment.py)
	pe.update(
		{
			"payment_type": "Receive",
			"company": company,
			"posting_date": today(),
			"mode_of_payment": first.mode_of_payment,
			"party_type": "Customer",
			"party": customer,
			"paid_from": get_party_account("Customer", customer, company),
			"paid_to": mode_account(first.mode_of_payment, company),
			"paid_from_account_currency": currency,
			"paid_to_account_currency": currency,
			"paid_amount": first.amount,
			"received_amount": first.amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"reference_no": None,
			"reference_date": today(),
			"cost_center": cost_center,
			"pm_estate": estate,
			"pm_unit": unit,
		}
	)
	if frappe.get_cached_value("Mode of Payment", first.mode_of_payment, "type") != CASH:
		# a bank account needs a transaction reference: the one the cashier typed (WeChat, card slip)
		pe.reference_no = first.reference_no or _("Fee Counter")
	for row in allocation:
		pe.append(
			"references",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": row.invoice,
				"allocated_amount": row.allocated,
			},
		)
	fee_account = late_fee_account(company) if any(r.late_fee for r in allocation) else None
	for row in allocation:
		if row.late_fee:
			pe.append(
				"deductions",
				{
					"account": fee_account,
					"cost_center": cost_center,
					"amount": -row.late_fee,  # negative: income, the payer pays it on top
					"description": _("Late fee on {0}: {1} day(s) at {2}‰ on {3}").format(
						row.invoice, row.days, flt(get_settings().late_fee_per_mille_per_day), row.allocated
					),
					"pm_sales_invoice": row.invoice,
				},
			)
	for p in others:
		pe.append(
			"deductions",
			{
				"account": mode_account(p.mode_of_payment, company),
				"cost_center": cost_center,
				"amount": p.amount,  # positive: this part of the money went to that mode's account
				"description": _("Paid by {0}").format(_(p.mode_of_payment)),
				"pm_mode_of_payment": p.mode_of_payment,
			},
		)
	return pe


def payment_modes(pe) -> list[dict]:
	"""The modes a counter Payment Entry was paid by, with their amounts (for receipts and closings)."""
	others = [d for d in pe.get("deductions") or [] if d.get("pm_mode_of_payment")]
	return [
		{"mode_of_payment": pe.mode_of_payment, "amount": flt(pe.received_amount)},
		*({"mode_of_payment": d.pm_mode_of_payment, "amount": flt(d.amount)} for d in others),
	]


def late_fees(pe) -> list[dict]:
	"""The late fees a Payment Entry charged, each with its invoice."""
	return [
		{"sales_invoice": d.pm_sales_invoice, "amount": -flt(d.amount), "description": d.description}
		for d in pe.get("deductions") or []
		if d.get("pm_sales_invoice")
	]
