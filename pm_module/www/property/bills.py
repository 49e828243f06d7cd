"""/property/bills (我的账单): the payer's invoices of a unit, receipts, prepaid balance and how to pay."""

from frappe import _

from pm_module.portal.bills import offline_payment, online_payment_available, unit_bills
from pm_module.portal.web import chosen_unit, portal_context


def get_context(context):
	resident = portal_context(context, _("My Bills"), "bills")
	unit = chosen_unit(context, resident)
	context.bills = unit_bills(resident, unit.unit) if unit else None
	context.online_payment = online_payment_available()
	context.offline = offline_payment(unit.estate if unit else None)
	return context
