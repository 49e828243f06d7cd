# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Hot work permit (动火审批): welding, cutting or grinding during a renovation needs its own approval.

Only under an approved renovation permit, inside the permit's period, with the fire-safety measures
recorded; submitting is approving, which only the positions of "Approve Renovation" may do.
Security is told when a hot-work permit is approved.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, getdate, now_datetime

from pm_module.front_desk.doctype.renovation_application.renovation_application import notify_departments
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
	APPROVE_ACTION,
	APPROVED,
)
from pm_module.permissions import check_action


class HotWorkPermit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		building: DF.Link | None
		combustibles_cleared: DF.Check
		contractor_name: DF.Data | None
		end_time: DF.Datetime
		estate: DF.Link | None
		extinguisher_ready: DF.Check
		fire_safety_measures: DF.SmallText
		fire_watch: DF.Data
		location: DF.Data
		naming_series: DF.Literal["HW-.YYYY.-.#####"]
		operator_certificate: DF.Data | None
		operator_name: DF.Data
		renovation_application: DF.Link
		start_time: DF.Datetime
		unit: DF.Link | None
		work_type: DF.Literal["Welding", "Cutting", "Grinding", "Other"]
	# end: auto-generated types

	def validate(self):
		app = self.renovation()
		self.estate, self.unit, self.building = app.estate, app.unit, app.building
		self.validate_time_window(app)

	def renovation(self):
		app = frappe.db.get_value(
			"Renovation Application",
			self.renovation_application,
			[
				"name",
				"docstatus",
				"status",
				"estate",
				"unit",
				"building",
				"permit_valid_from",
				"permit_valid_to",
			],
			as_dict=True,
		)
		if not app or app.docstatus != 1 or app.status != APPROVED:
			frappe.throw(
				_(
					"Renovation application {0} has no active permit (status {1}): hot work cannot be approved"
				).format(self.renovation_application, _(app.status) if app else "-"),
				title=_("No Renovation Permit"),
			)
		return app

	def validate_time_window(self, app):
		start, end = get_datetime(self.start_time), get_datetime(self.end_time)
		if end <= start:
			frappe.throw(_("The hot work must end after it starts"))
		if getdate(start) < getdate(app.permit_valid_from) or getdate(end) > getdate(app.permit_valid_to):
			frappe.throw(
				_("The hot work ({0} ~ {1}) must lie within the renovation permit {2} ~ {3}").format(
					start, end, app.permit_valid_from, app.permit_valid_to
				),
				title=_("Outside the Permit"),
			)

	def before_submit(self):
		check_action(APPROVE_ACTION)
		if not (self.extinguisher_ready and self.combustibles_cleared):
			frappe.throw(
				_("Fire extinguishers must be on site and combustibles removed before hot work is approved"),
				title=_("Fire Safety"),
			)
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()

	def on_submit(self):
		app = frappe.get_doc("Renovation Application", self.renovation_application)
		notify_departments(
			app,
			_("Hot work {0} in unit {1} ({2}): {3} ~ {4}, fire watch {5}").format(
				self.name, self.unit, self.location, self.start_time, self.end_time, self.fire_watch
			),
		)
