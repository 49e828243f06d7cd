"""A renovation's money in ERPNext's books.

On approval, one submitted Sales Invoice to the owner: the garbage-removal fee (income) and the
refundable deposit, whose line is booked to the liability account "Renovation Deposits" (created
under the company's current liabilities when missing). The fees are collected at the desk before
the permit is handed over, so they are not put on the next monthly bill (a Unit Charge would book
the deposit as income).

After the completion inspection, one submitted Journal Entry settles the deposit: the liability is
debited in full; deductions for damage are credited to income; the refund is credited to the
owner's receivable against the renovation invoice as far as that invoice is still unpaid, and the
rest is paid back from the refund (cash or bank) account.
"""

import frappe
from frappe import _
from frappe.utils import flt, today

from pm_module.estate.utils import get_settings

DEPOSIT_ACCOUNT = "Renovation Deposits"
DEFAULT_ITEMS = {
	"renovation_garbage_item": "Renovation Garbage Removal Fee",
	"renovation_deposit_item": "Renovation Deposit",
}


def company_of(estate: str) -> tuple[str, str]:
	"""(company, cost center) the estate books to."""
	company, cost_center = frappe.get_cached_value("Estate", estate, ["company", "cost_center"])
	if not company:
		frappe.throw(_("Estate {0} has no company: set it before fees can be invoiced").format(estate))
	return company, cost_center or frappe.get_cached_value("Company", company, "cost_center")


def get_deposit_account(company: str) -> str:
	"""The company's liability account for renovation deposits, created when missing."""
	account = frappe.db.get_value(
		"Account", {"company": company, "account_name": DEPOSIT_ACCOUNT, "is_group": 0}, "name"
	)
	if account:
		return account
	doc = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": DEPOSIT_ACCOUNT,
			"parent_account": _liability_group(company),
			"company": company,
			"is_group": 0,
			"account_currency": frappe.get_cached_value("Company", company, "default_currency"),
		}
	)
	doc.flags.ignore_permissions = True
	return doc.insert().name


def _liability_group(company: str) -> str:
	groups = frappe.get_all(
		"Account",
		filters={"company": company, "root_type": "Liability", "is_group": 1},
		fields=["name", "account_name", "parent_account"],
		order_by="lft",
	)
	for group in groups:
		if group.account_name in ("Current Liabilities", _("Current Liabilities")):
			return group.name
	below_root = [g for g in groups if g.parent_account]
	if below_root or groups:
		return (below_root or groups)[0].name
	frappe.throw(_("Company {0} has no liability group account to hold renovation deposits").format(company))


def renovation_item(setting: str) -> str:
	"""The item of the settings (garbage fee or deposit), or the default one, created when missing."""
	item = get_settings().get(setting)
	if item:
		return item
	code = DEFAULT_ITEMS[setting]
	if not frappe.db.exists("Item", code):
		uom = "Nos" if frappe.db.exists("UOM", "Nos") else frappe.db.get_value("UOM", {}, "name")
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft"),
				"stock_uom": uom,
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	return code


def make_renovation_invoice(app) -> str | None:
	"""Submit the Sales Invoice of an approved application's fee and deposit; None when both are zero."""
	company, cost_center = company_of(app.estate)
	lines = [
		(
			renovation_item("renovation_garbage_item"),
			flt(app.garbage_fee),
			None,  # the item's income account
			_("Garbage removal for the renovation of unit {0} ({1})").format(app.unit, app.name),
		),
		(
			renovation_item("renovation_deposit_item"),
			flt(app.deposit_amount),
			get_deposit_account(company) if flt(app.deposit_amount) > 0 else None,
			_("Refundable renovation deposit for unit {0} ({1})").format(app.unit, app.name),
		),
	]
	lines = [line for line in lines if line[1] > 0]
	if not lines:
		return None
	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"company": company,
			"customer": frappe.get_doc("Resident", app.unit_owner).ensure_customer(),
			"posting_date": today(),
			"set_posting_time": 1,
			"due_date": today(),
			"cost_center": cost_center,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"ignore_pricing_rule": 1,
			"pm_estate": app.estate,
			"pm_unit": app.unit,
			"pm_resident": app.unit_owner,
			"remarks": _("Renovation permit {0} of unit {1}").format(app.permit_number or app.name, app.unit),
		}
	)
	for item, amount, account, description in lines:
		si.append(
			"items",
			{
				"item_code": item,
				"qty": 1,
				"rate": amount,
				"description": description,
				"income_account": account,
				"cost_center": cost_center,
			},
		)
	si.flags.ignore_permissions = True  # the approver's position was checked by the application
	si.insert()
	si.submit()
	return si.name


def settle_deposit(app, inspection) -> str | None:
	"""Submit the Journal Entry that releases the deposit held for `app` (see the module docstring)."""
	deposit = flt(app.deposit_amount)
	if deposit <= 0:
		return None
	company, cost_center = company_of(app.estate)
	deductions = flt(inspection.total_deductions)
	refund = flt(deposit - deductions, 2)
	invoice = frappe.db.get_value(
		"Sales Invoice",
		app.sales_invoice,
		["name", "customer", "debit_to", "outstanding_amount"],
		as_dict=True,
	)
	against_invoice = min(max(flt(invoice.outstanding_amount), 0), refund)
	paid_out = flt(refund - against_invoice, 2)

	je = frappe.new_doc("Journal Entry")
	je.update(
		{
			"voucher_type": "Journal Entry",
			"company": company,
			"posting_date": inspection.inspection_date or today(),
			"user_remark": _("Renovation deposit of unit {0} released after inspection {1}").format(
				app.unit, inspection.name
			),
		}
	)
	je.append(
		"accounts",
		{
			"account": get_deposit_account(company),
			"debit_in_account_currency": deposit,
			"cost_center": cost_center,
		},
	)
	if deductions > 0:
		je.append(
			"accounts",
			{
				"account": deduction_income_account(company),
				"credit_in_account_currency": deductions,
				"cost_center": cost_center,
			},
		)
	if against_invoice > 0:
		je.append(
			"accounts",
			{
				"account": invoice.debit_to,
				"party_type": "Customer",
				"party": invoice.customer,
				"credit_in_account_currency": against_invoice,
				"reference_type": "Sales Invoice",
				"reference_name": invoice.name,
				"cost_center": cost_center,
			},
		)
	if paid_out > 0:
		je.append(
			"accounts",
			{
				"account": inspection.refund_account or default_refund_account(company),
				"credit_in_account_currency": paid_out,
				"cost_center": cost_center,
			},
		)
	je.flags.ignore_permissions = True
	je.insert()
	je.submit()
	return je.name


def deduction_income_account(company: str) -> str:
	account = frappe.get_cached_value("Company", company, "default_income_account")
	if not account:
		frappe.throw(_("Company {0} has no default income account for deposit deductions").format(company))
	return account


def default_refund_account(company: str) -> str:
	account = frappe.get_cached_value("Company", company, "default_cash_account")
	if not account:
		frappe.throw(
			_("Company {0} has no default cash account: choose the account the refund is paid from").format(
				company
			)
		)
	return account


def cancel_document(doctype: str, name: str | None) -> None:
	"""Cancel a submitted accounting document this procedure made (the user's position was checked)."""
	if name and frappe.db.get_value(doctype, name, "docstatus") == 1:
		doc = frappe.get_doc(doctype, name)
		doc.flags.ignore_permissions = True
		doc.cancel()
