"""/property: the resident portal's home (业主服务): the resident's units, what they owe, the sections,
the latest notices and the estate office."""

from frappe import _

from pm_module.portal.bills import amount_due, unit_currency
from pm_module.portal.notices import notices_for, offices
from pm_module.portal.web import portal_context


def get_context(context):
	resident = portal_context(context, _("Resident Services"), "home", back_to=None)
	context.outstanding = amount_due(resident)
	context.currency = unit_currency(context.units[0].unit) if context.units else None
	context.notices = notices_for(context.units, limit=3)
	context.offices = offices(context.units)
	context.sections = [
		{"route": "/property/house", "label": _("My Home"), "icon": "☖"},
		{"route": "/property/bills", "label": _("My Bills"), "icon": "¥"},
		{"route": "/property/repairs", "label": _("Repairs"), "icon": "🔧"},
		{"route": "/property/complaints", "label": _("Complaints"), "icon": "✉"},
		{"route": "/property/slips", "label": _("Release Slips"), "icon": "⇄"},
		{"route": "/property/notices", "label": _("Notices"), "icon": "📢"},
	]
	return context
