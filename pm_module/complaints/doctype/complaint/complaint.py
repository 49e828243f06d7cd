# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""A customer's complaint (投诉), from receipt to the return visit.

New → Accepted → In Progress → Answered → Resolved → Closed (after a satisfied return visit);
Invalid (answered politely, reason recorded); Reopened by a dissatisfied visit. The receiver owns
it until it is closed (首问责任制); its deadlines follow its severity (pm_module.complaints.deadlines)
and missed ones are escalated by a scheduled job (pm_module.complaints.escalation).
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign_to
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, now_datetime

from pm_module.complaints.deadlines import MAJOR, REPORT_TO, complaint_deadlines, missed_deadlines
from pm_module.estate.utils import get_settings, validate_unit_in_estate
from pm_module.notifications import notify, users_with_role
from pm_module.permissions import check_action, has_action
from pm_module.permissions.matrix import rules_for
from pm_module.setup.positions import ADMINISTRATION, MAINTENANCE_SUPERVISOR, SECURITY_GUARD, TECHNICIAN
from pm_module.sla import add_working_days

CS_CENTRE = "Customer Service Centre"
SATISFIED = ("Satisfied", "Basically Satisfied")
HANDLED = ("Resolved", "Closed", "Invalid")


class Complaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.complaints.doctype.complaint_action.complaint_action import ComplaintAction
		from pm_module.complaints.doctype.complaint_escalation.complaint_escalation import (
			ComplaintEscalation,
		)
		from pm_module.complaints.doctype.complaint_reassignment.complaint_reassignment import (
			ComplaintReassignment,
		)

		about_cs_centre: DF.Check
		accepted_at: DF.Datetime | None
		accepted_by: DF.Link | None
		actions: DF.Table[ComplaintAction]
		answer_by: DF.Datetime | None
		answered_at: DF.Datetime | None
		building: DF.Link | None
		category: DF.Literal[
			"",
			"Building Fabric",
			"Equipment",
			"Security",
			"Environment",
			"General Services",
			"Resident Disputes",
			"Developer Related",
			"Other",
		]
		cause: DF.Data | None
		channel: DF.Literal["Phone", "Visit", "Letter", "Online"]
		closed_at: DF.Datetime | None
		complained_department: DF.Literal[
			"",
			"Customer Service Centre",
			"Maintenance Department",
			"Security Staff",
			"Cleaning and Greening",
			"Finance Department",
			"Property Developer",
			"Other",
		]
		complained_party: DF.Data | None
		complainant: DF.Link | None
		complainant_name: DF.Data
		complainant_phone: DF.Data | None
		complainant_request: DF.SmallText | None
		description: DF.SmallText
		escalation_level: DF.Literal[
			"", "Customer Service Supervisor", "Customer Service Manager", "Office Director"
		]
		escalations: DF.Table[ComplaintEscalation]
		estate: DF.Link
		event_place: DF.Data | None
		event_time: DF.Datetime | None
		invalid_reason: DF.SmallText | None
		is_group_complaint: DF.Check
		is_overdue: DF.Check
		notice_text: DF.TextEditor | None
		notice_title: DF.Data | None
		reassignments: DF.Table[ComplaintReassignment]
		received_at: DF.Datetime
		received_by: DF.Link | None
		reopen_count: DF.Int
		report_by: DF.Datetime | None
		reported_at: DF.Datetime | None
		reported_back_at: DF.Datetime | None
		reported_to: DF.Literal[
			"", "Customer Service Supervisor", "Customer Service Manager", "Office Director"
		]
		requested_resolution_date: DF.Date | None
		resolve_by: DF.Datetime | None
		resolved_at: DF.Datetime | None
		result: DF.SmallText | None
		return_visit: DF.Data | None
		return_visit_due: DF.Datetime | None
		routed_to_administration: DF.Check
		satisfaction: DF.Literal["", "Satisfied", "Basically Satisfied", "Dissatisfied"]
		severity: DF.Literal["", "Major", "Important", "Minor"]
		severity_criteria: DF.HTML | None
		status: DF.Literal[
			"New", "Accepted", "In Progress", "Answered", "Resolved", "Closed", "Invalid", "Reopened"
		]
		unit: DF.Link | None
		visited_at: DF.Datetime | None
	# end: auto-generated types

	# --- validation -------------------------------------------------------------------------------

	def validate(self):
		self.check_relayer_change()
		self.validate_classification()
		if unit := validate_unit_in_estate(self.unit, self.estate):
			self.estate, self.building = unit.estate, unit.building
		if self.complained_department == CS_CENTRE:
			self.about_cs_centre = 1
		self.received_by = self.received_by or frappe.session.user
		self.log_receiver_change()
		self.fill_action_rows()
		self.set_deadlines()
		self.is_overdue = 1 if missed_deadlines(self, self.now()) else 0
		self.validate_closing()
		if self.about_cs_centre and not self.routed_to_administration:
			self.route_to_administration()

	def on_update(self):
		if self.flags.assign_to_administration:
			self.flags.assign_to_administration = False
			self.assign_administration()

	def now(self) -> datetime:
		return get_datetime(self.flags.now) if self.flags.now else now_datetime()

	def check_relayer_change(self):
		"""Staff outside the customer-service centre relay complaints (they need write for the new
		form): they may correct one they relayed until it is accepted, and change nothing else."""
		if self.is_new() or self.flags.ignore_permissions or not relays_only(frappe.session.user):
			return
		before = self.get_doc_before_save()
		if self.owner != frappe.session.user or (before and before.status != "New"):
			frappe.throw(
				_("Only the customer-service centre changes a complaint once it is relayed"),
				frappe.PermissionError,
			)

	def validate_classification(self):
		if not self.category:
			frappe.throw(
				_("Choose the complaint's category (one of the eight categories)"),
				title=_("Missing Category"),
			)
		if not self.severity:
			frappe.throw(_("Choose the severity: Major, Important or Minor"), title=_("Missing Severity"))
		if self.is_group_complaint and self.severity != MAJOR:
			frappe.throw(_("A group complaint is a major complaint"), title=_("Wrong Severity"))

	def log_receiver_change(self):
		"""Any change of receiver not made through reassign() is logged too."""
		before = self.get_doc_before_save()
		if not before or before.received_by == self.received_by:
			return
		logged = self.reassignments and self.reassignments[-1].to_user == self.received_by
		if not logged:
			self.append_reassignment(before.received_by, self.received_by, _("Changed on the form"))

	def append_reassignment(self, from_user: str | None, to_user: str, reason: str):
		self.append(
			"reassignments",
			{
				"reassigned_at": self.now(),
				"from_user": from_user,
				"to_user": to_user,
				"reason": reason,
				"changed_by": frappe.session.user,
			},
		)

	def fill_action_rows(self):
		for row in self.actions:
			row.action_time = row.action_time or self.now()
			row.done_by = row.done_by or frappe.session.user
		# recording what was done starts the work
		if self.status in ("Accepted", "Reopened") and any(
			row.action_type == "Action Taken" and row.is_new() for row in self.actions
		):
			self.status = "In Progress"

	def set_deadlines(self):
		if not (
			self.is_new()
			or self.has_value_changed("severity")
			or self.has_value_changed("received_at")
			or self.has_value_changed("requested_resolution_date")
		):
			return
		deadlines = complaint_deadlines(self.severity, self.received_at, self.requested_resolution_date)
		self.report_by = deadlines.report_by
		self.answer_by = deadlines.answer_by
		self.resolve_by = deadlines.resolve_by

	def validate_closing(self):
		if self.status != "Closed":
			return
		if not (self.result or "").strip():
			frappe.throw(_("Record the result before closing the complaint"), title=_("Missing Result"))
		if not self.reported_back_at:
			frappe.throw(
				_("Report the result to the complainant before closing the complaint"),
				title=_("Result Not Reported"),
			)

	# --- routing ------------------------------------------------------------------------------------

	def route_to_administration(self):
		"""A complaint about the customer-service centre itself goes to Administration."""
		self.routed_to_administration = 1
		self.add_action(_("About the customer-service centre itself: routed to Administration"), "Routing")
		self.flags.assign_to_administration = True

	def assign_administration(self):
		users = users_with_role(ADMINISTRATION)
		if not users:
			frappe.msgprint(
				_("No user holds the Administration position: assign the complaint by hand"),
				indicator="orange",
			)
			return
		assign_to(
			{
				"assign_to": users,
				"doctype": self.doctype,
				"name": self.name,
				"description": _("Complaint about the customer-service centre: {0}").format(
					self.description or ""
				),
			},
			ignore_permissions=True,
		)

	# --- the procedure --------------------------------------------------------------------------------

	def add_action(self, description: str, action_type: str = "Action Taken"):
		self.append(
			"actions",
			{
				"action_time": self.now(),
				"action_type": action_type,
				"description": description,
				"done_by": frappe.session.user,
			},
		)

	def require_status(self, *statuses: str, doing: str):
		if self.status not in statuses:
			frappe.throw(
				_("Complaint {0} is {1}: it cannot be {2} now").format(self.name, _(self.status), _(doing)),
				title=_("Wrong Status"),
			)

	@frappe.whitelist()
	def accept(self):
		"""The customer-service centre (Administration for complaints about it) accepts the complaint;
		a major or important one is reported at once to the level its severity requires."""
		self.check_permission("write")
		self.require_status("New", doing="accepted")
		if self.about_cs_centre:
			check_action("Accept Complaint About Customer Service")
		else:
			check_action("Accept Complaint")
		user = frappe.session.user
		self.accepted_by, self.accepted_at = user, self.now()
		if not self.received_by or not self.receiver_may_own():
			# relayed by someone outside the centre: whoever accepts it owns it
			self.append_reassignment(self.received_by, user, _("Accepted by the customer-service centre"))
			self.received_by = user
		self.status = "Accepted"
		self.report_to_level()
		self.save()

	def receiver_may_own(self) -> bool:
		action = "Accept Complaint About Customer Service" if self.about_cs_centre else "Accept Complaint"
		return has_action(action, self.received_by)

	def report_to_level(self):
		level = REPORT_TO.get(self.severity)
		if not level or self.reported_at:
			return
		notify(
			users_with_role(level),
			self,
			_("{0} complaint {1}: {2}").format(_(self.severity), self.name, self.description or ""),
		)
		self.reported_to, self.reported_at = level, self.now()

	@frappe.whitelist()
	def reassign(self, to_user: str, reason: str):
		"""Hand the complaint to another receiver, with the reason (logged)."""
		self.check_permission("write")
		self.require_status("New", "Accepted", "In Progress", "Answered", "Reopened", doing="reassigned")
		if not (reason or "").strip():
			frappe.throw(_("Give the reason for the reassignment"), title=_("Missing Reason"))
		if not frappe.db.exists("User", {"name": to_user, "enabled": 1}):
			frappe.throw(_("User {0} does not exist or is disabled").format(to_user))
		if to_user == self.received_by:
			frappe.throw(_("{0} is already the receiver").format(to_user))
		self.append_reassignment(self.received_by, to_user, reason)
		self.received_by = to_user
		self.save()
		notify([to_user], self, _("Complaint {0} was reassigned to you: {1}").format(self.name, reason))

	@frappe.whitelist()
	def record_action(self, description: str):
		"""Record an action taken (with the time); the work is then in progress."""
		self.check_permission("write")
		self.require_status("Accepted", "In Progress", "Answered", "Reopened", doing="worked on")
		self.add_action(description)
		self.save()

	@frappe.whitelist()
	def answer(self, text: str):
		"""The answer given to the complainant (a major complaint's answer is due within 2 days)."""
		self.check_permission("write")
		self.require_status("Accepted", "In Progress", "Reopened", doing="answered")
		if not (text or "").strip():
			frappe.throw(_("Write the answer given to the complainant"), title=_("Missing Answer"))
		self.add_action(text, "Answer")
		self.answered_at = self.now()
		self.status = "Answered"
		self.save()

	@frappe.whitelist()
	def resolve(self, result: str, cause: str | None = None):
		"""The complaint is resolved: the result is recorded and the return visit falls due."""
		self.check_permission("write")
		self.require_status("Accepted", "In Progress", "Answered", "Reopened", doing="resolved")
		if not (result or "").strip():
			frappe.throw(_("Record the result of the complaint"), title=_("Missing Result"))
		self.result = result
		self.cause = cause or self.cause
		self.resolved_at = self.now()
		self.add_action(result, "Resolved")
		self.return_visit_due = self.get_return_visit_due()
		self.status = "Resolved"
		self.save()

	@frappe.whitelist()
	def report_back(self, text: str | None = None):
		"""The result was reported to the complainant (the same day it is known)."""
		self.check_permission("write")
		self.require_status("Resolved", doing="reported back")
		self.reported_back_at = self.now()
		self.add_action(text or self.result, "Result Reported")
		self.save()

	@frappe.whitelist()
	def mark_invalid(self, reason: str, reply: str):
		"""An invalid complaint is still answered politely; the reason is recorded."""
		self.check_permission("write")
		self.require_status("New", "Accepted", "In Progress", "Answered", doing="marked invalid")
		if not (reason or "").strip():
			frappe.throw(_("Give the reason why the complaint is invalid"), title=_("Missing Reason"))
		if not (reply or "").strip():
			frappe.throw(
				_("An invalid complaint is still answered politely: write the reply given"),
				title=_("Missing Answer"),
			)
		self.invalid_reason = reason
		self.add_action(reason, "Invalid")
		self.add_action(reply, "Answer")
		self.answered_at = self.answered_at or self.now()
		self.reported_back_at = self.now()
		self.status = "Invalid"
		self.save()

	# --- return visits (called by the shared Return Visit) ------------------------------------------

	def get_return_visit_due(self) -> datetime:
		"""Every resolved complaint is visited within the settings' days for repairs other than
		security and leaks (visit_other_repair_days, 2 working days) after its resolution."""
		return add_working_days(self.resolved_at or self.now(), cint(get_settings().visit_other_repair_days))

	def validate_return_visit(self, visit):
		"""A visit comes after the resolution and the report-back; a manager's spot check may also
		follow up a closed complaint."""
		allowed = ("Resolved", "Closed") if visit.get("is_spot_check") else ("Resolved",)
		if self.status not in allowed:
			frappe.throw(
				_("Complaint {0} is {1}: the return visit comes after it is resolved").format(
					self.name, _(self.status)
				),
				title=_("Not Resolved Yet"),
			)
		if not self.reported_back_at:
			frappe.throw(
				_("Complaint {0}: report the result to the complainant before the return visit").format(
					self.name
				),
				title=_("Result Not Reported"),
			)

	def on_return_visit(self, visit):
		"""Satisfied: the complaint is closed. Dissatisfied: it is reopened and worked on again
		(also when a spot check of a closed complaint finds the complainant dissatisfied)."""
		self.validate_return_visit(visit)
		if visit.get("is_spot_check") and self.status == "Closed" and visit.satisfaction in SATISFIED:
			self.add_action(_("Spot check {0}: {1}").format(visit.name, _(visit.satisfaction)), "Note")
		elif visit.satisfaction in SATISFIED:
			self.status = "Closed"
			self.closed_at = visit.get("visit_time") or self.now()
		else:
			self.status = "Reopened"
			self.closed_at = None
			self.reopen_count = cint(self.reopen_count) + 1
			self.add_action(
				_("Dissatisfied at the return visit {0}: {1}").format(visit.name, visit.get("reason") or ""),
				"Reopened",
			)
			self.resolved_at = self.reported_back_at = self.return_visit_due = None
			# the rework gets the severity's time again, counted from the visit
			self.resolve_by = complaint_deadlines(
				self.severity, visit.get("visit_time") or self.now()
			).resolve_by
			notify(
				[self.received_by],
				self,
				_("Complaint {0} was reopened by a dissatisfied return visit").format(self.name),
			)
		self.return_visit = visit.name
		self.satisfaction = visit.satisfaction
		self.visited_at = visit.get("visit_time") or self.now()
		self.flags.ignore_permissions = True
		self.save()

	def on_return_visit_cancel(self, visit):
		"""A cancelled visit undoes what it did, while nothing has happened since."""
		if self.return_visit != visit.name or (visit.get("is_spot_check") and self.status == "Closed"):
			return
		if self.status not in ("Closed", "Reopened"):
			frappe.throw(
				_(
					"Complaint {0} has been worked on since the visit {1}: the visit can no longer be cancelled"
				).format(self.name, visit.name)
			)
		if self.status == "Reopened":
			self.reopen_count = max(cint(self.reopen_count) - 1, 0)
			self.actions = [
				row
				for row in self.actions
				if not (row.action_type == "Reopened" and visit.name in row.description)
			]
			self.resolved_at = self.last_action_time("Resolved")
			self.reported_back_at = self.last_action_time("Result Reported")
			self.return_visit_due = self.get_return_visit_due()
		self.status = "Resolved"
		self.closed_at = None
		self.return_visit = self.satisfaction = self.visited_at = None
		self.flags.ignore_permissions = True
		self.save()

	def last_action_time(self, action_type: str):
		times = [row.action_time for row in self.actions if row.action_type == action_type]
		return times[-1] if times else None


RELAY_ROLES = {MAINTENANCE_SUPERVISOR, TECHNICIAN, SECURITY_GUARD}


def relays_only(user: str) -> bool:
	"""The user may write complaints only through a relaying role (matrix.csv: Complaint)."""
	writers = {rule.role for rule in rules_for("Complaint") if rule.allows("write")}
	mine = writers & set(frappe.get_roles(user))
	return bool(mine) and mine <= RELAY_ROLES
