# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Access card (门禁卡): one holder's card, its validity by card type, its fee and its log.

Owners and family members: 2 years; tenants: until the lease ends, at most 1 year; merchants:
1 year once a department head approves the company's application; staff: free, issued only by the
front-desk head or the customer-service head (all numbers are settings). The card fee is billed
when a card is issued; a replacement is free within the free-replacement months unless the card
was lost or damaged by its holder, and lost or damaged staff cards are charged too. Renewal
happens before expiry. Every issue, renewal, loss, replacement and return is logged.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, add_months, flt, formatdate, getdate, now_datetime, today

from pm_module.estate.register import get_occupancies
from pm_module.estate.utils import get_settings, validate_unit_in_estate
from pm_module.front_desk.cards import (
	CARD_FEE_ITEM,
	bill_at_desk,
	ensure_fee_item,
	longest_validity,
	staff_customer,
)
from pm_module.permissions import check_action, has_action

STAFF = "Staff"
MERCHANT = "Merchant"
# card type -> the occupancy the holder must have on the unit
HOLDER_ROLE = {"Owner": "Owner", "Family Member": "Family Member", "Tenant": "Tenant", "Merchant": "Merchant"}
REPLACEMENT_REASONS = ("Lost", "Damaged by Holder", "Faulty")
# a change of any of these checks the holder against the register again
HOLDER_FIELDS = ("card_type", "unit", "resident", "staff_user", "valid_from", "owner_phone_confirmed")


class AccessCard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.access_card_event.access_card_event import AccessCardEvent

		application: DF.Attach | None
		approved_at: DF.Datetime | None
		approved_by: DF.Link | None
		building: DF.Link | None
		card_fee: DF.Currency
		card_number: DF.Data
		card_type: DF.Literal["Owner", "Family Member", "Tenant", "Merchant", "Staff"]
		estate: DF.Link
		events: DF.Table[AccessCardEvent]
		holder_name: DF.Data | None
		lease_end: DF.Date | None
		naming_series: DF.Literal["AC-.#####"]
		occupancy: DF.Link | None
		owner_phone_confirmed: DF.Check
		remarks: DF.SmallText | None
		resident: DF.Link | None
		sales_invoice: DF.Link | None
		staff_user: DF.Link | None
		status: DF.Literal["Pending Approval", "Active", "Lost", "Returned"]
		unit: DF.Link | None
		valid_from: DF.Date
		valid_to: DF.Date | None
	# end: auto-generated types

	def validate(self):
		validate_unit_in_estate(self.unit, self.estate)
		if self.is_new() or any(self.has_value_changed(f) for f in HOLDER_FIELDS):
			self.check_holder()
		self.check_validity()
		self.check_approval()

	def before_insert(self):
		if self.card_type == STAFF:
			check_action("Issue Staff Card")
		self.status = "Pending Approval" if self.card_type == MERCHANT and not self.approved_by else "Active"

	def after_insert(self):
		if self.status == "Active":
			self.issue()

	def check_holder(self):
		"""The holder is who the card type says: staff member, or a resident on record at the unit."""
		if self.card_type == STAFF:
			if not self.staff_user:
				frappe.throw(_("A staff card needs the staff member"))
			if self.has_value_changed("card_type") and not self.is_new():
				check_action("Issue Staff Card")
			self.resident = self.occupancy = self.lease_end = None
			self.holder_name = frappe.utils.get_fullname(self.staff_user)
			return
		self.staff_user = None
		if not (self.unit and self.resident):
			frappe.throw(
				_("A {0} card needs the unit and the resident who holds it").format(_(self.card_type))
			)
		self.holder_name = frappe.db.get_value("Resident", self.resident, "resident_name")
		role = HOLDER_ROLE[self.card_type]
		record = self.occupancy_on_record(role, self.valid_from)
		if record:
			self.occupancy, self.lease_end = record.name, record.end_date
			return
		self.occupancy = self.lease_end = None
		if self.card_type == "Family Member" and self.owner_phone_confirmed:
			return  # no records yet: the owner confirmed by phone
		frappe.throw(
			_("{0} is not registered as {1} of unit {2} on {3}").format(
				frappe.bold(self.holder_name), _(role), self.unit, formatdate(self.valid_from)
			),
			title=_("Not on Record"),
		)

	def occupancy_on_record(self, role: str, on_date):
		rows = [o for o in get_occupancies(self.unit, on_date, roles=(role,)) if o.resident == self.resident]
		return rows[-1] if rows else None

	def check_validity(self):
		"""Valid to: the rule's longest validity when left empty; later than the rule is refused."""
		if self.card_type == "Tenant" and not self.lease_end:
			frappe.throw(_("A tenant's card needs the tenant's occupancy with the lease end date"))
		longest = longest_validity(self.card_type, self.valid_from, self.lease_end)
		if not self.valid_to:
			if longest is None:
				return
			self.valid_to = longest
		if getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid to {0} is before valid from {1}").format(
					formatdate(self.valid_to), formatdate(self.valid_from)
				)
			)
		if longest and getdate(self.valid_to) > longest:
			frappe.throw(
				_("A {0} card issued on {1} may be valid until {2} at the latest, not {3}").format(
					_(self.card_type),
					formatdate(self.valid_from),
					formatdate(longest),
					formatdate(self.valid_to),
				),
				title=_("Validity Beyond the Rule"),
			)

	def check_approval(self):
		"""A merchant card is approved by a department head; nobody else may fill in the approval."""
		if self.has_value_changed("approved_by") and self.approved_by:
			if self.approved_by != frappe.session.user or not has_action("Approve Merchant Card"):
				frappe.throw(
					_("Only a department head approves merchant cards, through Approve"),
					frappe.PermissionError,
				)
		if self.card_type == MERCHANT and not self.approved_by and self.status == "Active":
			frappe.throw(_("A merchant card needs a department head's approval"), title=_("Not Approved"))

	def issue(self):
		"""Hand the card over: the fee is billed (staff cards are free) and the issue logged."""
		fee = 0 if self.card_type == STAFF else flt(get_settings().card_fee)
		invoice = self.bill(fee, _("Card fee for access card {0}").format(self.card_number)) if fee else None
		self.db_set({"card_fee": fee, "sales_invoice": invoice})
		self.log("Issued", fee=fee, sales_invoice=invoice)

	def bill(self, fee: float, description: str) -> str:
		customer = (
			staff_customer(self.staff_user)
			if self.card_type == STAFF
			else frappe.get_doc("Resident", self.resident).ensure_customer()
		)
		return bill_at_desk(
			estate=self.estate,
			unit=self.unit,
			customer=customer,
			resident=self.resident,
			item_code=ensure_fee_item(CARD_FEE_ITEM, _("Card Fee")),
			qty=1,
			rate=fee,
			description=description,
		)

	def log(self, event: str, **details):
		row = self.append(
			"events",
			{
				"event": event,
				"event_time": now_datetime(),
				"card_number": self.card_number,
				"valid_to": self.valid_to,
				"by_user": frappe.session.user,
				**details,
			},
		)
		row.db_insert()

	def card_issued_on(self):
		"""When the physical card in the holder's hands was issued (its last issue or replacement)."""
		dates = [e.event_time for e in self.events if e.event in ("Issued", "Replaced")]
		return getdate(max(dates)) if dates else getdate(self.valid_from)

	def replacement_fee(self, reason: str, on_date=None) -> float:
		"""Free for a faulty card within the free-replacement months (staff cards: always when faulty);
		a card lost or damaged by its holder is paid for, staff cards included."""
		if reason not in REPLACEMENT_REASONS:
			frappe.throw(
				_("Replacement reason must be one of {0}").format(
					", ".join(_(r) for r in REPLACEMENT_REASONS)
				)
			)
		fee = flt(get_settings().card_fee)
		if reason != "Faulty":
			return fee
		free_until = add_months(self.card_issued_on(), int(get_settings().free_replacement_months or 0))
		if self.card_type == STAFF or getdate(on_date or today()) <= getdate(free_until):
			return 0
		return fee

	def ensure_status(self, *allowed: str):
		if self.status not in allowed:
			frappe.throw(
				_("Card {0} is {1}: this needs a card that is {2}").format(
					self.card_number, _(self.status), " / ".join(_(s) for s in allowed)
				)
			)

	@frappe.whitelist()
	def approve(self):
		"""A department head approves a merchant's card: it is issued."""
		self.check_permission("write")
		check_action("Approve Merchant Card")
		if self.card_type != MERCHANT:
			frappe.throw(_("Only merchant cards need approval"))
		self.ensure_status("Pending Approval")
		if not self.application:
			frappe.throw(_("Attach the merchant's application with the company seal first"))
		self.db_set({"approved_by": frappe.session.user, "approved_at": now_datetime(), "status": "Active"})
		self.issue()

	@frappe.whitelist()
	def renew(self, valid_to: str | None = None):
		"""Extend the card before it expires, for the period its type allows from the day after."""
		self.check_permission("write")
		self.ensure_status("Active")
		if self.card_type == STAFF:
			check_action("Issue Staff Card")
		if self.valid_to and getdate(self.valid_to) < getdate(today()):
			frappe.throw(
				_(
					"Card {0} expired on {1}: cards are renewed before expiry; return it and issue a new card"
				).format(self.card_number, formatdate(self.valid_to)),
				title=_("Card Expired"),
			)
		self.valid_from = add_days(self.valid_to, 1) if self.valid_to else today()
		self.valid_to = valid_to
		self.save()
		self.log("Renewed")

	@frappe.whitelist()
	def report_lost(self, remarks: str | None = None):
		self.check_permission("write")
		self.ensure_status("Active")
		self.db_set("status", "Lost")
		self.log("Lost", reason="Lost", remarks=remarks)

	@frappe.whitelist()
	def replace(self, new_card_number: str, reason: str, remarks: str | None = None):
		"""A new card in place of a lost, damaged or faulty one; same holder and validity."""
		self.check_permission("write")
		self.ensure_status("Active", "Lost")
		if self.card_type == STAFF:
			check_action("Issue Staff Card")
		new_card_number = (new_card_number or "").strip()
		if not new_card_number or new_card_number == self.card_number:
			frappe.throw(_("Enter the number of the new card"))
		if frappe.db.exists("Access Card", {"card_number": new_card_number}):
			frappe.throw(_("Card number {0} is already registered").format(new_card_number))
		fee = self.replacement_fee(reason)
		old_number = self.card_number
		self.db_set({"card_number": new_card_number, "status": "Active"})
		invoice = (
			self.bill(fee, _("Replacement of access card {0} by {1}").format(old_number, new_card_number))
			if fee
			else None
		)
		self.log(
			"Replaced",
			reason=reason,
			fee=fee,
			sales_invoice=invoice,
			remarks=_("Replaces card {0}").format(old_number) + (f"; {remarks}" if remarks else ""),
		)
		return {"fee": fee, "sales_invoice": invoice}

	@frappe.whitelist()
	def return_card(self, remarks: str | None = None):
		self.check_permission("write")
		self.ensure_status("Active", "Pending Approval")
		self.db_set("status", "Returned")
		self.log("Returned", remarks=remarks)
