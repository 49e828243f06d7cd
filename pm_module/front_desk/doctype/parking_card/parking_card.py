# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Parking card (车场卡): a holder's vehicle, licences and parking lease, valid as far as the rent is paid.

Each top-up pays whole months; a month runs from the top-up day to the day before the same date
next month (pm_module.front_desk.cards.monthly_period_end). A top-up while the card is still valid
continues from the day after its paid-until date, so no day is paid twice or lost. Each top-up is
billed as a submitted ERPNext Sales Invoice.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, flt, formatdate, getdate, today

from pm_module.estate.register import get_occupancies
from pm_module.estate.utils import validate_unit_in_estate
from pm_module.front_desk.cards import PARKING_RENT_ITEM, bill_at_desk, ensure_fee_item, monthly_period_end

PARKING_SPACE = "Parking Space"


class ParkingCard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.parking_card_top_up.parking_card_top_up import ParkingCardTopup

		building: DF.Link | None
		card_number: DF.Data
		driving_licence: DF.Attach
		estate: DF.Link
		holder_name: DF.Data | None
		monthly_rent: DF.Currency
		naming_series: DF.Literal["PC-.#####"]
		parking_lease: DF.Attach
		parking_space: DF.Link | None
		remarks: DF.SmallText | None
		resident: DF.Link
		status: DF.Literal["Unpaid", "Active", "Expired", "Returned"]
		top_ups: DF.Table[ParkingCardTopup]
		unit: DF.Link
		valid_to: DF.Date | None
		vehicle_licence: DF.Attach
		vehicle_model: DF.Data | None
		vehicle_plate: DF.Data
	# end: auto-generated types

	def validate(self):
		validate_unit_in_estate(self.unit, self.estate)
		self.vehicle_plate = (self.vehicle_plate or "").strip().upper()
		if flt(self.monthly_rent) <= 0:
			frappe.throw(_("Enter the monthly parking rent"))
		if self.is_new() or self.has_value_changed("resident") or self.has_value_changed("unit"):
			self.check_holder()
		self.check_parking_space()
		self.status = self.current_status()

	def check_holder(self):
		"""The holder lives in or owns the unit: a tenant's lease is on record."""
		if not any(o.resident == self.resident for o in get_occupancies(self.unit)):
			frappe.throw(
				_("{0} is not registered at unit {1} today").format(
					frappe.bold(frappe.db.get_value("Resident", self.resident, "resident_name")), self.unit
				),
				title=_("Not on Record"),
			)

	def check_parking_space(self):
		if not self.parking_space or self.status == "Returned":
			return
		validate_unit_in_estate(self.parking_space, self.estate)
		if frappe.db.get_value("Unit", self.parking_space, "unit_type") != PARKING_SPACE:
			frappe.throw(_("{0} is not a parking space").format(self.parking_space))
		in_use = [
			card
			for card in frappe.get_all(
				"Parking Card",
				filters={
					"parking_space": self.parking_space,
					"name": ("!=", self.name or ""),
					"status": ("!=", "Returned"),
				},
				fields=["name", "vehicle_plate", "valid_to"],
			)
			if not card.valid_to or getdate(card.valid_to) >= getdate(today())
		]
		if in_use:
			other = in_use[0]
			frappe.throw(
				_("Parking space {0} is already used by card {1} ({2})").format(
					self.parking_space, other.name, other.vehicle_plate
				)
			)

	def current_status(self, on_date=None) -> str:
		if self.status == "Returned":
			return "Returned"
		if not self.valid_to:
			return "Unpaid"
		return "Active" if getdate(self.valid_to) >= getdate(on_date or today()) else "Expired"

	def next_period_start(self, top_up_date):
		"""A valid card continues the day after it is paid until; an expired or new one starts today."""
		top_up_date = getdate(top_up_date)
		if self.valid_to and getdate(self.valid_to) >= top_up_date:
			return getdate(add_days(self.valid_to, 1))
		return top_up_date

	@frappe.whitelist()
	def top_up(self, months: int, top_up_date: str | None = None) -> dict:
		"""The holder pays `months` of rent: the card is valid for them, billed on a Sales Invoice."""
		self.check_permission("write")
		months = cint(months)
		if months < 1:
			frappe.throw(_("Top up at least one month"))
		if self.status == "Returned":
			frappe.throw(_("Card {0} was returned").format(self.card_number))
		self.check_holder()
		top_up_date = getdate(top_up_date or today())
		period_from = self.next_period_start(top_up_date)
		period_to = monthly_period_end(period_from, months)
		amount = flt(months * flt(self.monthly_rent), 2)
		invoice = bill_at_desk(
			estate=self.estate,
			unit=self.unit,
			customer=frappe.get_doc("Resident", self.resident).ensure_customer(),
			resident=self.resident,
			item_code=ensure_fee_item(PARKING_RENT_ITEM, _("Parking Rent"), "Month"),
			qty=months,
			rate=self.monthly_rent,
			description=_("Parking card {0} ({1}): {2} ~ {3}").format(
				self.card_number, self.vehicle_plate, formatdate(period_from), formatdate(period_to)
			),
		)
		self.append(
			"top_ups",
			{
				"top_up_date": top_up_date,
				"months": months,
				"period_from": period_from,
				"period_to": period_to,
				"amount": amount,
				"sales_invoice": invoice,
				"by_user": frappe.session.user,
			},
		)
		self.valid_to = period_to
		self.save()
		return {
			"period_from": period_from,
			"period_to": period_to,
			"amount": amount,
			"sales_invoice": invoice,
		}

	@frappe.whitelist()
	def return_card(self):
		self.check_permission("write")
		self.db_set("status", "Returned")
