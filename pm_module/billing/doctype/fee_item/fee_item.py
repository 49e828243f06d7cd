# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class FeeItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.billing.doctype.fee_tariff_tier.fee_tariff_tier import FeeTariffTier

		apply_vacancy_rate: DF.Check
		billed: DF.Literal["In Advance", "In Arrears"]
		building: DF.Link | None
		charge_basis: DF.Literal["Area", "Fixed", "Metered"]
		company: DF.Link | None
		currency: DF.Link | None
		description: DF.SmallText | None
		enabled: DF.Check
		estate: DF.Link
		fee_name: DF.Data
		income_account: DF.Link | None
		item: DF.Link
		meter_type: DF.Literal["", "Water", "Electricity", "Gas"]
		rate: DF.Currency
		tiers: DF.Table[FeeTariffTier]
		unit: DF.Link | None
		unit_type: DF.Literal["", "Residential", "Shop", "Office", "Parking Space", "Storage"]
	# end: auto-generated types

	def validate(self):
		self.billed = "In Arrears" if self.charge_basis == "Metered" else "In Advance"
		self.validate_scope()
		self.validate_accounting()
		self.validate_pricing()
		self.validate_unique()

	def validate_scope(self):
		if self.unit:
			# a definition for one unit needs no other scope
			self.building, self.unit_type = None, None
			if frappe.db.get_value("Unit", self.unit, "estate") != self.estate:
				frappe.throw(_("Unit {0} is not in estate {1}").format(self.unit, self.estate))
		if self.building and frappe.db.get_value("Building", self.building, "estate") != self.estate:
			frappe.throw(_("Building {0} is not in estate {1}").format(self.building, self.estate))
		if self.charge_basis != "Metered":
			self.meter_type = None
			self.tiers = []

	def validate_accounting(self):
		item = frappe.db.get_value("Item", self.item, ["is_sales_item", "stock_uom"], as_dict=True)
		if not item.is_sales_item:
			frappe.throw(_("Item {0} is not a sales item").format(self.item))
		if frappe.db.get_value("UOM", item.stock_uom, "must_be_whole_number"):
			# areas, consumption and prorated months are fractions
			frappe.throw(
				_(
					"Item {0} is counted in whole {1}; give it a unit of measure that allows fractions, such as Square Meter, Cubic Meter, Kilowatt-Hour or Month"
				).format(self.item, _(item.stock_uom)),
				title=_("Unsuitable Unit of Measure"),
			)
		if self.income_account:
			account = frappe.db.get_value(
				"Account", self.income_account, ["company", "root_type", "is_group"], as_dict=True
			)
			if account.company != self.company:
				frappe.throw(
					_("Income account {0} does not belong to company {1}").format(
						self.income_account, self.company
					)
				)
			if account.is_group or account.root_type != "Income":
				frappe.throw(_("{0} is not an income ledger account").format(self.income_account))

	def validate_pricing(self):
		if not self.tiers and flt(self.rate) <= 0:
			frappe.throw(_("Enter a rate greater than zero"), title=_("Missing Rate"))
		lower = 0.0
		for i, tier in enumerate(self.tiers, start=1):
			last = i == len(self.tiers)
			if not flt(tier.up_to):
				if not last:
					frappe.throw(_("Tier {0}: only the last tier may be without an upper limit").format(i))
				continue
			if flt(tier.up_to) <= lower:
				frappe.throw(_("Tier {0}: each tier must end above the one before").format(i))
			lower = flt(tier.up_to)
		if self.tiers and flt(self.tiers[-1].up_to):
			frappe.throw(
				_("The last tier must have no upper limit (0), or consumption above {0} has no price").format(
					lower
				),
				title=_("Tariff Gap"),
			)

	def validate_unique(self):
		"""Two enabled definitions of the same item for the same scope would make the price ambiguous."""
		if not self.enabled:
			return
		same = frappe.get_all(
			"Fee Item",
			filters={
				"estate": self.estate,
				"item": self.item,
				"enabled": 1,
				"name": ("!=", self.name or ""),
				"unit": self.unit or ("is", "not set"),
				"building": self.building or ("is", "not set"),
				"unit_type": self.unit_type or ("is", "not set"),
			},
			pluck="name",
		)
		if same:
			frappe.throw(
				_("Fee {0} already prices item {1} for the same units").format(same[0], self.item),
				frappe.DuplicateEntryError,
				title=_("Duplicate Fee"),
			)
