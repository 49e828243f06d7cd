# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveOutCard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		card: DF.DynamicLink | None
		card_doctype: DF.Link | None
		card_number: DF.Data | None
		holder_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		returned: DF.Check
		status_before: DF.Data | None
	# end: auto-generated types

	pass
