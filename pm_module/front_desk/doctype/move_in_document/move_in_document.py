# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveInDocument(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		checked: DF.Check
		document: DF.Literal[
			"Move-in Notice",
			"Owner's ID",
			"Purchase Contract",
			"Property Certificate",
			"Power of Attorney",
			"Agent's ID",
			"Company Letter",
			"Business Licence",
			"Representative's ID",
			"Bank Account",
			"Other",
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		remarks: DF.Data | None
	# end: auto-generated types

	pass
