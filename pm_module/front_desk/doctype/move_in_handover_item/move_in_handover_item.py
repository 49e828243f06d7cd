# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveInHandoverItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		handed_over: DF.Check
		item: DF.Literal["Keys", "Access Card", "Resident Handbook", "Wiring Plan", "Gift", "Other"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		quantity: DF.Int
		remarks: DF.Data | None
	# end: auto-generated types

	pass
