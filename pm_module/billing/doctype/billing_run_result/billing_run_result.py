# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class BillingRunResult(Document):
	"""What a billing run did for one unit (and payer): written by the run, read by the office."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		billing_run: DF.Link
		building: DF.Link | None
		message: DF.SmallText | None
		payer: DF.Link | None
		sales_invoice: DF.Link | None
		status: DF.Literal["Invoiced", "Already Billed", "Skipped", "Failed"]
		unit: DF.Link
		warnings: DF.SmallText | None
	# end: auto-generated types

	pass
