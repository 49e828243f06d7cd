# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CustodyMeterAlarm(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		meter: DF.Link | None
		meter_reading: DF.Link | None
		meter_type: DF.Data | None
		movement: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		raised_on: DF.Datetime | None
		reading_date: DF.Date | None
		threshold: DF.Float
	# end: auto-generated types

	pass
