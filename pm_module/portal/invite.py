"""The front desk invites a resident to the resident portal and can disable the login (Resident form).

The login is a website user (no desk) with the role Resident, linked the ERPNext way: `Resident.user`
for everyone, and for a payer also a Portal User row on their Customer. What the user then sees is
computed from today's register (pm_module/portal/access.py): nothing is granted per unit here.
"""

import frappe
from frappe import _
from frappe.utils import validate_email_address

from pm_module.portal.access import resident_units
from pm_module.setup.positions import RESIDENT


@frappe.whitelist(methods=["POST"])
def invite_to_portal(resident: str, email: str | None = None) -> str:
	"""Make (or enable again) the resident's portal login and send the welcome email; returns the user."""
	doc = frappe.get_doc("Resident", resident)
	doc.check_permission("write")
	email = (email or doc.email or "").strip().lower()
	if not email or not validate_email_address(email):
		frappe.throw(_("Please enter a valid email address to invite {0}").format(doc.resident_name))
	if not resident_units(doc.name):
		frappe.throw(
			_(
				"{0} does not live in or own any unit today: only residents on the register are invited"
			).format(doc.resident_name)
		)
	other = frappe.db.get_value("Resident", {"user": email, "name": ("!=", doc.name)})
	if other:
		frappe.throw(_("{0} is already the portal login of resident {1}").format(email, other))
	if doc.user and doc.user != email:
		frappe.throw(
			_("{0} already has the portal login {1}: disable it before inviting another email").format(
				doc.resident_name, doc.user
			)
		)

	user = _portal_user(doc, email)
	doc.db_set({"user": user, "email": doc.email or email})
	if doc.customer:
		add_portal_user(doc.customer, user)
	doc.add_comment("Info", _("Invited to the resident portal as {0}").format(user))
	return user


def _portal_user(resident, email: str) -> str:
	"""A new website user with the role Resident, or the existing one enabled again."""
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
		if user.user_type == "System User":
			# a staff account is not turned into a resident's login
			frappe.throw(_("{0} is a staff account: invite the resident with another email").format(email))
		user.enabled = 1
		user.append_roles(RESIDENT)
		user.flags.ignore_permissions = True
		user.save()
		return user.name
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": resident.resident_name,
			"user_type": "Website User",
			"send_welcome_email": 1,
			"roles": [{"role": RESIDENT}],
		}
	)
	# kept for a later SMS login; a mobile number is unique among users (a family may share one)
	if resident.mobile_no and not frappe.db.exists("User", {"mobile_no": resident.mobile_no}):
		user.mobile_no = resident.mobile_no
	# inviting a resident is the front desk's procedure: it needs no right on User of its own
	user.flags.ignore_permissions = True
	user.insert()
	return user.name


def add_portal_user(customer: str, user: str) -> None:
	"""ERPNext's link of a website user to a Customer (Customer → Portal Users), once.

	Inserted as a row, not by saving the Customer: ERPNext would give the user its role Customer."""
	if frappe.db.exists("Portal User", {"parenttype": "Customer", "parent": customer, "user": user}):
		return
	idx = frappe.db.count("Portal User", {"parenttype": "Customer", "parent": customer}) + 1
	frappe.get_doc(
		{
			"doctype": "Portal User",
			"parenttype": "Customer",
			"parentfield": "portal_users",
			"parent": customer,
			"user": user,
			"idx": idx,
		}
	).db_insert()


@frappe.whitelist(methods=["POST"])
def disable_portal_login(resident: str) -> None:
	"""The resident can no longer log in (their user is disabled and logged out); invite to enable again."""
	doc = frappe.get_doc("Resident", resident)
	doc.check_permission("write")
	if not doc.user:
		frappe.throw(_("{0} has no portal login").format(doc.resident_name))
	frappe.db.set_value("User", doc.user, "enabled", 0)
	frappe.cache.delete_key("enabled_users")
	from frappe.sessions import clear_sessions

	clear_sessions(user=doc.user, force=True)
	doc.add_comment("Info", _("Portal login {0} disabled").format(doc.user))


def portal_login_status(resident) -> dict | None:
	"""For the Resident form: the portal login and whether it is enabled."""
	if not resident.user:
		return None
	return {"user": resident.user, "enabled": frappe.db.get_value("User", resident.user, "enabled")}
