# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class MoveOutInvoice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		due_date: DF.Date | None
		from_date: DF.Date | None
		grand_total: DF.Currency
		kind: DF.Literal["Arrears", "Final Invoice", "Credit Note", "Next Payer Invoice"]
		late_fee: DF.Currency
		late_fee_paid: DF.Currency
		outstanding_amount: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		receipts: DF.SmallText | None
		sales_invoice: DF.Link | None
		to_date: DF.Date | None
	# end: auto-generated types

	pass
