"""Checks every front-desk record makes about the estate it belongs to."""

import frappe
from frappe import _


def validate_unit_in_estate(unit: str | None, estate: str | None) -> None:
	"""Refuse a unit of another estate than the record's."""
	if not unit:
		return
	unit_estate = frappe.db.get_value("Unit", unit, "estate")
	if unit_estate != estate:
		frappe.throw(
			_("Unit {0} belongs to estate {1}, not {2}").format(
				frappe.bold(unit), frappe.bold(unit_estate), frappe.bold(estate)
			),
			title=_("Unit of Another Estate"),
		)


def user_may_see_estate(estate: str, user: str | None = None) -> bool:
	"""False when the user is restricted to some estates (User Permission on Estate) and not this one."""
	from pm_module.permissions.scope import user_estates

	estates = user_estates(user or frappe.session.user)
	return estates is None or estate in estates
