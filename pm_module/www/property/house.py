"""/property/house (我的房屋): a unit of the resident, its household and cards; owners ask to add or
remove family members (the front desk confirms)."""

from frappe import _

from pm_module.portal.house import ID_TYPES, household, household_cards, member_requests, unit_details
from pm_module.portal.web import chosen_unit, portal_context


def get_context(context):
	resident = portal_context(context, _("My Home"), "house")
	unit = chosen_unit(context, resident)
	if unit:
		context.details = unit_details(unit.unit)
		context.household = household(unit.unit)
		context.cards = household_cards(unit.unit)
		context.requests = member_requests(unit.unit, resident) if unit.is_owner else []
	context.id_types = ID_TYPES
	return context
