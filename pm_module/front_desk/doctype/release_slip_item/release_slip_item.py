# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ReleaseSlipItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"Furniture",
			"Appliances",
			"Electronics",
			"Boxes and Personal Effects",
			"Office Equipment",
			"Goods and Stock",
			"Building Materials",
			"Other",
		]
		description: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Int
	# end: auto-generated types

	pass
