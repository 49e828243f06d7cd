# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Renovation application and permit (装修申请 / 装修许可证).

The desk checks who applies (the owner on the register, or an agent with the owner's power of
attorney), records the contractor, the works and the plan review, and sends the application for
review. An approver (domain action "Approve Renovation") approves it through the workflow: structural
changes need the government's approval document first. Approval issues the permit, invoices the
garbage-removal fee and the deposit, tells maintenance and security, and marks the unit Renovating
from the first day of the permit until the completion inspection.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import getdate, now_datetime, today

from pm_module.estate.register import get_current_occupant, get_owner
from pm_module.estate.utils import get_settings, validate_unit_in_estate
from pm_module.front_desk.doctype.renovation_application.renovation_accounts import (
	cancel_document,
	make_renovation_invoice,
)
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
	APPROVE_ACTION,
	APPROVED,
	DRAFT,
	REJECTED,
	REVIEW,
)
from pm_module.jobs import BATCH_SIZE, enqueue_batches, for_each
from pm_module.notifications import notify, users_with_role
from pm_module.permissions import check_action
from pm_module.setup.positions import MAINTENANCE_SUPERVISOR, SECURITY_GUARD

RENOVATING = "Renovating"
COMPLETED = "Completed"
CANCELLED = "Cancelled"
PERMIT_SERIES = "RP-.YYYY.-.#####"
IDENTITY_CHECKS = ("id_checked", "ownership_checked", "agreement_signed")


class RenovationApplication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.renovation_worker_pass.renovation_worker_pass import (
			RenovationWorkerPass,
		)

		acting_as_agent: DF.Check
		agreement_copy: DF.Attach | None
		agreement_signed: DF.Check
		amended_from: DF.Link | None
		applicant: DF.Link
		applicant_name: DF.Data | None
		application_date: DF.Date
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		building: DF.Link | None
		completion_inspection: DF.Link | None
		contractor_contact: DF.Data
		contractor_licence: DF.Data | None
		contractor_name: DF.Data
		contractor_phone: DF.Data
		deposit_amount: DF.Currency
		deposit_status: DF.Literal["", "Held", "Refunded", "Partly Deducted", "Deducted"]
		estate: DF.Link
		garbage_fee: DF.Currency
		government_approval: DF.Attach | None
		id_checked: DF.Check
		id_copy: DF.Attach | None
		naming_series: DF.Literal["RN-.YYYY.-.#####"]
		ownership_checked: DF.Check
		permit_number: DF.Data | None
		permit_valid_from: DF.Date | None
		permit_valid_to: DF.Date | None
		plan_review_notes: DF.SmallText | None
		planned_end: DF.Date
		planned_start: DF.Date
		power_of_attorney: DF.Attach | None
		renovation_plan: DF.Attach | None
		sales_invoice: DF.Link | None
		scope_of_work: DF.SmallText
		status: DF.Literal["Draft", "Submitted for Review", "Approved", "Rejected", "Completed", "Cancelled"]
		structural_changes: DF.Check
		unit: DF.Link
		unit_owner: DF.Link | None
		unit_status_before: DF.Data | None
		workflow_state: DF.Link | None
		worker_passes: DF.Table[RenovationWorkerPass]
	# end: auto-generated types

	def validate(self):
		self.validate_unit()
		self.validate_applicant()
		self.validate_dates()
		self.set_fee_defaults()
		self.validate_worker_passes()
		self.set_status()

	# the desk's checks -----------------------------------------------------------------------

	def validate_unit(self):
		validate_unit_in_estate(self.unit, self.estate)

	def validate_applicant(self):
		"""The owner on the application date applies, or an agent with the owner's power of attorney."""
		owner = get_owner(self.unit, self.application_date)
		if not owner:
			frappe.throw(
				_("Unit {0} has no registered owner on {1}: register the owner first").format(
					self.unit, self.application_date
				),
				title=_("No Owner"),
			)
		self.unit_owner = owner
		if self.applicant == owner:
			self.acting_as_agent = 0
			return
		if not (self.acting_as_agent and self.power_of_attorney):
			frappe.throw(
				_(
					"{0} is not the owner of unit {1} on {2} (the owner is {3}): an agent must attach the owner's power of attorney"
				).format(
					self.applicant_name or self.applicant,
					self.unit,
					self.application_date,
					frappe.db.get_value("Resident", owner, "resident_name"),
				),
				title=_("Not the Owner"),
			)

	def validate_dates(self):
		if getdate(self.planned_end) < getdate(self.planned_start):
			frappe.throw(_("The planned end cannot be before the planned start"))
		self.permit_valid_from = self.permit_valid_from or self.planned_start
		self.permit_valid_to = self.permit_valid_to or self.planned_end
		if getdate(self.permit_valid_to) < getdate(self.permit_valid_from):
			frappe.throw(_("The permit cannot end before it starts"))

	def set_fee_defaults(self):
		settings = get_settings()
		if self.garbage_fee is None:
			self.garbage_fee = settings.renovation_garbage_fee
		if self.deposit_amount is None:
			self.deposit_amount = settings.renovation_deposit
		if self.garbage_fee < 0 or self.deposit_amount < 0:
			frappe.throw(_("Fees and deposit cannot be negative"))

	def validate_worker_passes(self):
		"""Each pass is valid within the permit period; numbered after the permit once it is issued."""
		start, end = getdate(self.permit_valid_from), getdate(self.permit_valid_to)
		for row in self.worker_passes:
			if getdate(row.valid_to) < getdate(row.valid_from):
				frappe.throw(
					_("Worker pass row {0} ({1}): valid to is before valid from").format(
						row.idx, row.worker_name
					)
				)
			if getdate(row.valid_from) < start or getdate(row.valid_to) > end:
				frappe.throw(
					_("Worker pass row {0} ({1}): {2} ~ {3} is outside the permit period {4} ~ {5}").format(
						row.idx, row.worker_name, row.valid_from, row.valid_to, start, end
					),
					title=_("Pass Outside the Permit"),
				)
			if self.permit_number and not row.pass_number:
				row.pass_number = f"{self.permit_number}-{row.idx:02d}"

	def set_status(self):
		if self.docstatus == 2:
			self.status = CANCELLED
		elif self.completion_inspection:
			self.status = COMPLETED
		elif self.workflow_state in (DRAFT, REVIEW, APPROVED, REJECTED):
			self.status = self.workflow_state
		else:
			self.status = DRAFT

	# the approver's decision -------------------------------------------------------------------

	def before_submit(self):
		# the workflow's Approve / Reject; a plain submit counts as approving
		check_action(APPROVE_ACTION)
		if self.workflow_state != REJECTED:
			self.workflow_state = APPROVED
			self.validate_ready_for_approval()
			self.issue_permit()
		self.set_status()

	def validate_ready_for_approval(self):
		missing = [_(self.meta.get_label(f)) for f in IDENTITY_CHECKS if not self.get(f)]
		if missing:
			frappe.throw(
				_("The identity checks are not complete: {0}").format(", ".join(missing)),
				title=_("Cannot Approve"),
			)
		if self.structural_changes and not self.government_approval:
			frappe.throw(
				_(
					"The works include structural changes: attach the government approval document before approving"
				),
				title=_("Government Approval Missing"),
			)

	def issue_permit(self):
		self.permit_number = make_autoname(PERMIT_SERIES, self.doctype)
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		self.validate_worker_passes()

	def on_submit(self):
		if self.status != APPROVED:
			return
		invoice = make_renovation_invoice(self)
		if invoice:
			self.db_set({"sales_invoice": invoice, "deposit_status": "Held" if self.deposit_amount else ""})
		notify_departments(self)
		if permit_is_active(self):
			start_renovation(self)

	def before_update_after_submit(self):
		if self.status != APPROVED:
			frappe.throw(
				_("Application {0} is {1}: worker passes can only change while the permit is active").format(
					self.name, _(self.status)
				)
			)
		self.validate_worker_passes()

	def on_cancel(self):
		self.status = CANCELLED
		self.db_set("status", CANCELLED)
		cancel_document("Sales Invoice", self.sales_invoice)
		end_renovation(self)


# The unit's status ------------------------------------------------------------------------------


def permit_is_active(app, on_date=None) -> bool:
	return getdate(app.permit_valid_from) <= getdate(on_date or today()) <= getdate(app.permit_valid_to)


def start_renovation(app) -> None:
	"""The unit is Renovating from the first day of the permit; its status before is kept on the permit."""
	current = frappe.db.get_value("Unit", app.unit, "status")
	if current == RENOVATING:
		return
	app.db_set("unit_status_before", current)
	frappe.db.set_value("Unit", app.unit, "status", RENOVATING)


def end_renovation(app) -> None:
	"""Back to the status the unit had before, once the permit is done with (inspected, expired, cancelled)."""
	if not app.unit_status_before or frappe.db.get_value("Unit", app.unit, "status") != RENOVATING:
		return
	other_active = frappe.db.exists(
		"Renovation Application",
		{
			"unit": app.unit,
			"name": ("!=", app.name),
			"docstatus": 1,
			"status": APPROVED,
			"unit_status_before": ("is", "set"),
			"permit_valid_from": ("<=", today()),
			"permit_valid_to": (">=", today()),
		},
	)
	if other_active:
		return
	frappe.db.set_value("Unit", app.unit, "status", app.unit_status_before or fallback_status(app.unit))


def fallback_status(unit: str) -> str:
	return "Occupied" if get_current_occupant(unit) else "Vacant"


def sync_renovating_units(batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: a unit is Renovating from its permit's first day to its last day (or the inspection).

	Finds the approved permits whose unit's status is not what the permit says today (a permit
	running and its unit not Renovating, or one past its last day and its unit still Renovating)
	and sets them right in batches (sync_renovations). Returns the permits handled here (tests, a
	single batch)."""
	app, unit = frappe.qb.DocType("Renovation Application"), frappe.qb.DocType("Unit")
	on_date = getdate(today())
	running = (app.permit_valid_from <= on_date) & (app.permit_valid_to >= on_date)
	due = (
		frappe.qb.from_(app)
		.join(unit)
		.on(unit.name == app.unit)
		.select(app.name)
		.where((app.docstatus == 1) & (app.status == APPROVED))
		.where(
			(running & (unit.status != RENOVATING))
			| ((app.permit_valid_to < on_date) & (unit.status == RENOVATING))
		)
		.orderby(app.name)
	).run(pluck=True)
	return enqueue_batches(
		"pm_module.front_desk.doctype.renovation_application.renovation_application.sync_renovations",
		due,
		job_key="renovating-units",
		batch_size=batch_size,
	)


def sync_renovations(names: list[str]) -> list[str]:
	"""One batch: start or end each permit's renovation (each does nothing when already done)."""

	def sync(name: str) -> bool:
		app = frappe.get_doc("Renovation Application", name)
		if app.docstatus != 1 or app.status != APPROVED:
			return False
		before = frappe.db.get_value("Unit", app.unit, "status")
		if permit_is_active(app):
			start_renovation(app)
		elif getdate(app.permit_valid_to) < getdate(today()):
			end_renovation(app)
		return frappe.db.get_value("Unit", app.unit, "status") != before

	return for_each(names, sync, _("Renovation status"), "Renovation Application")


# Notifications ----------------------------------------------------------------------------------


def notify_departments(app, subject: str | None = None) -> None:
	"""Maintenance and security learn of the permit: who works in which unit, from when to when."""
	notify(
		users_with_role(MAINTENANCE_SUPERVISOR) + users_with_role(SECURITY_GUARD),
		app,
		subject
		or _("Renovation permit {0}: unit {1}, {2} ~ {3}, contractor {4}").format(
			app.permit_number, app.unit, app.permit_valid_from, app.permit_valid_to, app.contractor_name
		),
	)
