# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Desk Log 工作信息记录: everything the desk hears (calls, visits, patrol findings), logged the
same day, reviewed daily while open, and escalated to the customer-service head or department
head when the desk cannot close it. A request for work becomes a Service Order."""

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.model.document import Document
from frappe.utils import now_datetime, today

from pm_module.estate.utils import validate_unit_in_estate
from pm_module.jobs import BATCH_SIZE, done_today, enqueue_batches, for_each, not_done_today
from pm_module.notifications import notify, users_with_role, users_with_roles_search
from pm_module.setup.positions import CS_MANAGER, CS_SUPERVISOR, FRONT_DESK_SUPERVISOR, OFFICE_DIRECTOR

ESCALATION_ROLES = (CS_SUPERVISOR, CS_MANAGER, OFFICE_DIRECTOR)
REVIEWER_ROLES = (FRONT_DESK_SUPERVISOR, CS_SUPERVISOR)


class DeskLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		closed_at: DF.Datetime | None
		contact_name: DF.Data | None
		contact_phone: DF.Data | None
		content: DF.Text
		escalated_at: DF.Datetime | None
		escalated_to: DF.Link | None
		estate: DF.Link
		follow_up: DF.SmallText | None
		last_reviewed_on: DF.Date | None
		log_date: DF.Date
		logged_by: DF.Link | None
		naming_series: DF.Literal["DL-.YYYY.-.#####"]
		reminded_on: DF.Date | None
		service_order: DF.Link | None
		source: DF.Literal["Call", "Visit", "Patrol"]
		status: DF.Literal["Open", "Closed"]
		unit: DF.Link | None
	# end: auto-generated types

	def validate(self):
		if unit := validate_unit_in_estate(self.unit, self.estate):
			self.estate, self.building = unit.estate, unit.building
		self.logged_by = self.logged_by or frappe.session.user
		if str(self.log_date) > today():
			frappe.throw(_("A desk log cannot be dated in the future"))
		if self.status == "Closed":
			if not (self.follow_up or "").strip():
				frappe.throw(_("Record the follow-up before closing the item"))
			self.closed_at = self.closed_at or now_datetime()
		else:
			self.closed_at = None
		if self.escalated_to and self.has_value_changed("escalated_to"):
			self.check_escalation_target()
			self.escalated_at = now_datetime()

	def on_update(self):
		if self.escalated_to and self.has_value_changed("escalated_to"):
			add_assignment(
				{
					"assign_to": [self.escalated_to],
					"doctype": self.doctype,
					"name": self.name,
					"description": _("Desk log escalated: {0}").format(self.content[:100]),
				},
				ignore_permissions=True,
			)

	def check_escalation_target(self) -> None:
		if not set(ESCALATION_ROLES) & set(frappe.get_roles(self.escalated_to)):
			frappe.throw(
				_("Escalate to the customer-service head or a department head, not to {0}").format(
					self.escalated_to
				)
			)

	@frappe.whitelist()
	def make_service_order(self) -> str:
		"""The item is a request for work: log it as a Service Order (the desk stays responsible)."""
		self.check_permission("write")
		frappe.has_permission("Service Order", "create", throw=True)
		if self.service_order:
			return self.service_order
		order = frappe.get_doc(
			{
				"doctype": "Service Order",
				"estate": self.estate,
				"unit": self.unit,
				"requester_name": self.contact_name,
				"contact_phone": self.contact_phone,
				"content": self.content,
				"channel": {"Call": "Phone", "Visit": "Visit", "Patrol": "Patrol"}[self.source],
				"reference_doctype": self.doctype,
				"reference_name": self.name,
			}
		).insert()
		self.service_order = order.name
		self.status = "Closed"
		self.follow_up = self.follow_up or _("Service order {0} raised").format(order.name)
		self.save()
		return order.name

	@frappe.whitelist()
	def mark_reviewed(self, note: str | None = None):
		"""The daily review of an open item: what happened today."""
		self.check_permission("write")
		if note:
			line = f"{today()}: {note}"
			self.follow_up = f"{self.follow_up}\n{line}" if self.follow_up else line
		self.last_reviewed_on = today()
		self.save()


def review_open_desk_logs(batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: remind the desk's supervisors, and whoever an item was escalated to, of every open
	item not reviewed today, once a day, in batches (remind_to_review). Returns the items reminded
	of here (tests, a single batch)."""
	log = frappe.qb.DocType("Desk Log")
	stale = (
		frappe.qb.from_(log)
		.select(log.name)
		.where((log.status == "Open") & (log.log_date < today()))
		.where(not_done_today(log.last_reviewed_on, log.reminded_on))
		.orderby(log.name)
		.run(pluck=True)
	)
	return enqueue_batches(
		"pm_module.service.doctype.desk_log.desk_log.remind_to_review",
		stale,
		job_key="desk-log-review",
		batch_size=batch_size,
	)


def remind_to_review(names: list[str]) -> list[str]:
	"""One batch: each item still open, not reviewed today and not reminded of today."""
	reviewers = sorted({user for role in REVIEWER_ROLES for user in users_with_role(role)})

	def remind(name: str) -> bool:
		item = frappe.db.get_value(
			"Desk Log", name, ["status", "last_reviewed_on", "reminded_on", "escalated_to"], as_dict=True
		)
		if item.status != "Open" or done_today(item.last_reviewed_on, item.reminded_on):
			return False
		notify(
			[*reviewers, item.escalated_to],
			frappe._dict(doctype="Desk Log", name=name),
			_("Desk log {0} is still open: review it today").format(name),
		)
		frappe.db.set_value("Desk Log", name, "reminded_on", today(), update_modified=False)
		return True

	return for_each(names, remind, _("Desk log review reminder"), "Desk Log")


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def escalation_query(doctype, txt, searchfield, start, page_len, filters):
	"""Who an item can be escalated to: the customer-service head and department heads."""
	if not frappe.has_permission("Desk Log", "read"):
		return []
	return users_with_roles_search(ESCALATION_ROLES, txt, start, page_len)
