# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AccessCardEvent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		by_user: DF.Link | None
		card_number: DF.Data | None
		event: DF.Literal["Issued", "Renewed", "Lost", "Replaced", "Returned"]
		event_time: DF.Datetime
		fee: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.Literal["", "Lost", "Damaged by Holder", "Faulty"]
		remarks: DF.SmallText | None
		sales_invoice: DF.Link | None
		valid_to: DF.Date | None
	# end: auto-generated types

	pass
