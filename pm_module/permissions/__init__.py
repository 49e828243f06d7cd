"""Who may do what, enforced on the server.

Domain actions (accept a complaint, issue a staff card, approve a price override …) are listed
with their roles in pm_module.setup.positions.ACTIONS; controllers and whitelisted methods call
check_action() before taking one, so the REST API obeys the same rule as the form.
"""

import frappe
from frappe import _

from pm_module.setup.positions import ACTIONS


def has_action(action: str, user: str | None = None) -> bool:
	if action not in ACTIONS:
		raise KeyError(f"Unknown action {action!r}: add it to pm_module.setup.positions.ACTIONS")
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return bool(set(ACTIONS[action]) & set(frappe.get_roles(user)))


def check_action(action: str, user: str | None = None) -> None:
	"""Throw PermissionError unless the user's position may take this action."""
	if not has_action(action, user):
		frappe.throw(
			_("Your position may not {0}. Positions that may: {1}").format(
				_(action), ", ".join(_(r) for r in ACTIONS[action])
			),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
