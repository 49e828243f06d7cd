# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveOutMeterReading(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		consumption: DF.Float
		final_reading: DF.Float
		last_reading: DF.Float
		last_reading_date: DF.Date | None
		meter: DF.Link
		meter_reading: DF.Link | None
		meter_type: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reading_type: DF.Literal["Normal", "Roll-over"]
	# end: auto-generated types

	pass
