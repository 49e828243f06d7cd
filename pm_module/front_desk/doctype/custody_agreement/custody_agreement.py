# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Custody of a vacant unit (空置托管).

The owner of a vacant unit signs a custody agreement; the water and electricity meters are read;
while in custody the unit's property fee is billed at the settings' custody percentage (the billing
reads the unit status "Custody"). The assistants patrol the unit weekly and before and after heavy
rain; a meter that moves more than the settings allow (5 m³ water / 20 kWh) raises an alarm to the
building's assistants.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, flt, formatdate, getdate, now_datetime, today

from pm_module.estate.register import get_owner
from pm_module.estate.utils import get_settings
from pm_module.front_desk.residency import (
	active_custody,
	building_assistants,
	cancel_meter_readings,
	get_unit_of_estate,
	set_unit_status,
	submit_meter_readings,
	validate_meter_rows,
)
from pm_module.jobs import BATCH_SIZE, enqueue_batches, for_each
from pm_module.notifications import notify

CUSTODY, VACANT = "Custody", "Vacant"
PATROL_EVERY_DAYS = 7
ALARM_SETTINGS = {"Water": "custody_water_alarm", "Electricity": "custody_electricity_alarm"}


class CustodyAgreement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.custody_meter_alarm.custody_meter_alarm import CustodyMeterAlarm
		from pm_module.front_desk.doctype.custody_patrol.custody_patrol import CustodyPatrol
		from pm_module.front_desk.doctype.handover_meter_reading.handover_meter_reading import (
			HandoverMeterReading,
		)

		agreement_file: DF.Attach | None
		alarms: DF.Table[CustodyMeterAlarm]
		amended_from: DF.Link | None
		building: DF.Link | None
		end_date: DF.Date | None
		ended_on: DF.Date | None
		estate: DF.Link
		keys_received: DF.Check
		last_patrol_date: DF.Date | None
		meter_alarm: DF.Check
		meter_readings: DF.Table[HandoverMeterReading]
		naming_series: DF.Literal["CA-.YYYY.-.#####"]
		next_patrol_due: DF.Date | None
		owner_name: DF.Data | None
		owner_resident: DF.Link | None
		patrols: DF.Table[CustodyPatrol]
		remarks: DF.SmallText | None
		start_date: DF.Date
		status: DF.Literal["Draft", "Active", "Ended", "Cancelled"]
		unit: DF.Link
	# end: auto-generated types

	def validate(self):
		unit = get_unit_of_estate(self.unit, self.estate)
		if unit.status != VACANT:
			frappe.throw(
				_("Unit {0} is {1}: only a vacant unit can be taken into custody").format(
					frappe.bold(self.unit), _(unit.status)
				),
				title=_("Unit Not Vacant"),
			)
		other = active_custody(self.unit)
		if other and other != self.name:
			frappe.throw(_("Unit {0} is already in custody under {1}").format(self.unit, other))
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The custody cannot end before it starts"))
		self.owner_resident = get_owner(self.unit, self.start_date)
		if not self.owner_resident:
			frappe.throw(
				_("Unit {0} has no registered owner on {1}: the owner signs the custody agreement").format(
					self.unit, formatdate(self.start_date)
				)
			)
		self.owner_name = frappe.db.get_value("Resident", self.owner_resident, "resident_name")
		validate_meter_rows(self.meter_readings, self.unit, require_all=False)
		self.status = "Draft"
		self.update_patrol_dates()

	def before_submit(self):
		if not self.agreement_file:
			frappe.throw(_("Attach the custody agreement signed by the owner"), title=_("Agreement Missing"))
		validate_meter_rows(self.meter_readings, self.unit, require_all=True)
		self.status = "Active"

	def on_submit(self):
		submit_meter_readings(self.meter_readings, self.start_date, _("Custody {0}").format(self.name))
		set_unit_status(self.unit, CUSTODY)

	def before_update_after_submit(self):
		self.update_patrol_dates()

	def on_cancel(self):
		cancel_meter_readings(self.meter_readings)
		if self.status == "Active":
			set_unit_status(self.unit, VACANT)
		self.db_set("status", "Cancelled")

	def update_patrol_dates(self):
		for patrol in self.patrols:
			if getdate(patrol.patrol_date) > getdate(today()):
				frappe.throw(_("Row {0}: a patrol cannot be recorded in the future").format(patrol.idx))
			if getdate(patrol.patrol_date) < getdate(self.start_date):
				frappe.throw(_("Row {0}: the patrol is dated before the custody began").format(patrol.idx))
		dates = [getdate(p.patrol_date) for p in self.patrols]
		self.last_patrol_date = max(dates) if dates else None
		self.next_patrol_due = add_days(self.last_patrol_date or self.start_date, PATROL_EVERY_DAYS)

	@frappe.whitelist()
	def record_patrol(
		self,
		patrol_date: str | None = None,
		findings: str | None = None,
		pre_storm: int = 0,
		owner_notified: int = 0,
	) -> None:
		"""The assistant's weekly (or pre-storm) patrol of the unit, recorded from the form's button."""
		frappe.has_permission(self.doctype, "write", self, throw=True)
		if self.status != "Active":
			frappe.throw(_("Patrols are recorded while the custody is active"))
		self.append(
			"patrols",
			{
				"patrol_date": patrol_date or today(),
				"patrolled_by": frappe.session.user,
				"findings": findings,
				"pre_storm": frappe.utils.cint(pre_storm),
				"owner_notified": frappe.utils.cint(owner_notified),
			},
		)
		# updating a submitted agreement needs the right to submit; the assistant needs only this
		self.save(ignore_permissions=True)

	@frappe.whitelist()
	def end_custody(self, end_date: str | None = None) -> None:
		"""The owner takes the unit back: it is vacant again and billed at the vacancy rate."""
		frappe.has_permission(self.doctype, "submit", self, throw=True)
		if self.status != "Active":
			frappe.throw(_("Only an active custody can end"))
		end_date = getdate(end_date or today())
		if end_date < getdate(self.start_date):
			frappe.throw(_("The custody cannot end before it starts"))
		self.status, self.ended_on = "Ended", end_date
		self.save()
		if frappe.db.get_value("Unit", self.unit, "status") == CUSTODY:
			set_unit_status(self.unit, VACANT)

	# The meter-movement alarm ---------------------------------------------------------------------

	def check_meter(self, reading) -> bool:
		"""Raise the alarm when the meter moved more than allowed since the custody began."""
		setting = ALARM_SETTINGS.get(reading.meter_type)
		threshold = flt(get_settings().get(setting)) if setting else 0
		if not threshold or getdate(reading.reading_date) <= getdate(self.start_date):
			return False
		movement = flt(
			frappe.db.sql(
				"""select sum(consumption) from `tabMeter Reading`
				where meter=%s and docstatus=1 and reading_date > %s and reading_date <= %s""",
				(reading.meter, self.start_date, reading.reading_date),
			)[0][0]
		)
		if movement <= threshold or any(a.meter_reading == reading.name for a in self.alarms):
			return False
		self.append(
			"alarms",
			{
				"meter": reading.meter,
				"meter_type": reading.meter_type,
				"meter_reading": reading.name,
				"reading_date": reading.reading_date,
				"movement": movement,
				"threshold": threshold,
				"raised_on": now_datetime(),
			},
		)
		self.meter_alarm = 1
		self.save(ignore_permissions=True)  # raised by whoever submits the reading
		subject = _("Meter movement in vacant unit {0} in custody: {1} moved {2} (alarm above {3})").format(
			self.unit, reading.meter, flt(movement, 3), threshold
		)
		notify(building_assistants(self.building), self, subject)
		reading.add_comment("Comment", subject)
		return True


def check_custody_meter_movement(doc, method=None) -> None:
	"""Meter Reading on_submit: a reading of a unit in custody may raise the movement alarm."""
	if not doc.unit or frappe.db.get_value("Unit", doc.unit, "status") != CUSTODY:
		return
	agreement = active_custody(doc.unit)
	if agreement:
		frappe.get_doc("Custody Agreement", agreement).check_meter(doc)


def remind_due_patrols(on_date=None, batch_size: int = BATCH_SIZE) -> list[str]:
	"""Daily: the assistants of each building are reminded of the custody units whose weekly patrol
	is due (once a day per agreement), in batches (remind_patrols). Returns the agreements reminded
	of here (tests, a single batch)."""
	on_date = str(getdate(on_date or today()))
	due = frappe.get_all(
		"Custody Agreement",
		filters={"docstatus": 1, "status": "Active", "next_patrol_due": ("<=", on_date)},
		pluck="name",
		order_by="name",
	)
	return enqueue_batches(
		"pm_module.front_desk.doctype.custody_agreement.custody_agreement.remind_patrols",
		due,
		job_key="custody-patrols",
		batch_size=batch_size,
		on_date=on_date,
	)


def remind_patrols(names: list[str], on_date: str) -> list[str]:
	"""One batch: each agreement still due for a patrol whose assistants were not reminded today."""

	def remind(name: str) -> bool:
		row = frappe.db.get_value(
			"Custody Agreement",
			{"name": name, "docstatus": 1, "status": "Active", "next_patrol_due": ("<=", on_date)},
			["name", "unit", "building", "next_patrol_due"],
			as_dict=True,
		)
		if not row:
			return False  # patrolled or ended since it was found
		subject = _("Weekly patrol of unit {0} in custody is due (since {1})").format(
			row.unit, formatdate(row.next_patrol_due)
		)
		already = frappe.db.exists(
			"Notification Log",
			{
				"document_type": "Custody Agreement",
				"document_name": row.name,
				"subject": subject,
				"creation": (">=", on_date),
			},
		)
		if already:
			return False
		notify(
			building_assistants(row.building),
			frappe._dict(doctype="Custody Agreement", name=row.name),
			subject,
		)
		return True

	return for_each(names, remind, _("Custody patrol reminder"), "Custody Agreement")
