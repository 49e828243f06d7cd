# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveOutOccupant(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		end_date_before: DF.Date | None
		leaves: DF.Check
		occupancy: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		resident: DF.Link | None
		resident_name: DF.Data | None
		role: DF.Data | None
		start_date: DF.Date | None
	# end: auto-generated types

	pass
