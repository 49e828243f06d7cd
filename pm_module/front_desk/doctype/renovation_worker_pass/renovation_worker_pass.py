# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RenovationWorkerPass(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		id_number: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		pass_number: DF.Data | None
		phone: DF.Data | None
		photo: DF.AttachImage | None
		trade: DF.Data | None
		valid_from: DF.Date
		valid_to: DF.Date
		worker_name: DF.Data
	# end: auto-generated types

	pass
