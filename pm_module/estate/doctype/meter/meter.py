# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import flt

from pm_module.estate.utils import clean_code

UOM = {"Water": "m³", "Electricity": "kWh", "Gas": "m³"}
TYPE_CODE = {"Water": "W", "Electricity": "E", "Gas": "G"}


class Meter(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		estate: DF.Link
		installed_on: DF.Date | None
		is_active: DF.Check
		last_reading: DF.Float
		last_reading_date: DF.Date | None
		location: DF.Data | None
		max_reading: DF.Float
		meter_code: DF.Data | None
		meter_type: DF.Literal["Water", "Electricity", "Gas"]
		multiplier: DF.Float
		scope: DF.Literal["Unit", "Common Area"]
		serial_no: DF.Data | None
		unit: DF.Link | None
		uom: DF.Data | None

	# end: auto-generated types
	def autoname(self):
		if not self.meter_code:
			self.meter_code = self._next_code()
		self.name = self.meter_code

	def _next_code(self) -> str:
		"""HG-A-1203-W for a unit's water meter (-W2, -W3 for more); HG-WC001 for common areas."""
		code = TYPE_CODE[self.meter_type]
		if self.scope == "Common Area" or not self.unit:
			estate_code = frappe.db.get_value("Estate", self.estate, "estate_code")
			return make_autoname(f"{estate_code}-{code}C.###", "Meter")
		candidate, n = f"{self.unit}-{code}", 1
		while frappe.db.exists("Meter", candidate):
			n += 1
			candidate = f"{self.unit}-{code}{n}"
		return candidate

	def validate(self):
		self.meter_code = self.meter_code and self.meter_code.strip()
		self.uom = UOM[self.meter_type]
		self.set_place()
		if flt(self.multiplier) <= 0:
			frappe.throw(_("Multiplier must be greater than 0"))
		if self.max_reading and self.last_reading and flt(self.max_reading) <= flt(self.last_reading):
			frappe.throw(
				_("Roll-over value {0} must be above the last reading {1}").format(
					self.max_reading, self.last_reading
				)
			)

	def set_place(self):
		if self.scope == "Unit":
			if not self.unit:
				frappe.throw(_("A unit meter needs its unit"))
			self.estate, self.building = frappe.db.get_value("Unit", self.unit, ["estate", "building"])
		else:
			self.unit = None
			if not self.estate:
				frappe.throw(_("A common-area meter needs its estate"))

	def refresh_last_reading(self):
		"""Keep the latest submitted reading on the meter, for the reader's form and for billing."""
		last = frappe.get_all(
			"Meter Reading",
			filters={"meter": self.name, "docstatus": 1},
			fields=["reading", "reading_date"],
			order_by="reading_date desc, creation desc",
			limit=1,
		)
		self.db_set(
			{
				"last_reading": last[0].reading if last else 0,
				"last_reading_date": last[0].reading_date if last else None,
			}
		)
