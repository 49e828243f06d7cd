# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MeterReadingRoundItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		average_consumption: DF.Float
		consumption: DF.Float
		flag: DF.Literal["", "Going Backwards", "Zero Consumption", "High Consumption"]
		last_meter_reading: DF.Link | None
		last_reading: DF.Float
		last_reading_date: DF.Date | None
		location: DF.Data | None
		max_reading: DF.Float
		meter: DF.Link
		meter_reading: DF.Link | None
		meter_type: DF.Data | None
		multiplier: DF.Float
		new_meter_start_reading: DF.Float
		new_reading: DF.Data | None
		occupied: DF.Check
		old_meter_final_reading: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reading_type: DF.Literal["Normal", "Roll-over", "Meter Replacement"]
		remarks: DF.Data | None
		unit: DF.Link | None
	# end: auto-generated types

	pass
