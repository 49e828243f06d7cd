# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, getdate

from pm_module.estate.register import OWNER, PAYING_ROLES, refresh_unit_occupants


class Occupancy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		end_date: DF.Date | None
		estate: DF.Link | None
		pays_fees: DF.Check
		remarks: DF.SmallText | None
		resident: DF.Link
		resident_name: DF.Data | None
		role: DF.Literal["Owner", "Family Member", "Tenant", "Merchant", "Other Occupant"]
		start_date: DF.Date
		unit: DF.Link

	# end: auto-generated types
	def validate(self):
		if self.role not in PAYING_ROLES:
			self.pays_fees = 0
		self.validate_dates()
		if self.role == OWNER:
			self.validate_no_overlap({"role": OWNER}, _("owner"))
		if self.pays_fees:
			self.validate_no_overlap({"role": ("in", PAYING_ROLES), "pays_fees": 1}, _("paying tenant"))
		self.validate_no_overlap({"resident": self.resident, "role": self.role}, _(self.role).lower())

	def on_update(self):
		if self.is_billable():
			frappe.get_doc("Resident", self.resident).ensure_customer()
		refresh_unit_occupants(self.unit)
		previous_unit = (self.get_doc_before_save() or self).unit
		if previous_unit != self.unit:
			refresh_unit_occupants(previous_unit)

	def after_delete(self):
		refresh_unit_occupants(self.unit)

	def is_billable(self) -> bool:
		return self.role == OWNER or bool(self.pays_fees)

	def validate_dates(self):
		if self.role == "Tenant" and not self.end_date:
			frappe.throw(
				_("A tenant's occupancy needs the lease end date"), title=_("Missing Lease End Date")
			)
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("End date {0} is before start date {1}").format(
					formatdate(self.end_date), formatdate(self.start_date)
				)
			)

	def validate_no_overlap(self, filters: dict, what: str):
		"""Refuse a second occupancy of the same kind on this unit for any day of this period."""
		filters = {
			**filters,
			"unit": self.unit,
			"name": ("!=", self.name or ""),
			"start_date": ("<=", self.end_date or "9999-12-31"),
		}
		for other in frappe.get_all(
			"Occupancy", filters=filters, fields=["name", "resident_name", "start_date", "end_date"]
		):
			if not other.end_date or getdate(other.end_date) >= getdate(self.start_date):
				frappe.throw(
					_("Unit {0} already has {1} {2} from {3} to {4} ({5}); end that period first").format(
						frappe.bold(self.unit),
						what,
						frappe.bold(other.resident_name),
						formatdate(other.start_date),
						formatdate(other.end_date) if other.end_date else _("now"),
						other.name,
					),
					title=_("Overlapping Occupancy"),
				)
