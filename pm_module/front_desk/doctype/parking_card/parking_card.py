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
from frappe.utils import add_days, cint, date_diff, flt, formatdate, getdate, today

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


def unused_months(period_from, months: int, after) -> float:
	"""How much of a top-up of `months` months from `period_from` lies after the day `after`, in months:
	each paid month (the same date to the day before it a month later) counts by its own days."""
	from pm_module.front_desk.cards import same_day_months_later

	after = getdate(after)
	unused = 0.0
	for k in range(cint(months)):
		start = same_day_months_later(getdate(period_from), k)
		end = monthly_period_end(start, 1)
		first = max(start, getdate(add_days(after, 1)))
		if first <= end:
			unused += (date_diff(end, first) + 1) / (date_diff(end, start) + 1)
	return unused


def credit_unused_rent(card: str, after, posting_date=None) -> list[str]:
	"""Credit Notes for the rent a card's top-ups paid for the days after `after` (its holder moves
	out): per top-up invoice, the unused months at the invoice's rate, never more than it billed."""
	from pm_module.billing.charges import ChargeLine
	from pm_module.billing.invoicing import make_credit_note

	doc = frappe.get_doc("Parking Card", card)
	made = []
	for row in doc.top_ups:
		if not row.sales_invoice or getdate(row.period_to) <= getdate(after):
			continue
		invoice = frappe.db.get_value(
			"Sales Invoice", row.sales_invoice, ["docstatus", "is_return"], as_dict=True
		)
		if not invoice or invoice.docstatus != 1:
			continue
		first = max(getdate(row.period_from), getdate(add_days(after, 1)))
		if frappe.db.exists(
			"Sales Invoice",
			{"return_against": row.sales_invoice, "is_return": 1, "docstatus": 1, "from_date": ("<=", first)},
		):
			continue  # credited from that day already
		months = unused_months(row.period_from, row.months, after)
		item_code = frappe.db.get_value(
			"Sales Invoice Item", {"parent": row.sales_invoice, "parenttype": "Sales Invoice"}, "item_code"
		)
		line = ChargeLine(
			item_code,
			flt(months, 3),
			flt(row.amount) / cint(row.months),
			_("Parking card {0} ({1}): {2} ~ {3}").format(
				doc.card_number, doc.vehicle_plate, formatdate(first), formatdate(row.period_to)
			),
		)
		credit = make_credit_note(row.sales_invoice, [line], first, row.period_to, posting_date or today())
		if credit:
			made.append(credit.name)
	return made
