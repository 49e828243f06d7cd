# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Release slip (物资搬运放行条): goods moved out of the estate, checked at the gate.

The desk fills it in and checks who is asking: the owner in person; a family member against the
register or by phoning the owner; an agent with the owner's written authorisation and a phone
call. A tenant whose unit owes fees gets no slip until the owner (or, if unreachable, the owner's
emergency contact, or a record witnessed by the police post) confirms the move; an owner who owes
fees is reminded but not held up. Submitting issues the slip with a random gate code printed as a
QR code; the security guard opens it by that code on the Gate Check page and marks it used: once,
on its move date only.
"""

import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import fmt_money, format_datetime, formatdate, get_url, getdate, now_datetime, today

from pm_module.billing.arrears import unit_arrears
from pm_module.estate.register import get_occupancies, get_owner
from pm_module.estate.utils import validate_unit_in_estate
from pm_module.permissions import check_action
from pm_module.permissions.scope import estate_allowed

GATE_PAGE = "/app/gate-check"
# relation to the unit -> the occupancy role the register must show for the applicant
ON_RECORD_ROLE = {"Owner": "Owner", "Family Member": "Family Member", "Tenant": "Tenant"}


class ReleaseSlip(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.release_slip_item.release_slip_item import ReleaseSlipItem

		amended_from: DF.Link | None
		applicant_id_number: DF.Data | None
		applicant_name: DF.Data
		applicant_phone: DF.Data | None
		applied_online: DF.Check
		arrears_amount: DF.Currency
		arrears_confirmation: DF.Literal["", "Owner", "Emergency Contact", "Police Witness"]
		authorisation: DF.Attach | None
		building: DF.Link | None
		confirmation_details: DF.SmallText | None
		confirmation_time: DF.Datetime | None
		confirmed_online_by: DF.Link | None
		estate: DF.Link
		family_on_record: DF.Check
		gate_token: DF.Data | None
		goods: DF.Table[ReleaseSlipItem]
		move_date: DF.Date
		naming_series: DF.Literal["RS-.YYYY.-.#####"]
		owner_call_number: DF.Data | None
		owner_call_time: DF.Datetime | None
		owner_called_by: DF.Link | None
		owner_name: DF.Data | None
		owner_resident: DF.Link | None
		relation: DF.Literal["Owner", "Family Member", "Agent", "Tenant"]
		remarks: DF.SmallText | None
		resident: DF.Link | None
		status: DF.Literal["Draft", "Issued", "Used", "Cancelled"]
		unit: DF.Link
		used_at: DF.Datetime | None
		vehicle_plate: DF.Data | None
		verified_by: DF.Link | None
	# end: auto-generated types

	def validate(self):
		validate_unit_in_estate(self.unit, self.estate)
		self.status = "Draft"
		self.owner_resident = get_owner(self.unit, self.move_date)
		self.owner_name = self.owner_resident and frappe.db.get_value(
			"Resident", self.owner_resident, "resident_name"
		)
		self.check_applicant_on_record()
		self.validate_goods()
		self.arrears_amount = unit_arrears(self.unit)["outstanding"]

	def before_submit(self):
		if getdate(self.move_date) < getdate(today()):
			frappe.throw(
				_("The move date {0} has passed: a slip is issued for today or a later day").format(
					formatdate(self.move_date)
				),
				title=_("Move Date Passed"),
			)
		self.check_identity()
		self.check_arrears()
		self.gate_token = secrets.token_urlsafe(24)
		self.status = "Issued"

	def before_cancel(self):
		if self.used_at:
			frappe.throw(
				_("Slip {0} was used at the gate on {1}: it can no longer be cancelled").format(
					self.name, format_datetime(self.used_at)
				)
			)

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def check_applicant_on_record(self):
		"""The resident named as applicant must hold the relation they claim in the register."""
		if self.relation == "Owner":
			if not self.owner_resident:
				frappe.throw(
					_("Unit {0} has no owner in the register on {1}").format(
						self.unit, formatdate(self.move_date)
					)
				)
			self.resident = self.resident or self.owner_resident
		if self.relation == "Tenant" and not self.resident:
			frappe.throw(_("Name the tenant's resident record: a tenant must be registered with a lease"))
		roles = self.applicant_roles()
		self.family_on_record = int("Family Member" in roles)
		wanted = ON_RECORD_ROLE.get(self.relation)
		if self.resident and wanted in ("Owner", "Tenant") and wanted not in roles:
			frappe.throw(
				_("{0} is not registered as {1} of unit {2} on {3}").format(
					frappe.bold(frappe.db.get_value("Resident", self.resident, "resident_name")),
					_(wanted),
					self.unit,
					formatdate(self.move_date),
				),
				title=_("Not on Record"),
			)

	def applicant_roles(self) -> set[str]:
		if not self.resident:
			return set()
		return {o.role for o in get_occupancies(self.unit, self.move_date) if o.resident == self.resident}

	def validate_goods(self):
		if not self.goods:
			frappe.throw(_("List the goods to be moved out"), title=_("No Goods"))
		for row in self.goods:
			if (row.qty or 0) <= 0:
				frappe.throw(_("Row {0}: the quantity must be at least 1").format(row.idx))

	def owner_phone_confirmed(self) -> bool:
		return bool(self.owner_call_time and self.owner_call_number and self.owner_called_by)

	def check_identity(self):
		"""Family: on record or confirmed by the owner by phone. Agent: written authorisation and a call."""
		missing_call = _("the owner's confirmation by phone (time, number called and who called)")
		if self.relation == "Family Member" and not (self.family_on_record or self.owner_phone_confirmed()):
			frappe.throw(
				_("{0} is not a family member on record: record {1}").format(
					self.applicant_name, missing_call
				),
				title=_("Identity Not Confirmed"),
			)
		if self.relation == "Agent":
			missing = []
			if not self.authorisation:
				missing.append(_("the owner's written authorisation"))
			if not self.owner_phone_confirmed():
				missing.append(missing_call)
			if missing:
				frappe.throw(
					_("An agent needs {0}").format("; ".join(missing)), title=_("Identity Not Confirmed")
				)

	def check_arrears(self):
		"""A tenant with arrears waits for a recorded confirmation; the owner's side is only reminded."""
		if not self.arrears_amount:
			return
		owed = fmt_money(self.arrears_amount, currency=frappe.db.get_default("currency"))
		if self.relation == "Tenant" and not self.arrears_confirmed():
			frappe.throw(
				_(
					"Unit {0} owes {1}. Ask the tenant to settle it: the slip is issued only once the owner's confirmation is recorded (if the owner cannot be reached: the emergency contact's, or a record witnessed by the police post), with its details and time"
				).format(self.unit, owed),
				title=_("Unit in Arrears"),
			)
		if self.relation != "Tenant":  # the owner, or family and agents acting for the owner
			frappe.msgprint(
				_("Unit {0} owes {1}: please remind the owner to pay").format(self.unit, owed),
				title=_("Unit in Arrears"),
				indicator="orange",
			)

	def confirm_by_owner_online(self, resident: str) -> None:
		"""The owner confirms a tenant's move on the resident portal: the recorded confirmation the
		arrears check asks for, with the owner's own user as the record of who confirmed. The portal
		has checked that the session's user is `resident`."""
		if self.docstatus != 0:
			frappe.throw(_("Slip {0} is already {1}").format(self.name, _(self.status)))
		if self.relation != "Tenant":
			frappe.throw(_("Only a tenant's slip waits for the owner's confirmation"))
		if resident != self.owner_resident:
			frappe.throw(
				_("Only the owner of unit {0} confirms a tenant's move").format(self.unit),
				frappe.PermissionError,
			)
		if self.arrears_confirmed():
			frappe.throw(_("The move of slip {0} is already confirmed").format(self.name))
		self.arrears_confirmation = "Owner"
		self.confirmation_time = now_datetime()
		self.confirmation_details = _("Confirmed online by the owner {0} ({1})").format(
			self.owner_name, frappe.session.user
		)
		self.confirmed_online_by = frappe.session.user
		self.flags.ignore_permissions = True  # the owner has no desk rights on slips
		self.save()

	def needs_owner_confirmation(self) -> bool:
		"""A tenant's draft slip for a unit in arrears, not confirmed yet."""
		return (
			self.docstatus == 0
			and self.relation == "Tenant"
			and bool(self.arrears_amount)
			and not self.arrears_confirmed()
		)

	def arrears_confirmed(self) -> bool:
		return bool(
			self.arrears_confirmation and (self.confirmation_details or "").strip() and self.confirmation_time
		)

	def gate_url(self) -> str:
		return get_url(f"{GATE_PAGE}?token={self.gate_token}") if self.gate_token else ""

	def gate_qr_data_uri(self) -> str:
		"""The gate URL as a QR code (PNG data URI) for the printed slip."""
		from pm_module.qr import qr_data_uri

		return qr_data_uri(self.gate_url())


def slip_by_token(token: str, for_update: bool = False) -> "ReleaseSlip":
	"""The issued slip with this gate code, if the guard may see it."""
	check_action("Verify Release Slip")
	name = frappe.db.get_value(
		"Release Slip",
		{"gate_token": (token or "").strip(), "docstatus": 1},
		"name",
		for_update=for_update,
	)
	if not token or not name:
		frappe.throw(
			_("No issued release slip has this code"), frappe.DoesNotExistError, title=_("Unknown Slip")
		)
	slip = frappe.get_doc("Release Slip", name)
	if not estate_allowed(slip.estate):
		frappe.throw(
			_("Slip {0} belongs to estate {1}, which is not yours").format(slip.name, slip.estate),
			frappe.PermissionError,
		)
	return slip


def gate_problem(slip: "ReleaseSlip", on_date=None) -> str | None:
	"""Why the slip may not pass the gate today, or None."""
	if slip.status == "Used" or slip.used_at:
		return _("Already used on {0} (verified by {1})").format(
			format_datetime(slip.used_at), frappe.utils.get_fullname(slip.verified_by)
		)
	if getdate(slip.move_date) != getdate(on_date or today()):
		return _("Valid only on {0}").format(formatdate(slip.move_date))
	return None


@frappe.whitelist()
def get_slip_for_gate(token: str) -> dict:
	"""What the guard needs to check the goods: unit, who, vehicle, date, goods, and whether it may pass."""
	slip = slip_by_token(token)
	return {
		"name": slip.name,
		"estate": slip.estate,
		"unit": slip.unit,
		"building": slip.building,
		"applicant_name": slip.applicant_name,
		"relation": _(slip.relation),
		"move_date": formatdate(slip.move_date),
		"vehicle_plate": slip.vehicle_plate,
		"goods": [
			{"category": _(g.category), "description": g.description, "qty": g.qty} for g in slip.goods
		],
		"status": slip.status,
		"status_label": _(slip.status),
		"used_at": slip.used_at and format_datetime(slip.used_at),
		"problem": gate_problem(slip),
	}


@frappe.whitelist(methods=["POST"])
def mark_slip_used(token: str) -> dict:
	"""The goods passed the gate: the slip is used and can never pass again."""
	slip = slip_by_token(token, for_update=True)
	problem = gate_problem(slip)
	if problem:
		frappe.throw(_("Slip {0} may not pass: {1}").format(slip.name, problem), title=_("Slip Not Valid"))
	slip.db_set({"status": "Used", "used_at": now_datetime(), "verified_by": frappe.session.user})
	slip.add_comment("Info", _("Goods checked and released at the gate"))
	return get_slip_for_gate(token)
