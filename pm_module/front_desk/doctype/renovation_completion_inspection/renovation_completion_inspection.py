# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Completion inspection of a renovation (装修验收): passed, or damages found and deducted.

Submitting it releases the deposit in ERPNext's books (one Journal Entry: refund and deductions),
closes the permit and gives the unit back its status from before the renovation. Cancelling it
cancels that Journal Entry and reopens the permit.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from pm_module.front_desk.doctype.renovation_application.renovation_accounts import (
	cancel_document,
	settle_deposit,
)
from pm_module.front_desk.doctype.renovation_application.renovation_application import (
	COMPLETED,
	end_renovation,
	permit_is_active,
	start_renovation,
)
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import APPROVED

PASSED, DAMAGES = "Passed", "Damages Found"


class RenovationCompletionInspection(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.renovation_deduction.renovation_deduction import (
			RenovationDeduction,
		)

		amended_from: DF.Link | None
		building: DF.Link | None
		deductions: DF.Table[RenovationDeduction]
		deposit_amount: DF.Currency
		estate: DF.Link | None
		findings: DF.SmallText | None
		inspected_by: DF.Link | None
		inspection_date: DF.Date
		journal_entry: DF.Link | None
		naming_series: DF.Literal["RCI-.YYYY.-.#####"]
		refund_account: DF.Link | None
		refund_amount: DF.Currency
		renovation_application: DF.Link
		result: DF.Literal["Passed", "Damages Found"]
		total_deductions: DF.Currency
		unit: DF.Link | None
	# end: auto-generated types

	def validate(self):
		app = self.renovation()
		self.estate, self.unit, self.building = app.estate, app.unit, app.building
		self.validate_deductions(app)

	def renovation(self):
		app = frappe.get_doc("Renovation Application", self.renovation_application)
		if app.docstatus != 1 or app.status != APPROVED:
			frappe.throw(
				_("Renovation application {0} is {1}: only an approved renovation can be inspected").format(
					app.name, _(app.status)
				),
				title=_("Not Approved"),
			)
		return app

	def validate_deductions(self, app):
		if self.result == PASSED:
			self.deductions = []
		elif not self.deductions:
			frappe.throw(_("Damages were found: list each with the amount deducted from the deposit"))
		for row in self.deductions:
			if flt(row.amount) <= 0:
				frappe.throw(_("Deduction row {0}: the amount must be greater than zero").format(row.idx))
		self.deposit_amount = flt(app.deposit_amount)
		self.total_deductions = flt(sum(flt(row.amount) for row in self.deductions), 2)
		if self.total_deductions > self.deposit_amount:
			frappe.throw(
				_("Deductions of {0} exceed the deposit of {1}").format(
					self.total_deductions, self.deposit_amount
				),
				title=_("Deductions Too High"),
			)
		self.refund_amount = flt(self.deposit_amount - self.total_deductions, 2)

	def on_submit(self):
		app = self.renovation()
		journal_entry = settle_deposit(app, self)
		self.db_set("journal_entry", journal_entry)
		if not self.deposit_amount:
			deposit_status = ""
		elif not self.total_deductions:
			deposit_status = "Refunded"
		else:
			deposit_status = "Deducted" if not self.refund_amount else "Partly Deducted"
		app.db_set(
			{"completion_inspection": self.name, "status": COMPLETED, "deposit_status": deposit_status}
		)
		end_renovation(app)

	def on_cancel(self):
		cancel_document("Journal Entry", self.journal_entry)
		app = frappe.get_doc("Renovation Application", self.renovation_application)
		app.db_set(
			{
				"completion_inspection": None,
				"status": APPROVED,
				"deposit_status": "Held" if app.sales_invoice and app.deposit_amount else "",
			}
		)
		if app.unit_status_before and permit_is_active(app):
			start_renovation(app)
