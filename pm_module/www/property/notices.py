"""/property/notices (公告): the notices of the resident's estates and each estate office's hours and phone."""

from frappe import _

from pm_module.portal.notices import notices_for, offices
from pm_module.portal.web import portal_context


def get_context(context):
	portal_context(context, _("Notices"), "home")
	context.notices = notices_for(context.units)
	context.offices = offices(context.units)
	return context
