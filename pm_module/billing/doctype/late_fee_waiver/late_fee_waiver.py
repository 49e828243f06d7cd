# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Late Fee Waiver 滞纳金减免: a late fee is waived only with a manager's approval.

The cashier or the front desk asks, with the reason and the amount (at most the late fee accrued on
the invoice when asked); whoever holds "Approve Late Fee Waiver" approves or refuses it; the fee
counter applies an approved waiver once, on the payment of its invoice (Applied, with the Payment
Entry). Cancelling that Payment Entry makes the waiver Approved again, to be used on the next one.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, now_datetime

from pm_module.billing.dunning import late_fee
from pm_module.permissions import check_action, has_action

OPEN = ("Pending", "Approved")


class LateFeeWaiver(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		approver: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		decided_on: DF.Datetime | None
		decision_note: DF.SmallText | None
		estate: DF.Link | None
		late_fee: DF.Currency
		naming_series: DF.Literal["LFW-.YYYY.-.#####"]
		outstanding_amount: DF.Currency
		payment_entry: DF.Link | None
		reason: DF.SmallText
		requested_by: DF.Link | None
		sales_invoice: DF.Link
		status: DF.Literal["Pending", "Approved", "Rejected", "Applied"]
		unit: DF.Link | None
	# end: auto-generated types

	def onload(self):
		self.set_onload("can_decide", has_action("Approve Late Fee Waiver"))

	def before_insert(self):
		check_action("Request Late Fee Waiver")
		self.status = "Pending"
		self.requested_by = frappe.session.user

	def validate(self):
		if self.is_new() or self.has_value_changed("amount"):
			self.validate_request()
		elif self.has_value_changed("status") and not self.flags.deciding:
			frappe.throw(_("A waiver is approved or refused with its buttons, not by editing it"))

	def validate_request(self):
		if self.status != "Pending":
			frappe.throw(
				_("Waiver {0} is {1} and can no longer be changed").format(self.name, _(self.status))
			)
		inv = frappe.db.get_value(
			"Sales Invoice",
			self.sales_invoice,
			["docstatus", "pm_unit", "pm_estate", "customer", "outstanding_amount", "due_date", "is_return"],
			as_dict=True,
		)
		if not inv or inv.docstatus != 1 or not inv.pm_unit or inv.is_return:
			frappe.throw(_("Only a submitted fee invoice of a unit can have its late fee waived"))
		if flt(inv.outstanding_amount) <= 0:
			frappe.throw(_("Invoice {0} is paid: it has no late fee to waive").format(self.sales_invoice))
		self.update(
			{
				"unit": inv.pm_unit,
				"estate": inv.pm_estate,
				"customer": inv.customer,
				"outstanding_amount": inv.outstanding_amount,
			}
		)
		self.late_fee = late_fee(inv.outstanding_amount, inv.due_date)[1]
		if flt(self.amount) <= 0:
			frappe.throw(_("The amount waived must be more than zero"), title=_("Invalid Amount"))
		if flt(self.amount, 2) > flt(self.late_fee, 2):
			frappe.throw(
				_("The amount waived ({0}) cannot be more than the late fee accrued ({1})").format(
					flt(self.amount, 2), flt(self.late_fee, 2)
				),
				title=_("Invalid Amount"),
			)
		if not (self.reason or "").strip():
			frappe.throw(_("Give the reason for the waiver"))
		other = frappe.db.get_value(
			"Late Fee Waiver",
			{"sales_invoice": self.sales_invoice, "status": ("in", OPEN), "name": ("!=", self.name)},
		)
		if other:
			frappe.throw(
				_("Invoice {0} already has an open waiver request {1}").format(self.sales_invoice, other),
				title=_("Duplicate Request"),
			)

	@frappe.whitelist()
	def approve(self, note: str | None = None):
		self.decide("Approved", note)

	@frappe.whitelist()
	def reject(self, note: str | None = None):
		self.decide("Rejected", note)

	def decide(self, status: str, note: str | None) -> None:
		check_action("Approve Late Fee Waiver")
		self.check_permission("read")
		if self.status != "Pending":
			frappe.throw(
				_("Waiver {0} is {1}: only a pending request is decided").format(self.name, _(self.status))
			)
		if status == "Rejected" and not (note or "").strip():
			frappe.throw(_("Say why the waiver is refused"))
		self.update(
			{
				"status": status,
				"approver": frappe.session.user,
				"decided_on": now_datetime(),
				"decision_note": note,
			}
		)
		self.flags.deciding = True
		self.save(ignore_permissions=True)

	def on_trash(self):
		if self.status == "Applied":
			frappe.throw(_("An applied waiver is part of a payment and cannot be deleted"))


def release_waivers(doc, method=None) -> None:
	"""Payment Entry on_cancel: the waivers it used may be applied to the next payment."""
	for name in frappe.get_all(
		"Late Fee Waiver", {"payment_entry": doc.name, "status": "Applied"}, pluck="name"
	):
		frappe.db.set_value("Late Fee Waiver", name, {"status": "Approved", "payment_entry": None})
