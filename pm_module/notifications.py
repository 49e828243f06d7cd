"""Who holds a role, and the desk notifications (the bell) the procedures send them."""

import frappe

NOT_NOTIFIED = ("Administrator", "Guest")


def users_with_role(role: str) -> list[str]:
	"""Enabled desk users holding a role, without Administrator and Guest, in a stable order."""
	holders = frappe.get_all("Has Role", {"role": role, "parenttype": "User"}, pluck="parent")
	holders = [u for u in holders if u not in NOT_NOTIFIED]
	if not holders:
		return []
	return frappe.get_all(
		"User",
		filters={"enabled": 1, "user_type": "System User", "name": ("in", holders)},
		pluck="name",
		order_by="name",
	)


def first_user(role: str, default: str | None = "Administrator") -> str | None:
	"""The first user holding a role (demo data), or `default` when nobody does."""
	return next(iter(users_with_role(role)), default)


def notify(users: list[str] | str | None, doc, subject: str, message: str = "") -> list[str]:
	"""A desk notification (the bell, and e-mail where the user's notification settings ask for it)
	about `doc` to each user, once; empty entries and Guest are skipped. Returns who was notified."""
	if isinstance(users, str):
		users = [users]
	recipients = sorted({u for u in users or [] if u and u != "Guest"})
	for user in recipients:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": subject,
				"email_content": message or subject,
				"from_user": frappe.session.user,
			}
		).insert(ignore_permissions=True)
	return recipients


def users_with_roles_search(roles, txt: str, start: int, page_len: int, order_by: str | None = None) -> list:
	"""A link-field query's rows (name, full name): enabled users holding any of the roles whose
	name or full name contains `txt`."""
	holders = frappe.get_all(
		"Has Role", {"role": ("in", roles), "parenttype": "User"}, pluck="parent", distinct=True
	)
	return frappe.get_all(
		"User",
		filters={"name": ("in", holders or [""]), "enabled": 1},
		or_filters={"name": ("like", f"%{txt}%"), "full_name": ("like", f"%{txt}%")},
		fields=["name", "full_name"],
		start=start,
		page_length=page_len,
		as_list=True,
		**({"order_by": order_by} if order_by else {}),
	)
