# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class EstateNotice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		building: DF.Link | None
		content: DF.TextEditor
		estate: DF.Link
		expiry_date: DF.Date | None
		naming_series: DF.Literal["EN-.YYYY.-.#####"]
		notice_type: DF.Literal["Announcement", "Maintenance", "Fees", "Safety", "Community Activity"]
		publish_date: DF.Date
		title: DF.Data
	# end: auto-generated types

	def validate(self):
		if self.expiry_date and getdate(self.expiry_date) < getdate(self.publish_date):
			frappe.throw(_("A notice cannot end before it is published"))
		if self.building and frappe.db.get_value("Building", self.building, "estate") != self.estate:
			frappe.throw(_("Building {0} is not in estate {1}").format(self.building, self.estate))
