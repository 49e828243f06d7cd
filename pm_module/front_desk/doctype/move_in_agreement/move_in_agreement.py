# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveInAgreement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agreement: DF.Literal[
			"Bank Direct Debit Authorisation",
			"Utility Accounts",
			"Parking Lease",
			"Parking Service Agreement",
			"Decoration Agreement",
			"Tenant Management Agreement",
			"Other",
		]
		attachment: DF.Attach | None
		not_applicable: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		remarks: DF.Data | None
		signed: DF.Check
	# end: auto-generated types

	pass
