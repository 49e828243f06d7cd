"""Small helpers the service desk's controllers share."""

import frappe
from frappe import _

from pm_module.setup.positions import CS_MANAGER


def validate_unit_in_estate(doc) -> None:
	"""A record's unit must belong to its estate; the building follows the unit."""
	if not doc.get("unit"):
		return
	estate, building = frappe.db.get_value("Unit", doc.unit, ["estate", "building"])
	if doc.estate and estate != doc.estate:
		frappe.throw(
			_("Unit {0} belongs to estate {1}, not to {2}").format(doc.unit, estate, doc.estate),
			title=_("Wrong Estate"),
		)
	doc.estate = estate
	doc.building = building


def users_with_role(role: str) -> list[str]:
	"""Enabled desk users holding a role, in a stable order."""
	return frappe.get_all(
		"User",
		filters={"enabled": 1, "name": ("in", _holders(role)), "user_type": "System User"},
		pluck="name",
		order_by="name",
	)


def _holders(role: str) -> list[str]:
	return frappe.get_all("Has Role", {"role": role, "parenttype": "User"}, pluck="parent") or [""]


def customer_service_manager() -> str | None:
	"""Who a failed rework is escalated to: the customer-service manager."""
	managers = [u for u in users_with_role(CS_MANAGER) if u not in ("Administrator", "Guest")]
	return managers[0] if managers else None


def notify(users: list[str] | str, subject: str, doc, message: str | None = None) -> None:
	"""A desk notification (the bell) for each user about a document."""
	for user in {users} if isinstance(users, str) else set(users):
		if not user or user == "Guest":
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": subject,
				"email_content": message or subject,
			}
		).insert(ignore_permissions=True)
