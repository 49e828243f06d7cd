# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Service Order 服务工作单/派工单: a request from intake to the closing return visit.

Open (logged by the desk, whose receiver stays responsible) → Declined (with the reason) or
Dispatched (to a technician; the customer is answered within 15 working minutes) → Acknowledged
(the technician received it) → Arrived → Completed (a paid order needs its price confirmed from
the rate schedule first) → Accepted by the customer (a paid order then goes on the unit's next
bill) → Closed by a satisfied Return Visit. A customer who is not satisfied, at acceptance or on
the return visit, gets a Rework; unsatisfied again, the order is Escalated to the
customer-service manager.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as add_assignment
from frappe.desk.form.assign_to import remove as remove_assignment
from frappe.model.document import Document
from frappe.utils import cstr, flt, get_datetime, getdate, now_datetime

from pm_module.billing.doctype.unit_charge.unit_charge import raise_unit_charge
from pm_module.estate.utils import get_settings, validate_unit_in_estate
from pm_module.notifications import notify, users_with_role, users_with_roles_search
from pm_module.permissions import check_action, has_action
from pm_module.permissions.scope import estate_allowed
from pm_module.service.doctype.paid_service_rate.paid_service_rate import get_rate_check
from pm_module.setup.positions import CS_MANAGER, MAINTENANCE_SUPERVISOR, SUPERVISORS, TECHNICIAN
from pm_module.sla import add_working_days, add_working_minutes, day_of_next_month

PAID = "Paid Service"
RATING_STARS = 5
# the technician's steps, and who else may record them for him
WORK_IN_HAND = ("Dispatched", "Acknowledged", "Arrived", "Rework")
VISITABLE = ("Accepted",)
# set only by the steps below (buttons / whitelisted methods), never by editing the form or the API
STEP_FIELDS = (
	"status",
	"technician",
	"dispatched_at",
	"replied_at",
	"late_answer_reported_at",
	"overdue_visit_reported_on",
	"acknowledged_at",
	"arrived_at",
	"price_confirmed",
	"price_confirmed_at",
	"price_confirmed_by",
	"price_override_by",
	"price_override_amount",
	"price_override_reason",
	"completed_at",
	"accepted_at",
	"acceptance_recorded_by",
	"customer_rating",
	"rework_count",
	"rework_reason",
	"escalated_to",
	"escalated_at",
	"decline_reason",
	"return_visit",
	"closed_at",
	"unit_charge",
	"stock_entry",
)


class ServiceOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.service.doctype.service_order_material.service_order_material import (
			ServiceOrderMaterial,
		)

		acceptance_comments: DF.SmallText | None
		acceptance_recorded_by: DF.Link | None
		accepted_at: DF.Datetime | None
		acknowledged_at: DF.Datetime | None
		appointment_time: DF.Datetime | None
		arrived_at: DF.Datetime | None
		building: DF.Link | None
		channel: DF.Literal["Phone", "Visit", "Patrol", "Portal", "Move-in Inspection"]
		closed_at: DF.Datetime | None
		compensation_amount: DF.Currency
		completed_at: DF.Datetime | None
		contact_phone: DF.Data | None
		content: DF.Text
		customer_rating: DF.Rating
		customer_signature: DF.Signature | None
		damage_description: DF.SmallText | None
		damage_reported_at: DF.Datetime | None
		decline_reason: DF.SmallText | None
		dispatched_at: DF.Datetime | None
		escalated_at: DF.Datetime | None
		escalated_to: DF.Link | None
		estate: DF.Link
		labour_amount: DF.Currency
		late_answer_reported_at: DF.Datetime | None
		leak_test_at: DF.Datetime | None
		materials: DF.Table[ServiceOrderMaterial]
		materials_amount: DF.Currency
		naming_series: DF.Literal["SO-.YYYY.-.#####"]
		order_kind: DF.Literal[
			"Routine Repair", "Paid Service", "Public Area Repair", "Warranty Defect", "Business Service"
		]
		overdue_visit_reported_on: DF.Date | None
		paid_service_rate: DF.Link | None
		preferred_time: DF.Datetime | None
		price: DF.Currency
		price_confirmed: DF.Check
		price_confirmed_at: DF.Datetime | None
		price_confirmed_by: DF.Link | None
		price_override_amount: DF.Currency
		price_override_by: DF.Link | None
		price_override_reason: DF.SmallText | None
		property_damaged: DF.Check
		rate_info: DF.HTML | None
		received_at: DF.Datetime
		received_by: DF.Link | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		repair_category: DF.Literal["Other", "Security Facility", "Water Leak"]
		replied_at: DF.Datetime | None
		reply_due: DF.Datetime | None
		requester: DF.Link | None
		requester_name: DF.Data | None
		resolution: DF.SmallText | None
		return_visit: DF.Link | None
		return_visit_due: DF.Datetime | None
		rework_count: DF.Int
		rework_reason: DF.SmallText | None
		status: DF.Literal[
			"Open",
			"Dispatched",
			"Acknowledged",
			"Arrived",
			"Completed",
			"Accepted",
			"Rework",
			"Escalated",
			"Closed",
			"Declined",
			"Cancelled",
		]
		stock_entry: DF.Link | None
		technician: DF.Link | None
		technician_name: DF.Data | None
		unit: DF.Link | None
		unit_charge: DF.Link | None
		work_done: DF.SmallText | None
	# end: auto-generated types

	# ------------------------------------------------------------------ intake
	def validate(self):
		if unit := validate_unit_in_estate(self.unit, self.estate):
			self.estate, self.building = unit.estate, unit.building
		self.check_steps_not_edited()
		self.received_by = self.received_by or frappe.session.user
		self.received_at = self.received_at or now_datetime()
		if not self.requester_name and self.requester:
			self.requester_name = frappe.db.get_value("Resident", self.requester, "resident_name")
		if self.is_new() or self.has_value_changed("received_at") or not self.reply_due:
			self.reply_due = add_working_minutes(self.received_at, get_settings().reply_within_minutes or 15)
		self.set_prices()
		if self.order_kind != PAID and self.paid_service_rate:
			self.paid_service_rate = None
		before = self.get_doc_before_save()
		if before and before.price_confirmed and self.has_value_changed("labour_amount"):
			frappe.throw(_("The price is confirmed with the customer: it can no longer change"))
		if self.property_damaged and not self.damage_reported_at:
			self.damage_reported_at = now_datetime()
			self.report_damage_to_manager()
		if self.completed_at:
			self.return_visit_due = self.get_return_visit_due()

	def check_steps_not_edited(self) -> None:
		"""The lifecycle moves only through its steps: a form or API save cannot set them."""
		if self.flags.in_step:
			return
		if self.is_new():
			for field in STEP_FIELDS:
				self.set(field, None)
			self.status = "Open"
			self.rework_count = 0
			self.price_confirmed = 0
			return
		before = self.get_doc_before_save()
		changed = [
			field for field in STEP_FIELDS if before and not same_value(before.get(field), self.get(field))
		]
		if changed:
			frappe.throw(
				_("{0} change only through the order's steps (dispatch, arrive, complete …)").format(
					", ".join(_(self.meta.get_label(field)) for field in changed)
				),
				title=_("Wrong Step"),
			)

	def save_step(self, **kwargs) -> None:
		self.flags.in_step = True
		try:
			self.save(**kwargs)
		finally:
			self.flags.in_step = False

	def set_prices(self) -> None:
		for row in self.materials:
			row.amount = flt(flt(row.qty) * flt(row.rate), 2)
		plus_materials = self.paid_service_rate and frappe.db.get_value(
			"Paid Service Rate", self.paid_service_rate, "plus_materials"
		)
		self.materials_amount = (
			sum(flt(row.amount) for row in self.materials if row.charged) if plus_materials else 0
		)
		self.price = flt(self.labour_amount) + flt(self.materials_amount) if self.order_kind == PAID else 0

	# ------------------------------------------------------------------ desk
	@frappe.whitelist()
	def decline(self, reason: str):
		"""The desk cannot serve the request: record why, which is also the answer to the customer."""
		self.check_permission("write")
		self.expect_status("Open")
		if not (reason or "").strip():
			frappe.throw(_("Give the reason the request is declined"))
		self.status = "Declined"
		self.decline_reason = reason
		self.replied_at = self.replied_at or now_datetime()
		self.take_over_portal_request()
		self.save_step()

	@frappe.whitelist()
	def dispatch(self, technician: str, appointment_time=None):
		"""Send the order to a technician (an assignment with its notification); answering the
		customer with who comes when."""
		self.check_permission("write")
		self.expect_status("Open", "Dispatched", "Acknowledged", "Rework")
		if not frappe.db.get_value("User", technician, "enabled"):
			frappe.throw(_("User {0} is not an enabled user").format(technician))
		if not {TECHNICIAN, MAINTENANCE_SUPERVISOR} & set(frappe.get_roles(technician)):
			frappe.throw(_("{0} is not a technician").format(technician))
		if self.order_kind == PAID:
			self.check_can_accept()
		previous = self.technician
		self.technician = technician
		self.appointment_time = appointment_time or self.appointment_time or self.preferred_time
		self.dispatched_at = now_datetime()
		self.replied_at = self.replied_at or self.dispatched_at
		if self.status in ("Open", "Acknowledged"):
			self.status = "Dispatched"
		self.take_over_portal_request()
		self.save_step()
		if previous and previous != technician:
			self.drop_assignment(previous)
		self.assign(technician, _("Service order {0}: {1}").format(self.name, self.content[:100]))

	@frappe.whitelist()
	def withdraw(self, reason: str):
		"""The customer no longer wants the work: the order is cancelled with the reason."""
		self.check_permission("write")
		self.expect_status("Open", "Dispatched", "Acknowledged")
		if not (reason or "").strip():
			frappe.throw(_("Give the reason the request is withdrawn"))
		self.status = "Cancelled"
		self.decline_reason = reason
		self.closed_at = now_datetime()
		self.save_step()
		if self.technician:
			self.drop_assignment(self.technician)

	def take_over_portal_request(self) -> None:
		"""A request a resident filed on the portal is owned by whoever at the desk first answers
		it (首问责任制), not by the resident's own website user."""
		if (
			self.channel == "Portal"
			and frappe.db.get_value("User", self.received_by, "user_type") != "System User"
		):
			self.received_by = frappe.session.user

	def check_can_accept(self) -> None:
		if not self.unit:
			frappe.throw(_("A paid service needs the unit it is billed to"))
		check = get_rate_check(self.paid_service_rate, self.estate)
		if not check["can_accept"]:
			frappe.throw(check["message"] + " " + _("Decline the request with the reason."))

	def assign(self, user: str, description: str) -> None:
		if frappe.db.exists(
			"ToDo",
			{
				"allocated_to": user,
				"reference_type": self.doctype,
				"reference_name": self.name,
				"status": "Open",
			},
		):
			return
		add_assignment(
			{"assign_to": [user], "doctype": self.doctype, "name": self.name, "description": description},
			ignore_permissions=True,
		)

	def drop_assignment(self, user: str) -> None:
		try:
			remove_assignment(self.doctype, self.name, user, ignore_permissions=True)
		except frappe.DoesNotExistError:
			pass

	# ------------------------------------------------------------------ technician
	@frappe.whitelist()
	def acknowledge(self):
		"""The technician records that he received the order."""
		self.check_technician()
		self.expect_status("Dispatched")
		self.acknowledged_at = now_datetime()
		self.status = "Acknowledged"
		self.save_step(ignore_permissions=True)

	@frappe.whitelist()
	def arrive(self):
		self.check_technician()
		self.expect_status("Dispatched", "Acknowledged")
		now = now_datetime()
		self.acknowledged_at = self.acknowledged_at or now
		self.arrived_at = now
		self.status = "Arrived"
		self.save_step(ignore_permissions=True)

	@frappe.whitelist()
	def approve_price_override(self, labour_amount: float, reason: str):
		"""A supervisor allows a labour charge outside the rate schedule."""
		check_action("Approve Price Override")
		self.expect_paid()
		if not (reason or "").strip():
			frappe.throw(_("Give the reason for the price outside the rate schedule"))
		self.price_override_by = frappe.session.user
		self.price_override_amount = flt(labour_amount)
		self.price_override_reason = reason
		self.save_step(ignore_permissions=True)

	@frappe.whitelist()
	def confirm_price(self, labour_amount: float | None = None):
		"""Before working, the technician agrees the price with the customer from the schedule."""
		self.check_technician()
		self.expect_paid()
		self.expect_status("Dispatched", "Acknowledged", "Arrived")
		if labour_amount is not None and not self.price_confirmed:
			self.labour_amount = flt(labour_amount)
		self.set_price_confirmed()

	def confirm_price_as_customer(self) -> None:
		"""The customer agrees the technician's price (or the schedule's fixed price) on the
		resident portal, before the work starts; the portal has checked who the customer is."""
		self.expect_paid()
		self.expect_status("Dispatched", "Acknowledged", "Arrived")
		if not flt(self.labour_amount):
			low, high = price_range(self.paid_service_rate)
			if low != high:
				frappe.throw(
					_("The technician has not priced the work yet ({0} to {1} by the rate schedule)").format(
						low, high
					),
					title=_("Not Priced Yet"),
				)
			self.labour_amount = low
		self.set_price_confirmed()

	def set_price_confirmed(self) -> None:
		if self.price_confirmed:
			frappe.throw(_("The price of {0} is already confirmed").format(self.name))
		self.check_price_in_schedule()
		self.set_prices()
		self.price_confirmed = 1
		self.price_confirmed_at = now_datetime()
		self.price_confirmed_by = frappe.session.user
		self.save_step(ignore_permissions=True)

	def check_price_in_schedule(self) -> None:
		low, high = price_range(self.paid_service_rate)
		labour = flt(self.labour_amount)
		if labour <= 0:
			frappe.throw(_("Enter the labour charge agreed with the customer"))
		if low <= labour <= high:
			return
		if self.price_override_by and flt(self.price_override_amount) == labour:
			return
		if has_action("Approve Price Override"):
			self.price_override_by = frappe.session.user
			self.price_override_amount = labour
			self.price_override_reason = self.price_override_reason or _("Confirmed by a supervisor")
			return
		frappe.throw(
			_(
				"The labour charge {0} is outside the rate schedule ({1} to {2}): a supervisor must approve it"
			).format(labour, low, high),
			title=_("Price Outside the Schedule"),
		)

	@frappe.whitelist()
	def complete(self, work_done: str | None = None):
		self.check_technician()
		self.expect_status("Acknowledged", "Arrived", "Rework")
		if self.order_kind == PAID and not self.price_confirmed:
			frappe.throw(
				_("Paid service order {0} has no price confirmed with the customer").format(self.name),
				title=_("Price Not Confirmed"),
			)
		if work_done:
			self.work_done = work_done
		self.completed_at = now_datetime()
		self.arrived_at = self.arrived_at or self.completed_at
		self.status = "Completed"
		self.stock_entry = self.stock_entry or self.issue_materials()
		self.save_step(ignore_permissions=True)

	def issue_materials(self) -> str | None:
		"""Materials drawn from a warehouse leave the books as a submitted Material Issue."""
		rows = [
			row
			for row in self.materials
			if row.warehouse and frappe.db.get_value("Item", row.item, "is_stock_item") and flt(row.qty) > 0
		]
		if not rows:
			return None
		company, cost_center = frappe.db.get_value("Estate", self.estate, ["company", "cost_center"])
		entry = frappe.get_doc(
			{
				"doctype": "Stock Entry",
				"stock_entry_type": "Material Issue",
				"purpose": "Material Issue",
				"company": company,
				"remarks": _("Service order {0}: {1}").format(self.name, self.content[:100]),
				"items": [
					{
						"item_code": row.item,
						"qty": row.qty,
						"uom": row.uom,
						"s_warehouse": row.warehouse,
						**({"cost_center": cost_center} if cost_center else {}),
					}
					for row in rows
				],
			}
		)
		entry.flags.ignore_permissions = True  # the technician records his own materials
		entry.insert()
		entry.submit()
		return entry.name

	# ------------------------------------------------------------------ customer
	@frappe.whitelist()
	def record_acceptance(
		self, satisfied: bool | int | str, comments: str | None = None, signature=None, rating=None
	):
		"""The customer tests the work and signs, or says what is still wrong; the technician
		records it for the customer."""
		self.check_technician()
		self.accept_work(satisfied, comments, rating, signature)

	def accept_work(
		self, satisfied: bool | int | str, comments: str | None = None, rating=None, signature=None
	) -> None:
		"""The customer's verdict on the completed work, as the technician records it or as the
		customer gives it on the resident portal (with a score of 1 to 5 stars there)."""
		self.expect_status("Completed")
		if rating is not None:
			score = frappe.utils.cint(rating)
			if not 1 <= score <= RATING_STARS:
				frappe.throw(_("Give a score of 1 to {0} stars").format(RATING_STARS), title=_("No Score"))
			self.customer_rating = score / RATING_STARS  # a Rating field holds the share of the stars
		if signature:
			self.customer_signature = signature
		self.acceptance_comments = comments or self.acceptance_comments
		self.acceptance_recorded_by = frappe.session.user
		if frappe.utils.cint(satisfied):
			self.accepted_at = now_datetime()
			self.status = "Accepted"
			self.save_step(ignore_permissions=True)
			self.bill()
		else:
			self.reopen(comments)

	def reopen(self, reason: str) -> None:
		"""Not satisfied: rework once; after a failed rework the manager takes it over."""
		if not (reason or "").strip():
			frappe.throw(_("Say what the customer is not satisfied with"))
		self.rework_reason = reason
		if self.rework_count >= 1 and self.status != "Escalated":
			self.escalate(reason)
			return
		self.rework_count += 1
		self.status = "Rework"
		self.accepted_at = None
		self.closed_at = None
		self.save_step(ignore_permissions=True)
		if self.technician:
			self.assign(self.technician, _("Rework on service order {0}: {1}").format(self.name, reason))
		notify(
			[self.technician, self.received_by],
			self,
			_("Service order {0} needs rework: {1}").format(self.name, reason),
		)

	def escalate(self, reason: str) -> None:
		manager = next(iter(customer_service_managers(self.estate)), None)
		self.status = "Escalated"
		self.escalated_to = manager
		self.escalated_at = now_datetime()
		self.accepted_at = None
		self.closed_at = None
		self.save_step(ignore_permissions=True)
		if manager:
			self.assign(manager, _("Escalated service order {0}: {1}").format(self.name, reason))
		notify(
			[manager, self.received_by],
			self,
			_("Service order {0} escalated to the customer-service manager after a failed rework").format(
				self.name
			),
			reason,
		)

	@frappe.whitelist()
	def resolve_escalation(self, resolution: str, rework: bool | int | str = 0):
		"""The manager settles an escalated order, or sends it back for another rework."""
		check_action("Resolve Escalated Service Order")
		self.expect_status("Escalated")
		if not (resolution or "").strip():
			frappe.throw(_("Record the manager's resolution"))
		self.resolution = resolution
		if frappe.utils.cint(rework):
			self.rework_count += 1
			self.status = "Rework"
			self.save_step(ignore_permissions=True)
			if self.technician:
				self.assign(
					self.technician, _("Rework on service order {0}: {1}").format(self.name, resolution)
				)
			return
		self.accepted_at = now_datetime()
		self.status = "Accepted"
		self.save_step(ignore_permissions=True)
		self.bill()

	def report_damage_to_manager(self) -> None:
		managers = customer_service_managers(self.estate)
		if managers and not self.is_new():
			notify(
				managers,
				self,
				_("Service order {0}: customer property damaged").format(self.name),
				self.damage_description,
			)

	# ------------------------------------------------------------------ billing
	def bill(self) -> None:
		"""A paid order the customer accepted goes on the unit's next bill, once."""
		if self.order_kind != PAID or not flt(self.price) or self.unit_charge:
			return
		service, item = frappe.db.get_value(
			"Paid Service Rate", self.paid_service_rate, ["service_name", "item"]
		)
		charge = raise_unit_charge(
			unit=self.unit,
			item=item,
			rate=flt(self.price),
			qty=1,
			description=_("Service order {0}: {1}").format(self.name, service),
			charge_date=getdate(self.accepted_at),
			reference_doctype=self.doctype,
			reference_name=self.name,
		)
		self.db_set("unit_charge", charge)

	# ------------------------------------------------------------------ closing
	@frappe.whitelist()
	def close(self):
		"""Business services close without a return visit; repairs close through the visit."""
		self.check_permission("write")
		if self.status == "Rework":
			frappe.throw(_("Service order {0} has an open rework: it cannot be closed").format(self.name))
		self.expect_status("Accepted")
		if self.order_kind != "Business Service":
			frappe.throw(_("A repair is closed by a satisfied return visit"))
		self.set_closed()

	def set_closed(self) -> None:
		self.status = "Closed"
		self.closed_at = now_datetime()
		self.save_step(ignore_permissions=True)
		if self.technician:
			frappe.db.set_value(
				"ToDo",
				{"reference_type": self.doctype, "reference_name": self.name, "status": "Open"},
				"status",
				"Closed",
			)

	# ------------------------------------------------------------------ return visits
	def get_return_visit_due(self):
		"""The manual's deadlines: security facilities and other repairs within 2 days, water
		leaks within 3 days after the leak test, paid services by the 10th of the next month."""
		if not self.completed_at:
			return None
		settings = get_settings()
		if self.order_kind == PAID:
			return day_of_next_month(self.completed_at, settings.visit_paid_service_day or 10)
		if self.repair_category == "Water Leak":
			if not self.leak_test_at:
				return None
			return add_working_days(self.leak_test_at, settings.visit_water_leak_days or 3)
		if self.repair_category == "Security Facility":
			return add_working_days(self.completed_at, settings.visit_security_repair_days or 2)
		return add_working_days(self.completed_at, settings.visit_other_repair_days or 2)

	def validate_return_visit(self, visit) -> None:
		if visit.is_spot_check and self.status == "Closed":
			return
		if self.status == "Rework":
			frappe.throw(_("Service order {0} has an open rework: visit after it is done").format(self.name))
		if self.status not in VISITABLE:
			frappe.throw(
				_(
					"Service order {0} is {1}: a return visit comes after the work is completed and accepted"
				).format(self.name, _(self.status)),
				title=_("Not Completed"),
			)
		if self.repair_category == "Water Leak" and not self.leak_test_at:
			frappe.throw(_("Record the leak test of {0} before the return visit").format(self.name))

	def on_return_visit(self, visit) -> None:
		self.return_visit = visit.name
		if visit.satisfaction == "Dissatisfied":
			self.reopen(visit.reason)
		elif self.status == "Closed":
			self.save_step(ignore_permissions=True)
		else:
			self.set_closed()

	def on_return_visit_cancel(self, visit) -> None:
		if self.return_visit != visit.name:
			return
		if self.status in ("Closed", "Rework", "Escalated"):
			if self.status == "Rework":
				self.rework_count = max(self.rework_count - 1, 0)
			if self.status == "Escalated":
				self.escalated_to = self.escalated_at = None
			self.status = "Accepted"
			self.accepted_at = self.accepted_at or self.completed_at
			self.closed_at = None
		self.return_visit = frappe.db.get_value(
			"Return Visit",
			{
				"reference_doctype": self.doctype,
				"reference_name": self.name,
				"docstatus": 1,
				"name": ("!=", visit.name),
			},
			"name",
			order_by="visit_time desc",
		)
		self.save_step(ignore_permissions=True)

	# ------------------------------------------------------------------ guards
	def expect_status(self, *statuses: str) -> None:
		if self.status not in statuses:
			frappe.throw(
				_("Service order {0} is {1}: this step needs it to be {2}").format(
					self.name, _(self.status), " / ".join(_(s) for s in statuses)
				),
				title=_("Wrong Step"),
			)

	def expect_paid(self) -> None:
		if self.order_kind != PAID or not self.paid_service_rate:
			frappe.throw(_("Only a paid service order priced from the rate schedule has a price"))

	def check_technician(self) -> None:
		"""The dispatched technician records his own steps; supervisors and the desk may for him."""
		user = frappe.session.user
		if user in (self.technician, "Administrator") or set(SUPERVISORS) & set(frappe.get_roles(user)):
			return
		self.check_permission("write")
		if TECHNICIAN in frappe.get_roles(user) and user != self.technician:
			frappe.throw(
				_("Service order {0} is dispatched to {1}").format(self.name, self.technician),
				frappe.PermissionError,
			)


def same_value(old, new) -> bool:
	"""Unchanged as the database stores it: empty is empty, 1 is "1", a datetime its string."""
	if not old and not new:
		return True
	if isinstance(old, (int, float)) and not isinstance(old, bool):
		return flt(old) == flt(new)
	if isinstance(old, datetime):
		return bool(new) and old == get_datetime(new)
	return cstr(old) == cstr(new)


def price_range(rate: str) -> tuple[float, float]:
	pricing, price, low, high = frappe.db.get_value(
		"Paid Service Rate", rate, ["pricing", "price", "min_price", "max_price"]
	)
	if pricing == "Price Range":
		return flt(low), flt(high)
	return flt(price), flt(price)


@frappe.whitelist()
def get_billable_service_orders(estate: str, from_date, to_date) -> list[dict]:
	"""Paid service orders charged in the period (accepted by the customer), with the order's
	number and amount: what the month's bills carry, through each order's Unit Charge. An order
	reopened after it was charged stays on the bill it is on."""
	frappe.has_permission("Service Order", "read", throw=True)
	so = frappe.qb.DocType("Service Order")
	uc = frappe.qb.DocType("Unit Charge")
	return (
		frappe.qb.from_(so)
		.join(uc)
		.on(uc.name == so.unit_charge)
		.select(
			so.name,
			so.unit,
			so.building,
			so.requester_name,
			so.paid_service_rate,
			so.price,
			so.accepted_at,
			so.status,
			so.unit_charge,
			uc.item,
			uc.amount,
			uc.charge_date,
			uc.payer,
			uc.status.as_("charge_status"),
			uc.sales_invoice,
		)
		.where(so.estate == estate)
		.where(so.order_kind == PAID)
		.where(uc.charge_date[getdate(from_date) : getdate(to_date)])
		.orderby(uc.charge_date)
		.orderby(so.name)
	).run(as_dict=True)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def technician_query(doctype, txt, searchfield, start, page_len, filters):
	"""Users a service order can be dispatched to: technicians and maintenance supervisors."""
	if not frappe.has_permission("Service Order", "read"):
		return []
	return users_with_roles_search(
		(TECHNICIAN, MAINTENANCE_SUPERVISOR), txt, start, page_len, order_by="full_name"
	)


def customer_service_managers(estate: str) -> list[str]:
	"""The customer-service managers of the estate (those not restricted to other estates): a failed
	rework is escalated to the first, damage to a customer's property is reported to all."""
	return [user for user in users_with_role(CS_MANAGER) if estate_allowed(estate, user)]
