"""Who may do what, enforced on the server.

Domain actions (accept a complaint, issue a staff card, approve a price override …) are listed
with their roles in pm_module.setup.positions.ACTIONS; controllers and whitelisted methods call
check_action() before taking one, so the REST API obeys the same rule as the form.

What each position may do on each DocType, and which records it sees, is the permission matrix
(matrix.csv, applied by matrix.py; row-level scope by estate, building or assignment in scope.py;
the report "Permission Matrix" shows the effective matrix). The security guard has no DocPerm on
Release Slip: the Gate Check page shows the few fields needed at the gate, after
check_action("Verify Release Slip") and the guard's estate.
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
