"""投诉 /property/complaints: the resident's complaints (list), a new one (?new=1), one of them (?name=)."""

import frappe
from frappe import _

from pm_module.portal.complaints import categories, get_complaint, my_complaints
from pm_module.portal.photos import limits
from pm_module.portal.web import HOME, chosen_unit, portal_context

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	new = frappe.form_dict.get("new")
	back = f"{HOME}/complaints" if name or new else HOME
	resident = portal_context(context, _("Complaints"), "complaints", back_to=back)
	if name:
		context.complaint = get_complaint(name)
		context.title = _("Complaint {0}").format(name)
	elif new:
		chosen_unit(context, resident)
		context.categories = [(c, _(c)) for c in categories()]
		context.max_mb, context.max_photos = limits()
	else:
		context.complaints = my_complaints()
	return context
