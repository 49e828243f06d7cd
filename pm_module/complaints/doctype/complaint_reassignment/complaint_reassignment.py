# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ComplaintReassignment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_by: DF.Link | None
		from_user: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.SmallText | None
		reassigned_at: DF.Datetime
		to_user: DF.Link
	# end: auto-generated types

	pass
