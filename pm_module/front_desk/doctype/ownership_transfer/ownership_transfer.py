# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Transfer of ownership (转让房新业主入住): a resold unit's new owner moves in.

The desk first makes sure the previous owner's fees are fully paid (ERPNext's outstanding amount of
the unit's invoices); the new owner shows the purchase contract or property certificate (a copy is
kept); no inspection. On submit the previous owner's occupancy ends the day before the transfer,
the new owner's begins (they become an ERPNext Customer), and finance and the control room are told
the unit number, both names, the new owner's contact, ID number, debit account and the date.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from pm_module.billing.arrears import ensure_no_arrears, unit_arrears
from pm_module.estate.register import get_occupancies
from pm_module.front_desk.residency import (
	day_before,
	end_occupancy,
	fill_card_from_resident,
	get_unit_of_estate,
	open_owner_occupancy,
	save_resident_card,
	validate_card,
)
from pm_module.notifications import notify, users_with_role

PROCEDURE = "Transfer of Ownership"
FINANCE_ROLE = "Accounts Manager"
CONTROL_ROOM_ROLE = "Security Guard"
HOUSEHOLD_ROLES = ("Family Member", "Other Occupant")


class OwnershipTransfer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		arrears_outstanding: DF.Currency
		bank_account_copy: DF.Attach | None
		bank_account_holder: DF.Data | None
		bank_account_no: DF.Data | None
		bank_name: DF.Data | None
		building: DF.Link | None
		email: DF.Data | None
		emergency_contact_name: DF.Data | None
		emergency_contact_phone: DF.Data | None
		emergency_contact_relation: DF.Data | None
		ended_occupancies: DF.SmallText | None
		estate: DF.Link
		id_copy_back: DF.Attach | None
		id_copy_front: DF.Attach | None
		id_number: DF.Data | None
		id_type: DF.Literal[
			"",
			"Resident Identity Card",
			"Passport",
			"Mainland Travel Permit (HK/Macau)",
			"Mainland Travel Permit (Taiwan)",
			"Business Licence",
			"Other",
		]
		mobile_no: DF.Data | None
		naming_series: DF.Literal["OT-.YYYY.-.#####"]
		new_occupancy: DF.Link | None
		notified_on: DF.Datetime | None
		originals_seen: DF.Check
		previous_end_date: DF.Date | None
		previous_occupancy: DF.Link | None
		previous_owner: DF.Link | None
		previous_owner_name: DF.Data | None
		purchase_contract: DF.Attach | None
		remarks: DF.SmallText | None
		resident: DF.Link | None
		resident_name: DF.Data
		resident_type: DF.Literal["Person", "Company"]
		transfer_date: DF.Date
		unit: DF.Link
	# end: auto-generated types

	def validate(self):
		get_unit_of_estate(self.unit, self.estate)
		self.set_previous_owner()
		fill_card_from_resident(self)
		validate_card(self)
		if self.resident and self.resident == self.previous_owner:
			frappe.throw(_("The new owner is the previous owner"))
		self.arrears_outstanding = unit_arrears(self.unit)["outstanding"]

	def before_submit(self):
		if not self.purchase_contract or not self.originals_seen:
			frappe.throw(
				_(
					"The new owner's purchase contract or property certificate must be seen and its copy attached"
				),
				title=_("Documents Missing"),
			)
		ensure_no_arrears(self.unit, PROCEDURE)

	def on_submit(self):
		self.db_set(
			"previous_end_date", frappe.db.get_value("Occupancy", self.previous_occupancy, "end_date")
		)
		end_occupancy(self.previous_occupancy, day_before(self.transfer_date))
		self.end_previous_household()
		save_resident_card(self)
		self.db_set("resident", self.resident)
		self.db_set(
			"new_occupancy",
			open_owner_occupancy(
				self.unit, self.resident, self.transfer_date, _("Transfer {0}").format(self.name)
			),
		)
		self.notify_departments()

	def on_cancel(self):
		for name in (self.ended_occupancies or "").split():
			household = frappe.get_doc("Occupancy", name)
			household.end_date = None
			household.flags.ignore_permissions = True
			household.save()
		if self.new_occupancy and frappe.db.exists("Occupancy", self.new_occupancy):
			frappe.delete_doc("Occupancy", self.new_occupancy, ignore_permissions=True, force=True)
		occupancy = frappe.get_doc("Occupancy", self.previous_occupancy)
		occupancy.end_date = self.previous_end_date
		occupancy.flags.ignore_permissions = True
		occupancy.save()

	def end_previous_household(self):
		"""The previous owner's family and other occupants leave with them; a tenant keeps the lease."""
		ended = []
		for row in get_occupancies(self.unit, self.transfer_date, roles=HOUSEHOLD_ROLES):
			if row.end_date or getdate(row.start_date) >= getdate(self.transfer_date):
				continue  # ends on a date of its own, or came with the new owner
			end_occupancy(row.name, day_before(self.transfer_date))
			ended.append(row.name)
		self.db_set("ended_occupancies", "\n".join(ended))

	def set_previous_owner(self):
		owners = get_occupancies(self.unit, self.transfer_date, roles=("Owner",))
		if not owners:
			frappe.throw(
				_("Unit {0} has no registered owner on {1}: a first owner moves in by a Move In").format(
					frappe.bold(self.unit), frappe.format(self.transfer_date, "Date")
				),
				title=_("No Previous Owner"),
			)
		(owner,) = owners
		if owner.start_date >= getdate(self.transfer_date):
			frappe.throw(
				_("{0} only became the owner on {1}: the transfer must be dated after that").format(
					owner.resident_name, frappe.format(owner.start_date, "Date")
				)
			)
		self.previous_owner, self.previous_owner_name = owner.resident, owner.resident_name
		self.previous_occupancy = owner.name

	def notify_departments(self):
		"""Finance changes the payer and debit account; the control room its owners' phone book."""
		subject = _("Unit {0} changed owner on {1}: {2} → {3}").format(
			self.unit, frappe.format(self.transfer_date, "Date"), self.previous_owner_name, self.resident_name
		)
		details = _("New owner {0}, mobile {1}, ID number {2}, debit account {3} {4}").format(
			self.resident_name,
			self.mobile_no or "-",
			self.id_number or "-",
			self.bank_name or "",
			self.bank_account_no or "-",
		)
		notify(users_with_role(FINANCE_ROLE) + users_with_role(CONTROL_ROOM_ROLE), self, subject, details)
		self.db_set("notified_on", now_datetime())
