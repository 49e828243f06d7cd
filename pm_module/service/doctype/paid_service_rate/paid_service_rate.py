# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Paid Service Rate 有偿服务收费标准: what the desk may accept as a paid special service, at what price.

A fixed labour charge or a range of them, optionally plus the materials used, billed under an
ERPNext Item. The desk accepts a paid request only for an active service in the schedule.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class PaidServiceRate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		estate: DF.Link | None
		is_active: DF.Check
		item: DF.Link
		max_price: DF.Currency
		min_price: DF.Currency
		plus_materials: DF.Check
		price: DF.Currency
		pricing: DF.Literal["Fixed Price", "Price Range"]
		service_name: DF.Data
		uom: DF.Link | None
	# end: auto-generated types

	def validate(self):
		if self.pricing == "Price Range":
			if flt(self.min_price) <= 0 or flt(self.max_price) < flt(self.min_price):
				frappe.throw(
					_("The price range needs a lowest charge above zero and a highest charge not below it")
				)
			self.price = 0
		else:
			if flt(self.price) <= 0:
				frappe.throw(_("The labour charge must be greater than zero"))
			self.min_price = self.max_price = 0
		if not frappe.db.get_value("Item", self.item, "is_sales_item"):
			frappe.throw(_("Item {0} is not a sales item").format(self.item))


@frappe.whitelist()
def get_rate_check(rate: str | None, estate: str | None = None) -> dict:
	"""What the desk sees at once: can a paid request for this service be accepted, at what price."""
	if not rate:
		return {"can_accept": False, "message": _("The service is not in the paid-service rate schedule.")}
	frappe.has_permission("Paid Service Rate", "read", rate, throw=True)
	doc = frappe.get_cached_doc("Paid Service Rate", rate)
	if not doc.is_active:
		return {
			"can_accept": False,
			"message": _("Paid service {0} is no longer offered.").format(doc.service_name),
		}
	if estate and doc.estate and doc.estate != estate:
		return {
			"can_accept": False,
			"message": _("Paid service {0} is offered in estate {1} only.").format(
				doc.service_name, doc.estate
			),
		}
	if doc.pricing == "Price Range":
		price = _("{0} to {1}").format(flt(doc.min_price), flt(doc.max_price))
	else:
		price = str(flt(doc.price))
	if doc.plus_materials:
		price = _("{0} plus materials").format(price)
	return {
		"can_accept": True,
		"message": _("Can be accepted: {0}, labour {1} per {2}").format(
			doc.service_name, price, _(doc.uom or "job")
		),
		"price": price,
	}
