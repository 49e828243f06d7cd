# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from pm_module.estate.utils import clean_code, get_settings


class Estate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		billing_cycle: DF.Literal["Monthly", "Quarterly", "Half-yearly"]
		city: DF.Data | None
		company: DF.Link
		cost_center: DF.Link | None
		estate_code: DF.Data
		estate_name: DF.Data
		office_email: DF.Data | None
		office_hours: DF.SmallText | None
		office_phone: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.estate_code = clean_code(self.estate_code, "Estate Code")
		self.billing_cycle = self.billing_cycle or get_settings().default_billing_cycle or "Monthly"
		self.set_cost_center()

	def on_update(self):
		if self.company and self.has_value_changed("company"):
			# the fee counter's modes of payment and late-fee account for the estate's company
			from pm_module.billing.counter import setup_counter

			setup_counter(self.company)

	def set_cost_center(self):
		"""Income of the estate is booked on its cost centre: the company's default unless chosen."""
		if not self.cost_center:
			self.cost_center = frappe.get_cached_value("Company", self.company, "cost_center")
			return
		company, is_group = frappe.db.get_value("Cost Center", self.cost_center, ["company", "is_group"])
		if company != self.company:
			frappe.throw(
				_("Cost Center {0} belongs to company {1}, not {2}").format(
					frappe.bold(self.cost_center), company, frappe.bold(self.company)
				)
			)
		if is_group:
			frappe.throw(
				_("Cost Center {0} is a group; choose a cost centre that can be booked on").format(
					frappe.bold(self.cost_center)
				)
			)
