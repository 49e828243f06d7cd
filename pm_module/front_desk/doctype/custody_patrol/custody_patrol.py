# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CustodyPatrol(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		findings: DF.SmallText | None
		owner_notified: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		patrol_date: DF.Date
		patrolled_by: DF.Link | None
		pre_storm: DF.Check
	# end: auto-generated types

	pass
