"""The dunning ladder (催缴) on ERPNext's Dunning.

1. Reminder (催款通知书): for a fee invoice still unpaid after its due date, from the first day of
   the billed period (monthly: the 1st; quarterly and half-yearly: the first day of the quarter or
   half-year). It warns of the late fee: 3‰ of the overdue amount per day.
2. Final notice (最后缴款通知书): from the 8th day after the reminder, if still unpaid: pay within
   5 days; the late fee counts from the first day of arrears.

The late fee is ERPNext's dunning interest: its rate is yearly, so 3‰ a day is 109.5% a year, and
ERPNext counts the days from the invoice's due date. The fee is collected by the Payment Entry
made from the Dunning (ERPNext books it to the dunning type's income account). All the numbers
come from Property Management Settings.
"""

import frappe
from frappe import _
from frappe.utils import add_days, date_diff, flt, getdate, today

from pm_module.estate.utils import get_settings
from pm_module.jobs import BATCH_SIZE, enqueue_batches, for_each
from pm_module.permissions import check_action

REMINDER = "Payment Reminder"
FINAL_NOTICE = "Final Payment Notice"

LETTERS = {
	REMINDER: {
		"title": "催款通知书",
		"body": (
			"<p>尊敬的{{ customer_name }}：</p>"
			"<p>截至 {{ frappe.utils.formatdate(posting_date) }}，您尚欠物业服务费用 "
			"{{ frappe.utils.fmt_money(total_outstanding, currency=currency) }}，已超过缴费期限。"
			"请于收到本通知后尽快到物业服务中心缴纳。逾期未缴的，按每日欠款金额的"
			"{{ late_fee_per_mille }}‰加收滞纳金。</p>"
		),
		"closing": "<p>如已缴纳，请忽略本通知。感谢您的支持与配合！</p><p>物业服务中心</p>",
	},
	FINAL_NOTICE: {
		"title": "最后缴款通知书",
		"body": (
			"<p>尊敬的{{ customer_name }}：</p>"
			"<p>我中心已向您发出催款通知书，截至 {{ frappe.utils.formatdate(posting_date) }}，"
			"您仍欠物业服务费用 {{ frappe.utils.fmt_money(total_outstanding, currency=currency) }}。"
			"请于 {{ pay_within_days }} 日内缴清欠款及自欠费之日起计算的滞纳金 "
			"{{ frappe.utils.fmt_money(total_interest, currency=currency) }}。"
			"逾期仍不缴纳的，我中心将依据业主公约追缴，并保留通过法律途径解决的权利。</p>"
		),
		"closing": "<p>物业服务中心</p>",
	},
}


def late_fee(amount: float, due_date, on_date=None) -> tuple[int, float]:
	"""Days in arrears and the late fee on `amount` unpaid since `due_date`, up to `on_date`.

	The fee runs from the first day of arrears (the day after the due date) at the settings' rate,
	whether or not a Dunning was raised; the counter charges it on the part of an invoice it pays."""
	days = max(date_diff(on_date or today(), due_date), 0) if due_date else 0
	return days, flt(flt(amount) * flt(get_settings().late_fee_per_mille_per_day) / 1000 * days, 2)


def yearly_interest_rate() -> float:
	"""ERPNext's dunning interest is per year; the office's late fee is per mille per day."""
	return flt(get_settings().late_fee_per_mille_per_day) / 10 * 365


def ensure_dunning_types(company: str) -> dict[str, str]:
	"""The reminder and final-notice Dunning Types of `company`, kept in step with the settings."""
	names = {}
	for dunning_type, letter in LETTERS.items():
		name = frappe.db.get_value("Dunning Type", {"dunning_type": dunning_type, "company": company})
		doc = frappe.get_doc("Dunning Type", name) if name else frappe.new_doc("Dunning Type")
		if not name:
			doc.update(
				{
					"dunning_type": dunning_type,
					"company": company,
					"is_default": dunning_type == REMINDER,
					"income_account": frappe.get_cached_value("Company", company, "default_income_account"),
					"cost_center": frappe.get_cached_value("Company", company, "cost_center"),
					"dunning_letter_text": [
						{
							"language": "zh",
							"is_default_language": 1,
							"body_text": letter["body"],
							"closing_text": letter["closing"],
						}
					],
				}
			)
		doc.rate_of_interest = yearly_interest_rate()
		if doc.is_new() or doc.has_value_changed("rate_of_interest"):
			doc.save(ignore_permissions=True)
		names[dunning_type] = doc.name
	return names


def overdue_fee_invoices(on_date) -> list[str]:
	"""Submitted fee invoices (made by billing) unpaid after their due date on `on_date`, except those
	whose final notice went out already (nothing more is sent for them): names only, one query on
	the indexes of jobs.INDEXES (pm_unpaid_cover_index)."""
	invoice, dunning = frappe.qb.DocType("Sales Invoice"), frappe.qb.DocType("Dunning")
	overdue, dunning_type = frappe.qb.DocType("Overdue Payment"), frappe.qb.DocType("Dunning Type")
	finished = (
		frappe.qb.from_(overdue)
		.join(dunning)
		.on(dunning.name == overdue.parent)
		.join(dunning_type)
		.on(dunning_type.name == dunning.dunning_type)
		.select(overdue.sales_invoice)
		.where((dunning.docstatus == 1) & (dunning_type.dunning_type == FINAL_NOTICE))
	)
	return (
		frappe.qb.from_(invoice)
		.select(invoice.name)
		.where(invoice.docstatus == 1)
		.where(invoice.outstanding_amount > 0)
		.where(invoice.due_date < on_date)
		.where(invoice.is_return == 0)
		.where(invoice.pm_unit.isnotnull())
		.where(invoice.name.notin(finished))
		.orderby(invoice.due_date)
		.orderby(invoice.name)
		.run(pluck=True)
	)


def dunnings_of(sales_invoice: str) -> list[dict]:
	"""Submitted dunnings naming the invoice, oldest first, with their type."""
	dunning, overdue = frappe.qb.DocType("Dunning"), frappe.qb.DocType("Overdue Payment")
	dunning_type = frappe.qb.DocType("Dunning Type")
	return (
		frappe.qb.from_(dunning)
		.join(overdue)
		.on(overdue.parent == dunning.name)
		.left_join(dunning_type)
		.on(dunning_type.name == dunning.dunning_type)
		.select(dunning.name, dunning_type.dunning_type.as_("kind"), dunning.posting_date)
		.where((overdue.sales_invoice == sales_invoice) & (dunning.docstatus == 1))
		.orderby(dunning.posting_date)
		.run(as_dict=True)
	)


def next_step(invoice: dict, on_date) -> str | None:
	"""Which notice, if any, the invoice is due for on `on_date`."""
	on_date = getdate(on_date)
	sent = dunnings_of(invoice.name)
	if not sent:
		# the reminder goes out from the first day of the billed period, once the due date is past
		start = max(getdate(add_days(invoice.due_date, 1)), getdate(invoice.from_date or invoice.due_date))
		return REMINDER if on_date >= start else None
	if any(d.kind == FINAL_NOTICE for d in sent):
		return None
	after = getdate(add_days(sent[0].posting_date, get_settings().final_notice_after_days or 8))
	return FINAL_NOTICE if on_date >= after else None


def make_dunning(
	sales_invoice: str,
	dunning_type: str,
	posting_date=None,
	submit: bool = True,
	known_types: dict[str, dict[str, str]] | None = None,
):
	"""ERPNext's Dunning of one invoice, with our type, letter and late-fee rate. `known_types`
	keeps each company's Dunning Types across the invoices of a batch."""
	from erpnext.accounts.doctype.dunning.dunning import get_dunning_letter_text
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

	dunning = create_dunning(sales_invoice)
	known_types = {} if known_types is None else known_types
	if dunning.company not in known_types:
		known_types[dunning.company] = ensure_dunning_types(dunning.company)
	type_name = known_types[dunning.company][dunning_type]
	dunning_type_doc = frappe.get_cached_doc("Dunning Type", type_name)
	dunning.update(
		{
			"posting_date": posting_date or today(),
			"dunning_type": type_name,
			"rate_of_interest": dunning_type_doc.rate_of_interest,
			"dunning_fee": dunning_type_doc.dunning_fee,
			"income_account": dunning_type_doc.income_account,
			"cost_center": frappe.db.get_value("Sales Invoice", sales_invoice, "cost_center")
			or dunning_type_doc.cost_center,
		}
	)
	# the letter quotes the totals at our date and rate: ERPNext's own arithmetic, without the
	# rest of validate (party details, levels), which the insert runs once
	dunning.validate_overdue_payments()
	dunning.validate_totals()
	context = dunning.as_dict()
	context.update(
		late_fee_per_mille=flt(get_settings().late_fee_per_mille_per_day),
		pay_within_days=get_settings().final_notice_pay_within_days or 5,
	)
	letter = get_dunning_letter_text(dunning_type=type_name, doc=context)
	dunning.update({k: letter.get(k) for k in ("body_text", "closing_text", "language") if letter.get(k)})
	if submit:
		dunning.docstatus = 1  # inserted as submitted: validated once, not once more to submit
	dunning.insert()
	return dunning


def raise_due_dunnings(on_date=None, batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: find the overdue fee invoices and queue them in batches (raise_dunnings). Returns the
	dunnings raised here (tests, a single batch); the rest are raised by the background jobs."""
	check_action("Run Dunning")  # the scheduler runs it as Administrator
	on_date = str(getdate(on_date or today()))
	return enqueue_batches(
		"pm_module.billing.dunning.raise_dunnings",
		overdue_fee_invoices(on_date),
		job_key="dunning",
		batch_size=batch_size,
		on_date=on_date,
	)


def raise_dunnings(names: list[str], on_date: str) -> list[str]:
	"""One batch: the notice each invoice is due for, if still unpaid and not sent already."""
	raised, known_types = [], {}

	def dun(name: str) -> bool:
		invoice = frappe.db.get_value(
			"Sales Invoice",
			name,
			["name", "docstatus", "outstanding_amount", "due_date", "from_date"],
			as_dict=True,
		)
		step = invoice.docstatus == 1 and flt(invoice.outstanding_amount) > 0 and next_step(invoice, on_date)
		if step:
			raised.append(make_dunning(name, step, on_date, known_types=known_types).name)
		return bool(step)

	for_each(names, dun, _("Dunning"), "Sales Invoice")
	return raised
