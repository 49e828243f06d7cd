# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt
"""An owner asks to add or remove a family member of their unit (resident portal 我的房屋, or the desk);
the front desk confirms it, and only then does the register change (a Resident and an Occupancy as
Family Member from today, or that occupancy ended yesterday)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, now_datetime, today

from pm_module.estate.register import OWNER, get_occupancies

ADD, REMOVE = "Add Family Member", "Remove Family Member"
FAMILY_MEMBER = "Family Member"


class HouseholdMemberRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		decided_at: DF.Datetime | None
		decided_by: DF.Link | None
		estate: DF.Link | None
		id_number: DF.Data | None
		id_type: DF.Literal[
			"",
			"Resident Identity Card",
			"Passport",
			"Mainland Travel Permit (HK/Macau)",
			"Mainland Travel Permit (Taiwan)",
			"Other",
		]
		member: DF.Link | None
		member_name: DF.Data
		mobile_no: DF.Data | None
		naming_series: DF.Literal["HMR-.YYYY.-.#####"]
		occupancy: DF.Link | None
		relation: DF.Data | None
		reply: DF.SmallText | None
		request_type: DF.Literal["Add Family Member", "Remove Family Member"]
		requested_by: DF.Link
		requested_by_name: DF.Data | None
		status: DF.Literal["Pending", "Confirmed", "Rejected"]
		unit: DF.Link
	# end: auto-generated types

	def validate(self):
		before = self.get_doc_before_save()
		if before and before.status != "Pending":
			frappe.throw(
				_("Request {0} is already {1}: it cannot be changed").format(self.name, _(before.status))
			)
		self.member_name = (self.member_name or "").strip()
		if self.status != "Pending":
			return
		if self.requested_by not in {r.resident for r in get_occupancies(self.unit, roles=(OWNER,))}:
			frappe.throw(
				_("Only an owner of unit {0} may ask to change its family members").format(self.unit)
			)
		if self.request_type == REMOVE:
			self.validate_member_to_remove()
		elif self.id_number:
			self.id_number = self.id_number.strip().upper()

	def validate_member_to_remove(self):
		if not self.member:
			frappe.throw(_("Choose the family member to remove"))
		if not self.current_family_occupancy():
			frappe.throw(
				_("{0} is not a family member of unit {1}").format(self.member_name or self.member, self.unit)
			)
		self.member_name = self.member_name or frappe.db.get_value("Resident", self.member, "resident_name")

	def current_family_occupancy(self) -> str | None:
		rows = [r for r in get_occupancies(self.unit, roles=(FAMILY_MEMBER,)) if r.resident == self.member]
		return rows[0].name if rows else None

	@frappe.whitelist()
	def confirm(self) -> None:
		"""The front desk confirms: the register changes now."""
		self.check_permission("write")
		self.check_pending()
		if self.request_type == ADD:
			self.add_member()
		else:
			self.remove_member()
		self.decide("Confirmed")

	@frappe.whitelist()
	def reject(self, reply: str | None = None) -> None:
		self.check_permission("write")
		self.check_pending()
		if not (reply or self.reply):
			frappe.throw(_("Please tell the resident why the request is rejected"))
		self.reply = reply or self.reply
		self.decide("Rejected")

	def check_pending(self):
		if self.status != "Pending":
			frappe.throw(_("Request {0} is already {1}").format(self.name, _(self.status)))

	def decide(self, status: str) -> None:
		self.status = status
		self.decided_by = frappe.session.user
		self.decided_at = now_datetime()
		# the decision is the last change: validate() refuses any later one
		self.db_update()
		self.notify_update()

	def add_member(self):
		"""A Resident for the member (the one with this ID number if registered) and an Occupancy as
		family member from today."""
		member = self.member
		if not member and self.id_number:
			member = frappe.db.get_value("Resident", {"id_number": self.id_number, "id_type": self.id_type})
		if not member:
			member = (
				frappe.get_doc(
					{
						"doctype": "Resident",
						"resident_name": self.member_name,
						"mobile_no": self.mobile_no,
						"id_type": self.id_type,
						"id_number": self.id_number,
						"remarks": _("Family member of {0} ({1}), request {2}").format(
							self.requested_by_name, self.relation or "", self.name
						),
					}
				)
				.insert()
				.name
			)
		if self.member_is_family(member):
			frappe.throw(_("{0} is already a family member of unit {1}").format(self.member_name, self.unit))
		occupancy = frappe.get_doc(
			{
				"doctype": "Occupancy",
				"unit": self.unit,
				"resident": member,
				"role": FAMILY_MEMBER,
				"start_date": today(),
				"remarks": _("Request {0}").format(self.name),
			}
		).insert()
		self.member, self.occupancy = member, occupancy.name

	def member_is_family(self, member: str) -> bool:
		return any(r.resident == member for r in get_occupancies(self.unit, roles=(FAMILY_MEMBER,)))

	def remove_member(self):
		"""The member's occupancy ends yesterday (or the day it began): from today they no longer belong
		to the unit, in the portal too."""
		name = self.current_family_occupancy()
		if not name:
			frappe.throw(
				_("{0} is no longer a family member of unit {1}").format(self.member_name, self.unit)
			)
		occupancy = frappe.get_doc("Occupancy", name)
		occupancy.end_date = max(getdate(occupancy.start_date), getdate(add_days(today(), -1)))
		occupancy.save()
		self.occupancy = name
