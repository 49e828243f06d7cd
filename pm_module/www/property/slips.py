"""放行条 /property/slips: the resident's release slips (list), a new application (?new=1), one slip
(?name=) with its QR code once issued, or the owner's confirmation of a tenant's move."""

import frappe
from frappe import _

from pm_module.portal.slips import categories, get_slip, my_slips
from pm_module.portal.web import HOME, chosen_unit, portal_context

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	new = frappe.form_dict.get("new")
	back = f"{HOME}/slips" if name or new else HOME
	resident = portal_context(context, _("Release Slips"), "home", back_to=back)
	if name:
		context.slip = get_slip(name)
		context.title = _("Release Slip {0}").format(name)
	elif new:
		chosen_unit(context, resident)
		context.categories = [(c, _(c)) for c in categories()]
	else:
		context.slips = my_slips(resident)
	return context
