"""A history of monthly fee invoices for every unit of an estate, written the way an opening-balance
import would: real rows in ERPNext's tables, made in minutes for tens of thousands of units.

Each month, the first unit of each kind (paid or unpaid, the same fee items, the same sign of
rounding) is billed by ERPNext itself: its Sales Invoice is made by the billing code and submitted,
and a paid one is paid by a submitted ERPNext Payment Entry on its due date. Every other unit's
invoice of that month copies those rows (the Sales Invoice with its items and payment schedule, its
GL and Payment Ledger entries; for a paid one the Payment Entry with its reference and its GL and
Payment Ledger entries) with the unit's own names, payer, receivable account, fee lines, amounts
and amounts in words, inserted in bulk. Names come from the documents' own series (their counters
are moved on past them), so nothing tells a copy from an invoice made one at a time: ERPNext's
outstanding and ledger queries, the fee counter and the reports read them alike.

The fee lines are the estate's fixed fees, priced by the billing code (charges.fixed_lines); metered
fees are left out (no readings were kept before the import). A unit whose payer changed during the
history, or whose payer has an advance ERPNext would apply, is billed by ERPNext one by one.

Not copied: the Version (change log) ERPNext keeps when a payment changes an invoice's status.

Idempotent: a unit and month that has a live invoice already is left as it is.

    bench --site S execute pm_module.billing.history.run --kwargs '{"estate": "Benchmark Estate"}'
"""

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, get_first_day, getdate, money_in_words, today
from frappe.utils.data import round_based_on_smallest_currency_fraction

from pm_module.billing.charges import (
	ChargeLine,
	PayerCharges,
	SkipUnit,
	default_due_date,
	fees_for_unit,
	fixed_lines,
	get_fee_items,
	period_end,
)
from pm_module.billing.invoicing import has_advance, make_invoice, reserve_names
from pm_module.billing.receipts import RMB, is_chinese_site, rmb_capitals

SI, SII, PS, GLE, PLE = (
	"Sales Invoice",
	"Sales Invoice Item",
	"Payment Schedule",
	"GL Entry",
	"Payment Ledger Entry",
)
PE, PER = "Payment Entry", "Payment Entry Reference"
UNIT_FIELDS = ["name", "estate", "building", "unit_type", "gross_area", "status", "billing_cycle"]

# The amount fields of an invoice's own rows, by what they hold; every other number of theirs is the
# same for every unit (rates, exchange rates, percentages) and is copied as it is.
INVOICE_AMOUNTS = {
	"total_qty": "qty",
	"total": "net",
	"base_total": "net",
	"net_total": "net",
	"base_net_total": "net",
	"amount_eligible_for_commission": "net",
	"grand_total": "grand",
	"base_grand_total": "grand",
	"rounded_total": "rounded",
	"base_rounded_total": "rounded",
	"rounding_adjustment": "adjustment",
	"base_rounding_adjustment": "adjustment",
	"outstanding_amount": "receivable",
}
ITEM_AMOUNTS = {
	"qty": "qty",
	"stock_qty": "qty",
	"amount": "amount",
	"base_amount": "amount",
	"net_amount": "amount",
	"base_net_amount": "amount",
}
# in the other rows (ledger entries, payment schedule, payment), every amount is one of the
# invoice's totals or an income account's share, found by its value
VALUE_MATCHED = {PS, GLE, PLE, PE, PER}
# a payment's balances are a snapshot of the books when it was made, not part of what it posts
SNAPSHOTS = {"party_balance", "paid_from_account_balance", "paid_to_account_balance"}
WORDS = ("in_words", "base_in_words")


@dataclass
class Bill:
	"""One unit's invoice of one month, before it exists."""

	unit: dict
	payer: str
	customer: dict
	lines: list[ChargeLine]
	paid: bool
	month: object
	roles: dict = field(default_factory=dict)

	def signature(self) -> tuple:
		"""What a copy must share with the invoice it copies: month, paid or not, the fee items and
		their income accounts (the ledger rows), and the sign of the rounding (its ledger row)."""
		sign = (self.roles["adjustment"] > 0) - (self.roles["adjustment"] < 0)
		return (
			self.month,
			self.paid,
			tuple((line.item_code, line.income_account) for line in self.lines),
			sign,
		)


def run(estate: str, months: int = 12, unpaid_every: int = 10, units: int | None = None) -> dict:
	frappe.flags.mute_emails = True
	report = build_history(estate, months=months, unpaid_every=unpaid_every, limit=units)
	print(report)
	return report


def build_history(
	estate: str,
	months: int = 12,
	unpaid_every: int = 10,
	limit: int | None = None,
	until=None,
	batch: int = 500,
	mode_of_payment: str | None = None,
	commit: bool = True,
) -> dict:
	"""A monthly fee invoice of each of the `months` months before the month of `until` (default
	today) for every unit of `estate` (the first `limit` by name), committed a batch at a time.

	Every `unpaid_every`-th unit (by name) leaves its invoices unpaid (a tenth of them by default;
	0: all paid); the others are paid on their due dates by `mode_of_payment` (default: the fee
	counter's first bank mode). Returns counts of what was made. `commit`: False in tests (the whole
	history is then one transaction)."""
	started = time.monotonic()
	company, cost_center = frappe.db.get_value("Estate", estate, ["company", "cost_center"])
	cost_center = cost_center or frappe.get_cached_value("Company", company, "cost_center")
	first = getdate(add_months(get_first_day(until or today()), -months))
	month_list = [getdate(add_months(first, m)) for m in range(months)]
	for month in month_list:
		ensure_fiscal_year(posting_date(month), company)
	currency = frappe.get_cached_value("Company", company, "default_currency")
	mode = mode_of_payment or history_mode(company)
	fees = [f for f in get_fee_items(estate) if f.charge_basis != "Metered"]
	unit_rows = frappe.get_all("Unit", {"estate": estate}, UNIT_FIELDS, order_by="name", limit=limit)
	payers = history_payers(unit_rows, first, period_end(month_list[-1], "Monthly"), company)
	billed = {
		(r.pm_unit, getdate(r.from_date))
		for r in frappe.get_all(
			SI,
			{
				"pm_estate": estate,
				"docstatus": ("<", 2),
				"is_return": 0,
				"from_date": ("between", [month_list[0], month_list[-1]]),
			},
			["pm_unit", "from_date"],
		)
	}
	counts = {"copied": 0, "made_by_erpnext": 0, "skipped_units": 0, "already_billed": 0}
	writer = Writer(company)
	for month in month_list:
		templates: dict[tuple, Template] = {}
		for index, unit in enumerate(unit_rows):
			payer = payers.get(unit.name)
			if not payer:
				counts["skipped_units"] += month == month_list[0]
				continue
			if (unit.name, month) in billed:
				counts["already_billed"] += 1
				continue
			try:
				end = period_end(month, "Monthly")
				lines = fixed_lines(unit, fees_for_unit(fees, unit), "Monthly", month, end, month, end)
			except SkipUnit:
				counts["skipped_units"] += month == month_list[0]
				continue
			if not lines:
				continue
			paid = not (unpaid_every and index % unpaid_every == unpaid_every - 1)
			bill = Bill(unit, payer.resident, payer, lines, paid, month)
			bill.roles = amounts_of(bill, currency)
			key = bill.signature()
			template = templates.get(key)
			if payer.one_by_one or not (template and template.fits(bill)):
				invoice, payment = make_real(bill, company, cost_center, mode)
				counts["made_by_erpnext"] += 1
				if not payer.one_by_one:
					# the next bills of its kind copy this one
					templates[key] = Template.read(invoice, payment, bill)
				continue
			writer.add(template, bill)
			counts["copied"] += 1
			if writer.pending >= batch:
				writer.flush()
				if commit:
					frappe.db.commit()
		writer.flush()
		if commit:
			frappe.db.commit()
		print(f"history {month}: {counts['copied']} copied, {counts['made_by_erpnext']} made by ERPNext")
	counts["seconds"] = round(time.monotonic() - started, 1)
	return counts


# Who pays, what, and how much ----------------------------------------------------------------------


def history_payers(units: list[dict], from_date, to_date, company: str) -> dict[str, frappe._dict]:
	"""Unit -> its one payer over the whole history (resident and ERPNext customer details). Units
	whose payer changed, or has no customer, are left out; a payer with an advance ERPNext would
	apply to the invoices is billed one by one (`one_by_one`)."""
	from erpnext.accounts.party import get_party_account

	from pm_module.billing.charges import payer_segments

	resident_of = {}
	for unit in units:
		segments = payer_segments(unit.name, from_date, to_date)
		if len(segments) == 1 and segments[0][1] == from_date and segments[0][2] == to_date:
			resident_of[unit.name] = segments[0][0]
	customers = dict(
		frappe.get_all(
			"Resident",
			{"name": ("in", list(set(resident_of.values())) or [""])},
			["name", "customer"],
			as_list=True,
		)
	)
	details = {
		c.name: c
		for c in frappe.get_all(
			"Customer",
			{"name": ("in", [c for c in customers.values() if c] or [""])},
			["name", "customer_name", "customer_group", "territory"],
		)
	}
	# ERPNext's receivable account of a customer: its own for the company, else its group's, else the
	# company's; asked once per group for the customers without their own (one by one it is slow)
	own = dict(
		frappe.get_all(
			"Party Account",
			{"parenttype": "Customer", "parent": ("in", list(details) or [""]), "company": company},
			["parent", "account"],
			as_list=True,
		)
	)
	by_group: dict[str, str] = {}
	payers = {}
	for unit, resident in resident_of.items():
		customer = details.get(customers.get(resident))
		if not customer:
			continue
		if "debit_to" not in customer:
			customer.debit_to = own.get(customer.name) or by_group.get(customer.customer_group)
			if not customer.debit_to:
				customer.debit_to = get_party_account("Customer", customer.name, company)
				by_group[customer.customer_group] = customer.debit_to
			customer.one_by_one = has_advance(customer.name, company)
		payers[unit] = frappe._dict(customer, resident=resident)
	return payers


def amounts_of(bill: Bill, currency: str) -> dict:
	"""The roles a copy fills in for the unit: its totals as ERPNext computes them (no taxes; rounded
	to the currency's smallest fraction unless rounding is off), each line, each income account's
	share, and the amount in words."""
	net = flt(sum(line.amount for line in bill.lines), 2)
	rounded = 0.0
	if not rounding_disabled():
		rounded = round_based_on_smallest_currency_fraction(net, currency, 2)
	adjustment = flt(rounded - net, 2) if rounded else 0.0
	receivable = rounded or net
	roles = {
		"qty": flt(sum(line.qty for line in bill.lines), 3),
		"net": net,
		"grand": net,
		"rounded": rounded,
		"adjustment": adjustment,
		"receivable": receivable,
		"words": in_words(receivable, currency),
	}
	for k, line in enumerate(bill.lines):
		roles[f"qty{k}"] = flt(line.qty, 3)
		roles[f"amount{k}"] = line.amount
		roles[f"description{k}"] = line.description
	return roles


def rounding_disabled() -> bool:
	return bool(frappe.db.get_single_value("Global Defaults", "disable_rounded_total", cache=True))


def in_words(amount: float, currency: str) -> str:
	"""The amount in words as the site writes it on invoices and payments (receipts.set_amounts_in_words)."""
	if currency == RMB and is_chinese_site():
		return rmb_capitals(amount)
	return money_in_words(amount, currency)


def posting_date(month):
	"""Invoices are posted on the notice day of the month before (charges.default_due_date)."""
	from pm_module.estate.utils import get_settings

	return getdate(add_months(month, -1)).replace(day=get_settings().monthly_notice_day or 15)


def history_mode(company: str) -> str:
	"""The fee counter's first mode of payment on a bank account (transfers), else its first."""
	from pm_module.billing.counter import CASH, counter_modes, setup_counter

	setup_counter(company)
	modes = counter_modes()
	banks = [m for m in modes if frappe.get_cached_value("Mode of Payment", m, "type") != CASH]
	return (banks or modes)[0]


# Invoices made by ERPNext ----------------------------------------------------------------------------


def make_real(bill: Bill, company: str, cost_center: str | None, mode: str) -> tuple[str, str | None]:
	"""The bill as ERPNext makes it: a submitted Sales Invoice, paid on its due date when `bill.paid`."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	from pm_module.billing.counter import mode_account

	due = default_due_date(bill.month, "Monthly")
	si = make_invoice(
		PayerCharges(bill.payer, bill.lines),
		customer=bill.customer.name,
		unit=bill.unit,
		company=company,
		cost_center=cost_center,
		from_date=bill.month,
		to_date=period_end(bill.month, "Monthly"),
		posting_date=posting_date(bill.month),
		due_date=due,
	)
	if not bill.paid:
		return si.name, None
	pe = get_payment_entry(SI, si.name, bank_account=mode_account(mode, company))
	pe.update(
		{
			"posting_date": due,
			"reference_date": due,
			"reference_no": si.name,
			"mode_of_payment": mode,
			"custom_remarks": 1,
			"remarks": _("Fees of invoice {0}, paid before the fee counter was used").format(si.name),
		}
	)
	pe.insert()
	pe.submit()
	return si.name, pe.name


# Copies ---------------------------------------------------------------------------------------------


class Template:
	"""The rows ERPNext wrote for one bill, and how to write them for another bill of its kind."""

	def __init__(self, rows: dict[str, list[dict]], roles: dict):
		self.rows = rows
		self.roles = roles
		# per row: its values in column order, and (column index, value for a copy's roles) for each
		# column a copy writes differently
		self.plans = {}
		for table, table_rows in rows.items():
			columns = list(table_rows[0])
			self.plans[table] = [
				(list(row.values()), [(columns.index(c), make) for c, make in recipe(table, row, roles)])
				for row in table_rows
			]
		# roles of one value in this template stand for one another in its rows: a bill whose values
		# differ there cannot be a copy of it (it is made by ERPNext instead)
		by_value: dict = {}
		for role, value in roles.items():
			if value and role not in ("invoice", "payment"):
				by_value.setdefault(abs(value) if isinstance(value, float) else value, []).append(role)
		self.tied = [group for group in by_value.values() if len(group) > 1]

	@classmethod
	def read(cls, invoice: str, payment: str | None, bill: Bill) -> "Template":
		rows = {
			SI: table_rows(SI, "name", invoice),
			**child_rows(SI, invoice),
			GLE: table_rows(
				GLE, "voucher_no", invoice, "voucher_type = 'Sales Invoice' and is_cancelled = 0"
			),
			PLE: table_rows(PLE, "voucher_no", invoice, "voucher_type = 'Sales Invoice' and delinked = 0"),
		}
		roles = dict(bill.roles, invoice=invoice)
		if payment:
			rows[PE] = table_rows(PE, "name", payment)
			rows.update(child_rows(PE, payment))
			rows[GLE + " of payment"] = table_rows(
				GLE, "voucher_no", payment, "voucher_type = 'Payment Entry' and is_cancelled = 0"
			)
			rows[PLE + " of payment"] = table_rows(
				PLE, "voucher_no", payment, "voucher_type = 'Payment Entry' and delinked = 0"
			)
			roles["payment"] = payment
		roles.update(id_roles(bill))
		items = rows.get(SII, [])
		if len(items) != len(bill.lines):
			frappe.throw(f"Invoice {invoice} has {len(items)} items for {len(bill.lines)} fee lines")
		roles.update(income_roles(items, bill))
		return cls(rows, roles)

	def fits(self, bill: Bill) -> bool:
		roles = self.roles_of(bill, "", "")
		return all(len({roles[r] for r in group}) == 1 for group in self.tied)

	def roles_of(self, bill: Bill, invoice: str, payment: str | None) -> dict:
		items = self.rows.get(SII, [])
		return {
			**bill.roles,
			**id_roles(bill),
			**income_roles(items, bill),
			"invoice": invoice,
			"payment": payment,
		}


def table_rows(doctype: str, key: str, value: str, where: str = "1=1") -> list[dict]:
	return frappe.db.sql(
		f"select * from `tab{doctype}` where `{key}` = %s and {where} order by idx, name", value, as_dict=True
	)


def child_rows(doctype: str, parent: str) -> dict[str, list[dict]]:
	"""The rows of every child table of the document; only those a copy knows how to write may have any."""
	known = {SI: {SII, PS}, PE: {PER}}[doctype]
	out = {}
	for df in frappe.get_meta(doctype).get_table_fields():
		rows = frappe.db.sql(
			f"select * from `tab{df.options}` where parent = %s and parenttype = %s and parentfield = %s order by idx",
			(parent, doctype, df.fieldname),
			as_dict=True,
		)
		if rows and df.options not in known:
			frappe.throw(f"{doctype} {parent} has rows in {df.options}, which a copy does not write")
		if rows:
			out[df.options] = rows
	return out


def id_roles(bill: Bill) -> dict:
	c = bill.customer
	return {
		"customer": c.name,
		"customer_name": c.customer_name,
		"customer_group": c.customer_group,
		"territory": c.territory,
		"resident": bill.payer,
		"unit": bill.unit.name,
		"debit_to": c.debit_to,
	}


def income_roles(items: list[dict], bill: Bill) -> dict:
	"""Each income account's share of the bill (its ledger row), by the template's item rows."""
	out: dict[str, float] = {}
	for item, line in zip(items, bill.lines, strict=True):
		key = f"income|{item.income_account}|{item.cost_center}"
		out[key] = flt(out.get(key, 0) + line.amount, 2)
	return out


Recipe = list[tuple[str, Callable[[dict], object]]]


def recipe(table: str, row: dict, roles: dict) -> Recipe:
	"""How a copy of `row` differs from it: (column, value for the copy's roles) for each column that
	holds a name, party, account, amount or words of the bill; every other column is copied."""
	doctype = table.split(" of ")[0]
	meta = frappe.get_meta(doctype)
	ids = {v: k for k, v in roles.items() if isinstance(v, str) and v and k not in ("words",)}
	words = roles["words"]
	amounts = {
		abs(v): k
		for k, v in roles.items()
		if isinstance(v, float) and v and not k.startswith(("qty", "amount"))
	}
	out: Recipe = []
	item_index = row.get("idx", 1) - 1 if doctype == SII else None
	for column, value in row.items():
		if column == "name" and doctype not in (SI, PE):
			# ERPNext's 10-character hash names collide among millions of copies (it retries; a bulk
			# insert cannot): 20 characters make that as good as impossible
			out.append((column, lambda r: frappe.generate_hash(length=20)))
			continue
		if column in WORDS and value:
			if value != words:
				frappe.throw(f"{table} {row.name}: {column} '{value}' is not the words of the amount")
			out.append((column, lambda r: r["words"]))
			continue
		if isinstance(value, str) and value:
			if value in ids:
				out.append((column, role_getter(ids[value])))
			else:
				found = [k for k in sorted(ids, key=len, reverse=True) if k in value]
				if found:
					out.append((column, text_replacer(value, {k: ids[k] for k in found})))
			continue
		df = meta.get_field(column)
		if not value or not df or df.fieldtype not in ("Currency", "Float") or column in SNAPSHOTS:
			continue
		value = flt(value)
		if doctype == SI and column in INVOICE_AMOUNTS:
			out.append((column, signed(INVOICE_AMOUNTS[column], value)))
		elif doctype == SII and column in ITEM_AMOUNTS:
			out.append((column, signed(f"{ITEM_AMOUNTS[column]}{item_index}", value)))
		elif doctype in VALUE_MATCHED:
			role = amounts.get(round(abs(value), 2))
			if role:
				out.append((column, signed(role, value)))
			elif df.fieldtype == "Currency":  # (a Float that is none of them is a rate)
				frappe.throw(f"{table} {row.name}: {column} {value} is none of the invoice's amounts")
		elif round(abs(value), 2) in amounts and doctype in (SI, SII):
			frappe.throw(f"{table} {row.name}: {column} holds an amount of the invoice a copy does not set")
	return out


def role_getter(role: str) -> Callable[[dict], object]:
	return lambda r: r[role]


def signed(role: str, template_value: float) -> Callable[[dict], float]:
	"""The copy's value of `role`, with the sign the template's column has (ledger credits, returns)."""
	sign = -1 if template_value < 0 else 1
	return lambda r: sign * abs(r[role])


def text_replacer(text: str, keys: dict[str, str]) -> Callable[[dict], str]:
	pattern = re.compile("|".join(re.escape(k) for k in keys))
	return lambda r: pattern.sub(lambda m: str(r[keys[m.group(0)]] or ""), text)


class Writer:
	"""Copies waiting to be written, per table; written in bulk with names from the series."""

	def __init__(self, company: str):
		self.company = company
		self.queue: list[tuple[Template, Bill]] = []

	@property
	def pending(self) -> int:
		return len(self.queue)

	def add(self, template: Template, bill: Bill) -> None:
		self.queue.append((template, bill))

	def flush(self) -> None:
		if not self.queue:
			return
		invoices = iter(reserve_names(SI, len(self.queue)))
		paid = sum(1 for _t, bill in self.queue if bill.paid)
		payments = iter(reserve_names(PE, paid) if paid else [])
		columns: dict[str, list[str]] = {}
		values: dict[str, list[list]] = {}
		for template, bill in self.queue:
			roles = template.roles_of(bill, next(invoices), next(payments) if bill.paid else None)
			for table, plan in template.plans.items():
				doctype = table.split(" of ")[0]
				if doctype not in columns:
					columns[doctype] = list(template.rows[table][0])
				elif columns[doctype] != list(template.rows[table][0]):
					frappe.throw(f"The columns of {doctype} changed while copying")
				rows = values.setdefault(doctype, [])
				for base, steps in plan:
					copy = list(base)
					for index, make in steps:
						copy[index] = make(roles)
					rows.append(copy)
		for doctype, rows in values.items():
			insert_rows(doctype, columns[doctype], rows)
		self.queue = []


def insert_rows(doctype: str, columns: list[str], rows: list[list], chunk: int = 1000) -> None:
	"""Multi-row INSERTs of `rows` into the doctype's table."""
	sql_columns = ", ".join(f"`{c}`" for c in columns)
	row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(rows), chunk):
		part = rows[start : start + chunk]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({sql_columns}) values {', '.join([row_marks] * len(part))}",
			[v for row in part for v in row],
		)


def ensure_fiscal_year(day, company: str) -> None:
	"""The books must be open on the first invoice's posting date (a site set up this year has only
	this year's Fiscal Year)."""
	from erpnext.accounts.utils import get_fiscal_year

	try:
		get_fiscal_year(day, company=company)
	except Exception:
		year = getdate(day).year
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
				"companies": [{"company": company}],
			}
		).insert(ignore_permissions=True)
