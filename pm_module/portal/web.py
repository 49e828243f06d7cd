"""What every page of the resident portal (/property, pm_module/www/property/) shares: the login
check, the resident and their units, the tabs of the base template (templates/portal/base.html)."""

from urllib.parse import quote

import frappe
from frappe import _

from pm_module.portal.access import current_resident, require_unit, resident_units

HOME = "/property"


def tabs() -> list[dict]:
	"""The bottom tab bar (phone first): the portal's sections; slips and notices are on the home page."""
	return [
		{"key": "home", "route": HOME, "label": _("Home"), "icon": "⌂"},
		{"key": "bills", "route": f"{HOME}/bills", "label": _("My Bills"), "icon": "¥"},
		{"key": "repairs", "route": f"{HOME}/repairs", "label": _("Repairs"), "icon": "🔧"},
		{"key": "complaints", "route": f"{HOME}/complaints", "label": _("Complaints"), "icon": "✉"},
		{"key": "house", "route": f"{HOME}/house", "label": _("My Home"), "icon": "☖"},
	]


def portal_context(context, title: str, tab: str, back_to: str | None = HOME) -> str:
	"""Fill the shared context of a portal page and return the session's resident.

	Guests are sent to the login page (and back here after it); a user who is not linked to a
	resident is refused. The page's get_context calls this first."""
	context.no_cache = 1
	context.show_sidebar = False
	if frappe.session.user == "Guest":
		path = getattr(getattr(frappe.local, "request", None), "path", None) or HOME
		frappe.local.flags.redirect_location = f"/login?redirect-to={quote(path)}"
		raise frappe.Redirect
	resident = current_resident()
	if not resident:
		frappe.throw(_("Your account is not linked to a resident of the estate"), frappe.PermissionError)
	context.title = title
	context.tab = tab
	context.tabs = tabs()
	context.back_to = back_to
	context.resident = resident
	context.resident_name = frappe.db.get_value("Resident", resident, "resident_name")
	context.units = resident_units(resident)
	return resident


def chosen_unit(context, resident: str) -> frappe._dict | None:
	"""The unit a page shows (`?unit=`; refused and logged when not the resident's), else the first."""
	unit = frappe.form_dict.get("unit")
	if unit:
		context.unit = require_unit(unit, resident)
	else:
		context.unit = context.units[0] if context.units else None
	return context.unit
