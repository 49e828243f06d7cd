# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ParkingCardTopup(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		by_user: DF.Link | None
		months: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		period_from: DF.Date
		period_to: DF.Date
		sales_invoice: DF.Link | None
		top_up_date: DF.Date
	# end: auto-generated types

	pass
