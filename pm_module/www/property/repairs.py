"""报修 /property/repairs: the resident's repair requests (list), a new one (?new=1), one of them (?name=)."""

import frappe
from frappe import _

from pm_module.portal.photos import limits
from pm_module.portal.repairs import get_repair, my_repairs, paid_services
from pm_module.portal.web import HOME, chosen_unit, portal_context

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	new = frappe.form_dict.get("new")
	back = f"{HOME}/repairs" if name or new else HOME
	resident = portal_context(context, _("Repairs"), "repairs", back_to=back)
	if name:
		context.order = get_repair(name)
		context.title = _("Repair {0}").format(name)
	elif new:
		unit = chosen_unit(context, resident)
		context.services = paid_services(unit.estate) if unit else []
		context.max_mb, context.max_photos = limits()
	else:
		context.orders = my_repairs()
	return context
