"""Rules shared by access cards (门禁卡) and parking cards (车场卡): validity, monthly periods, fees.

Fees are billed at the desk as submitted ERPNext Sales Invoices, not as Unit Charges on the next
bill: the manual collects the card fee (工本费) and the parking rent when the card is issued or
topped up, against an official receipt, and staff cards have no unit whose bill could carry them.
The invoices carry the estate, unit and resident like the fee invoices, so they count in the
unit's arrears until paid, but no billing period (from/to date), which the billing run keeps for
its own invoices.
"""

import calendar
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from pm_module.estate.utils import get_settings
from pm_module.jobs import BATCH_SIZE, enqueue_batches, for_each

CARD_FEE_ITEM = "PM Card Fee"
PARKING_RENT_ITEM = "PM Parking Rent"
# card type -> the settings field with its validity in months (tenants: at most, and never past the lease)
VALIDITY_SETTING = {
	"Owner": "owner_card_months",
	"Family Member": "owner_card_months",
	"Tenant": "tenant_card_max_months",
	"Merchant": "merchant_card_months",
}


def same_day_months_later(start, months: int) -> date:
	"""The same day of the month `months` later; when that month is too short, the 1st of the next."""
	start = getdate(start)
	year, month0 = divmod(start.month - 1 + months, 12)
	year, month = start.year + year, month0 + 1
	last_day = calendar.monthrange(year, month)[1]
	if start.day <= last_day:
		return date(year, month, start.day)
	return date(year, month, last_day) + timedelta(days=1)


def monthly_period_end(start, months: int = 1) -> date:
	"""Last day of `months` months from `start`: the day before the same date `months` later.

	5 May → 4 Jun. When the later month has no such date (31 Jan → 31 Feb), the next period would
	start on the 1st of the month after, so this one ends on the last day of the short month
	(31 Jan → 28 Feb, or 29 Feb in a leap year): the holder never gets less than a month."""
	return same_day_months_later(start, months) - timedelta(days=1)


def longest_validity(card_type: str, valid_from, lease_end=None) -> date | None:
	"""The last day a card of this type issued on `valid_from` may be valid (None: no limit)."""
	setting = VALIDITY_SETTING.get(card_type)
	if not setting:
		return None  # staff cards: for as long as the staff member works here
	end = monthly_period_end(valid_from, int(get_settings().get(setting) or 0))
	if card_type == "Tenant" and lease_end:
		end = min(end, getdate(lease_end))
	return end


def ensure_fee_item(item_code: str, item_name: str, uom: str = "Nos") -> str:
	"""The non-stock sales Item the desk bills a card fee or parking rent with."""
	if not frappe.db.exists("Item", item_code):
		item = frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_name": item_name,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft"),
				"stock_uom": uom,
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		)
		item.flags.ignore_permissions = True
		item.insert()
	return item_code


def staff_customer(user: str) -> str:
	"""The ERPNext Customer a staff member is charged as (a lost or damaged staff card)."""
	name = f"{frappe.utils.get_fullname(user)} - {user}"
	if not frappe.db.exists("Customer", name):
		from pm_module.estate.doctype.resident.resident import _default

		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Individual",
				"customer_group": get_settings().default_customer_group or _default("Customer Group"),
				"territory": get_settings().default_territory or _default("Territory"),
			}
		)
		customer.flags.ignore_permissions = True
		customer.insert(set_name=name)
	return name


def bill_at_desk(
	*,
	estate: str,
	unit: str | None,
	customer: str,
	resident: str | None,
	item_code: str,
	qty: float,
	rate: float,
	description: str,
) -> str:
	"""A submitted Sales Invoice for a fee the desk collects now; returns its name."""
	company = frappe.db.get_value("Estate", estate, "company")
	if not company:
		frappe.throw(_("Estate {0} has no company to bill in").format(estate))
	cost_center = frappe.db.get_value("Estate", estate, "cost_center")
	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"company": company,
			"customer": customer,
			"posting_date": today(),
			"due_date": today(),
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"ignore_pricing_rule": 1,
			"cost_center": cost_center,
			"pm_estate": estate,
			"pm_unit": unit,
			"pm_resident": resident,
			"remarks": description,
		}
	)
	si.append(
		"items",
		{
			"item_code": item_code,
			"qty": qty,
			"rate": flt(rate),
			"description": description,
			"cost_center": cost_center,
		},
	)
	si.flags.ignore_permissions = True  # the desk procedure checked its own permission
	si.insert()
	si.submit()
	return si.name


def expire_parking_cards(on_date=None, batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: parking cards paid until a day before `on_date` (default today) become Expired, in
	batches (expire_cards). Returns the cards expired here (tests, a single batch)."""
	on_date = str(getdate(on_date or today()))
	return enqueue_batches(
		"pm_module.front_desk.cards.expire_cards",
		frappe.get_all(
			"Parking Card",
			filters={"status": "Active", "valid_to": ("<", on_date)},
			pluck="name",
			order_by="name",
		),
		job_key="parking-expiry",
		batch_size=batch_size,
		on_date=on_date,
	)


def expire_cards(names: list[str], on_date: str) -> list[str]:
	"""One batch: each card still active and not paid beyond the day before `on_date` (a card topped
	up since it was found stays Active)."""
	return for_each(names, lambda name: expire_card(name, on_date), _("Parking card expiry"), "Parking Card")


def expire_card(name: str, on_date: str) -> bool:
	card = frappe.db.get_value("Parking Card", name, ["status", "valid_to"], as_dict=True)
	if card.status != "Active" or not card.valid_to or getdate(card.valid_to) >= getdate(on_date):
		return False
	frappe.db.set_value("Parking Card", name, "status", "Expired")
	return True
