"""Demo of the fee counter (收银台) for an estate: a day at the counter, as the demo cashier.

    make_prepayments("和谐花园")   # before the month's billing run, which then applies them
    make_demo("和谐花园")          # after it: the day's payments, a waiver, the closing

Payments in cash (with change), WeChat and Alipay, one paid half in cash and half by card, a part
payment, an over-payment kept as advance, and a late fee waived with the customer-service manager's
approval; the prepayments made before the billing run are applied by it. The cashier hands the day
over (交班) and the accountant checks it (稽核). Run once per estate.
"""

import frappe
from frappe.utils import flt

from pm_module.billing.counter import counter_modes, get_account, setup_counter, take_payment
from pm_module.notifications import first_user
from pm_module.setup.positions import ACCOUNTS_USER, CASHIER, CS_MANAGER

PREPAID_UNITS = 3


def make_prepayments(estate: str) -> list[str]:
	"""Owners who paid in advance (预存) at the counter before this month was billed."""
	if frappe.db.exists("Payment Entry", {"pm_estate": estate}):
		return []
	setup_counter(frappe.db.get_value("Estate", estate, "company"))
	units = frappe.get_all(
		"Unit",
		{"estate": estate, "status": "Occupied", "unit_type": "Residential"},
		pluck="name",
		order_by="name desc",
		limit=PREPAID_UNITS,
	)
	made = []
	with as_user(first_user(CASHIER)):
		for unit, amount in zip(units, (1000, 2000, 600), strict=False):
			payers = get_account(unit)["payers"]
			if payers:
				made.append(
					pay(unit, payers[0]["customer"], [(counter_modes()[0], amount)], [])["payment_entry"]
				)
	return made


def make_demo(estate: str) -> dict[str, list[str]]:
	"""Today's counter: seven payments on units with unpaid invoices, one of them with a waiver."""
	if frappe.db.exists("Late Fee Waiver", {"estate": estate}):
		return {}
	setup_counter(frappe.db.get_value("Estate", estate, "company"))
	cash, wechat, alipay, card = (counter_modes() + [None] * 4)[:4]
	owing = units_owing(estate, 7)
	made: dict[str, list[str]] = {"Payment Entry": [], "Late Fee Waiver": []}
	if len(owing) < 7:
		return made
	with as_user(first_user(CASHIER)):
		plans = [
			(cash, 1.0, 50),  # cash, paid with a round note: change given
			(wechat, 1.0, 0),
			(alipay, 1.0, 0),
			((cash, card), 1.0, 0),  # half cash, half UnionPay card
			(cash, 0.5, 0),  # part payment: the oldest invoice first
			(wechat, 1.0, 300),  # over-payment: kept as the owner's advance
		]
		for (unit, account), (modes, share, extra) in zip(owing, plans, strict=False):
			due = sum(flt(i.outstanding_amount + i.late_fee) for i in account["invoices"])
			total = flt(due * share + extra, 2)
			split = (
				[(modes, total)]
				if isinstance(modes, str)
				else [(modes[0], flt(total / 2, 2)), (modes[1], flt(total - flt(total / 2, 2), 2))]
			)
			made["Payment Entry"].append(
				pay(unit, account["payers"][0]["customer"], split, account["invoices"])["payment_entry"]
			)

		unit, account = owing[6]
		invoice = max(account["invoices"], key=lambda i: i.late_fee)
		if invoice.late_fee > 0:
			waiver = frappe.get_doc(
				{
					"doctype": "Late Fee Waiver",
					"sales_invoice": invoice.name,
					"amount": invoice.late_fee,
					"reason": "业主住院期间未能缴费，提供了住院证明",
				}
			).insert()
			made["Late Fee Waiver"].append(waiver.name)
			with as_user(first_user(CS_MANAGER)):
				waiver.approve("情况属实，同意减免")
			total = flt(
				sum(i.outstanding_amount + i.late_fee for i in account["invoices"]) - invoice.late_fee, 2
			)
			made["Payment Entry"].append(
				pay(
					unit,
					account["payers"][0]["customer"],
					[(cash, total)],
					account["invoices"],
					[waiver.name],
				)["payment_entry"]
			)
		made["Counter Closing"] = [close_the_day(estate)]
	return made


def close_the_day(estate: str) -> str:
	"""The cashier hands the day over with the cash counted right; the accountant checks it (稽核)."""
	closing = frappe.get_doc({"doctype": "Counter Closing", "estate": estate}).insert()
	closing.cash_counted = closing.cash_expected
	closing.submit()
	with as_user(first_user(ACCOUNTS_USER)):
		closing.check_closing()
	return closing.name


def units_owing(estate: str, count: int) -> list[tuple[str, dict]]:
	"""Units whose single payer owes overdue fees, with what the counter shows for them."""
	units = frappe.get_all(
		"Sales Invoice",
		{
			"pm_estate": estate,
			"docstatus": 1,
			"outstanding_amount": (">", 0),
			"due_date": ("<", frappe.utils.today()),
		},
		pluck="pm_unit",
		distinct=True,
		order_by="pm_unit",
		limit=count * 3,
	)
	found = []
	for unit in units:
		account = get_account(unit)
		if len(account["payers"]) == 1 and account["invoices"]:
			found.append((unit, account))
		if len(found) == count:
			break
	return found


def pay(unit: str, customer: str, modes: list[tuple[str, float]], invoices: list[dict], waivers=None) -> dict:
	return take_payment(
		unit,
		customer,
		[{"mode_of_payment": mode, "amount": amount} for mode, amount in modes],
		[{"name": i.name, "outstanding": i.outstanding_amount} for i in invoices],
		waivers or [],
	)


class as_user:
	"""Work as the demo's position user for a while (the receipts name their cashier)."""

	def __init__(self, user: str | None):
		self.user = user or "Administrator"

	def __enter__(self):
		self.previous = frappe.session.user
		frappe.set_user(self.user)

	def __exit__(self, *exc):
		frappe.set_user(self.previous)
