# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ComplaintEscalation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		deadline: DF.Literal["Report", "Answer", "Resolution"]
		due: DF.Datetime | None
		escalated_at: DF.Datetime
		level: DF.Literal["", "Customer Service Supervisor", "Customer Service Manager", "Office Director"]
		notified: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types

	pass
