# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from pm_module.estate.utils import clean_code
from pm_module.setup.positions import CS_ASSISTANT, CS_SUPERVISOR


class Building(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.estate.doctype.building_assistant.building_assistant import BuildingAssistant

		assistants: DF.Table[BuildingAssistant]
		basement_floors: DF.Int
		building_code: DF.Data
		building_name: DF.Data | None
		company: DF.Link | None
		estate: DF.Link
		floors: DF.Int

	# end: auto-generated types
	def autoname(self):
		# HG-A: estate code + building code, readable in every link and import file
		estate_code = frappe.db.get_value("Estate", self.estate, "estate_code")
		self.name = f"{estate_code}-{clean_code(self.building_code, 'Building Code')}"

	def validate(self):
		self.building_code = clean_code(self.building_code, "Building Code")
		if not self.building_name:
			self.building_name = _("Building {0}").format(self.building_code)
		if (self.floors or 0) < 1:
			frappe.throw(_("A building needs at least one floor above ground"))
		self.validate_assistants()

	def validate_assistants(self):
		seen = set()
		for row in self.assistants:
			if row.user in seen:
				frappe.throw(_("Row {0}: {1} is listed twice").format(row.idx, row.user))
			seen.add(row.user)
			if not {CS_ASSISTANT, CS_SUPERVISOR} & set(frappe.get_roles(row.user)):
				frappe.throw(
					_("Row {0}: {1} is not a Customer Service Assistant or Supervisor").format(
						row.idx, row.user
					)
				)
