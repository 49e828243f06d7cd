# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from pm_module.estate.utils import clean_code


class Unit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		billing_cycle: DF.Literal["", "Monthly", "Quarterly", "Half-yearly"]
		building: DF.Link
		current_occupant: DF.Link | None
		current_occupant_name: DF.Data | None
		current_owner: DF.Link | None
		current_owner_name: DF.Data | None
		estate: DF.Link | None
		floor: DF.Int
		gross_area: DF.Float
		orientation: DF.Literal[
			"",
			"North",
			"North-East",
			"East",
			"South-East",
			"South",
			"South-West",
			"West",
			"North-West",
			"North-South",
		]
		remarks: DF.SmallText | None
		status: DF.Literal["Vacant", "Occupied", "Custody", "Renovating"]
		unit_code: DF.Data | None
		unit_number: DF.Data
		unit_type: DF.Literal["Residential", "Shop", "Office", "Parking Space", "Storage"]

	# end: auto-generated types
	def autoname(self):
		# HG-A-1203: the building's name + the number on the door, hence unique per estate
		self.name = f"{self.building}-{clean_code(self.unit_number, 'Unit Number')}"

	def validate(self):
		self.unit_number = clean_code(self.unit_number, "Unit Number")
		building = frappe.db.get_value(
			"Building", self.building, ["estate", "building_code", "floors", "basement_floors"], as_dict=True
		)
		self.estate = building.estate
		self.unit_code = f"{building.building_code}-{self.unit_number}"
		self.validate_area()
		self.set_floor(building)

	def validate_area(self):
		self.gross_area = flt(self.gross_area, 2)
		if self.gross_area <= 0:
			frappe.throw(
				_("Gross area of unit {0} must be greater than 0 m²").format(self.unit_code),
				title=_("Invalid Area"),
			)

	def set_floor(self, building):
		# Door numbers carry the floor: 1203 is on the 12th floor
		if not self.floor and self.unit_number.isdigit() and len(self.unit_number) >= 3:
			self.floor = int(self.unit_number[:-2])
		lowest, highest = -(building.basement_floors or 0), building.floors
		if self.floor and not lowest <= self.floor <= highest:
			frappe.throw(
				_("Floor {0} is outside building {1}, which has floors {2} to {3}").format(
					self.floor, self.building, lowest, highest
				)
			)
