# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, formatdate, getdate, today

NORMAL, ROLL_OVER, REPLACEMENT = "Normal", "Roll-over", "Meter Replacement"
BACKWARDS, ZERO, HIGH = "Going Backwards", "Zero Consumption", "High Consumption"
HIGH_FACTOR = 3  # a consumption above three times the meter's average is flagged
AVERAGE_OVER = 12  # the average is that of the meter's last twelve consumptions
SAVEPOINT = "meter_reading_round"


class MeterReadingRound(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.estate.doctype.meter_reading_round_item.meter_reading_round_item import (
			MeterReadingRoundItem,
		)

		amended_from: DF.Link | None
		building: DF.Link | None
		estate: DF.Link
		flagged_count: DF.Int
		items: DF.Table[MeterReadingRoundItem]
		meter_count: DF.Int
		meter_type: DF.Literal["", "Water", "Electricity", "Gas"]
		read_by: DF.Link | None
		read_count: DF.Int
		reading_date: DF.Date
		remarks: DF.SmallText | None
		skipped_meters: DF.SmallText | None
	# end: auto-generated types
	"""The reader's list of every active meter of a building (or estate) with its last reading.

	The new readings are typed into the grid (or onto the printed 抄表单 and then into the grid);
	submitting the round submits one Meter Reading per meter read, all or none."""

	def validate(self):
		if self.reading_date and getdate(self.reading_date) > getdate(today()):
			frappe.throw(
				_("A reading round cannot be dated in the future ({0})").format(
					formatdate(self.reading_date)
				),
				title=_("Invalid Date"),
			)
		self.read_by = self.read_by or frappe.session.user
		if self.building:
			self.estate = frappe.db.get_value("Building", self.building, "estate")
		if self.is_new() and (not self.items or self.amended_from):
			self.fill_meters()  # an amended round counts from the meters' last readings again
		self.check_rows()
		self.set_consumption()
		self.check_no_other_round()
		self.set_summary()

	# Meters ------------------------------------------------------------------------------------

	@frappe.whitelist()
	def get_meters(self):
		"""Button Get Meters: (re)fill the draft with the active meters and their last readings,
		keeping the new readings already entered."""
		self.check_permission("create" if self.is_new() else "write")
		if self.docstatus != 0:
			frappe.throw(_("Only a draft round is filled again"))
		self.fill_meters()
		self.set_consumption()
		self.set_summary()

	def fill_meters(self):
		if self.building:
			self.estate = frappe.db.get_value("Building", self.building, "estate")
		if not self.estate:
			return
		filters = {"is_active": 1, "estate": self.estate}
		if self.building:
			filters["building"] = self.building
		if self.meter_type:
			filters["meter_type"] = self.meter_type
		meters = frappe.get_all(
			"Meter",
			filters=filters,
			fields=["name", "unit", "meter_type", "location", "multiplier", "max_reading"],
			order_by="name",
		)
		# the units' meters by unit, then the common meters
		meters.sort(key=lambda m: (not m.unit, m.unit or "", m.meter_type, m.name))
		entered = {row.meter: row for row in self.items}
		history = meter_history([m.name for m in meters])
		self.set("items", [])
		for meter in meters:
			row = self.append("items", {"meter": meter.name})
			self.set_meter_details(row, meter, history.get(meter.name))
			if old := entered.get(meter.name):
				for field in (
					"new_reading",
					"reading_type",
					"old_meter_final_reading",
					"new_meter_start_reading",
					"remarks",
				):
					row.set(field, old.get(field))

	def set_meter_details(self, row, meter, history):
		history = history or frappe._dict(last=None, average=0)
		last = history.last
		row.update(
			{
				"unit": meter.unit,
				"meter_type": meter.meter_type,
				"location": meter.location,
				"multiplier": flt(meter.multiplier) or 1,
				"max_reading": meter.max_reading,
				"last_reading": last.reading if last else 0,
				"last_reading_date": last.reading_date if last else None,
				"last_meter_reading": last.name if last else None,
				"average_consumption": history.average,
			}
		)

	def check_rows(self):
		"""Rows added by hand get their meter's details; every meter belongs to the round, once."""
		seen = set()
		for row in self.items:
			if row.meter in seen:
				frappe.throw(_("Meter {0} is listed twice in row {1}").format(row.meter, row.idx))
			seen.add(row.meter)
			meter = frappe.db.get_value(
				"Meter",
				row.meter,
				[
					"name",
					"unit",
					"meter_type",
					"location",
					"multiplier",
					"max_reading",
					"estate",
					"building",
					"is_active",
				],
				as_dict=True,
			)
			if (
				not meter
				or meter.estate != self.estate
				or (self.building and meter.building != self.building)
			):
				frappe.throw(
					_("Meter {0} in row {1} is not a meter of {2}").format(
						row.meter, row.idx, self.building or self.estate
					)
				)
			if not meter.is_active:
				frappe.throw(_("Meter {0} is not active").format(frappe.bold(row.meter)))
			if not row.meter_type:
				self.set_meter_details(row, meter, meter_history([row.meter]).get(row.meter))
			row.reading_type = row.reading_type or NORMAL
			row.occupied = int(
				bool(row.unit) and frappe.db.get_value("Unit", row.unit, "status") == "Occupied"
			)

	# Consumption preview and flags ----------------------------------------------------------------

	def set_consumption(self):
		for row in self.items:
			row.new_reading = (row.new_reading or "").strip() or None
			reading = parse_reading(row)
			row.consumption, row.flag = 0, None
			if reading is None:
				continue
			if not row.last_meter_reading:
				continue  # the meter's first reading: its base reading, no consumption
			raw = raw_consumption(row, reading)
			if raw is None:
				row.flag = BACKWARDS
				continue
			row.consumption = flt(raw * (flt(row.multiplier) or 1), row.precision("consumption"))
			if row.consumption == 0 and row.occupied:
				row.flag = ZERO
			elif flt(row.average_consumption) > 0 and row.consumption > HIGH_FACTOR * flt(
				row.average_consumption
			):
				row.flag = HIGH

	def set_summary(self):
		read = [row for row in self.items if row.new_reading]
		self.meter_count = len(self.items)
		self.read_count = len(read)
		self.flagged_count = len([row for row in self.items if row.flag])

	def check_no_other_round(self):
		"""A meter is read once a day: no other submitted round of the date has read it."""
		meters = [row.meter for row in self.items if row.new_reading]
		if not meters or not self.reading_date:
			return
		other = frappe.db.sql(
			"""select r.name, i.meter from `tabMeter Reading Round Item` i
			join `tabMeter Reading Round` r on r.name = i.parent
			where r.docstatus = 1 and r.reading_date = %s and r.name != %s
				and ifnull(i.meter_reading, '') != '' and i.meter in %s
			limit 1""",
			(self.reading_date, self.name or "", meters),
			as_dict=True,
		)
		if other:
			frappe.throw(
				_("Meter {0} was already read on {1} in the submitted round {2}").format(
					frappe.bold(other[0].meter), formatdate(self.reading_date), other[0].name
				),
				title=_("Duplicate Round"),
			)

	# Submit: one Meter Reading per meter read, all or none ------------------------------------------

	def before_submit(self):
		read = [row for row in self.items if row.new_reading]
		if not read:
			frappe.throw(_("Enter at least one new reading before submitting the round"))
		for row in read:
			if row.flag == BACKWARDS:
				frappe.throw(
					_(
						"The new reading {0} of meter {1} is lower than its last reading {2}. If the register rolled over or the meter was replaced, choose that reading type."
					).format(row.new_reading, frappe.bold(row.meter), row.last_reading),
					title=_("Meter Going Backwards"),
				)
		self.check_last_readings_unchanged(read)
		self.skipped_meters = "\n".join(row.meter for row in self.items if not row.new_reading) or None
		frappe.db.savepoint(SAVEPOINT)
		row = None
		try:
			for row in read:
				row.meter_reading = self.submit_reading(row)
		except frappe.ValidationError as e:
			frappe.db.rollback(save_point=SAVEPOINT)
			self.clear_created_links()
			frappe.throw(
				_("Meter {0}: {1}. Nothing of this round was submitted.").format(
					frappe.bold(row.meter), str(e) or _("the reading was refused")
				),
				title=_("Round Not Submitted"),
			)
		except Exception:
			frappe.db.rollback(save_point=SAVEPOINT)
			self.clear_created_links()
			raise

	def check_last_readings_unchanged(self, rows):
		"""A meter read (or replaced) elsewhere after the round fetched its last reading: refresh first."""
		history = meter_history([row.meter for row in rows])
		for row in rows:
			last = (history.get(row.meter) or frappe._dict()).last
			if (last.name if last else None) != (row.last_meter_reading or None):
				frappe.throw(
					_(
						"Meter {0} was read on {1} after this round fetched its last reading. Click Get Meters to refresh the round, check its new reading and submit again."
					).format(frappe.bold(row.meter), formatdate(last.reading_date) if last else "-"),
					title=_("Refresh the Round"),
				)

	def submit_reading(self, row) -> str:
		reading = frappe.get_doc(
			{
				"doctype": "Meter Reading",
				"meter": row.meter,
				"reading_date": self.reading_date,
				"reading_type": row.reading_type or NORMAL,
				"reading": parse_reading(row),
				"old_meter_final_reading": row.old_meter_final_reading,
				"new_meter_start_reading": row.new_meter_start_reading,
				"read_by": self.read_by,
				"remarks": "\n".join(
					s for s in (_("Meter Reading Round {0}").format(self.name), row.remarks) if s
				),
			}
		).insert()
		reading.submit()
		return reading.name

	def clear_created_links(self):
		for row in self.items:
			row.meter_reading = None

	def on_cancel(self):
		"""Cancelling the round cancels its readings (a billed reading refuses, with its message)."""
		for row in reversed(self.items):
			if (
				row.meter_reading
				and frappe.db.get_value("Meter Reading", row.meter_reading, "docstatus") == 1
			):
				reading = frappe.get_doc("Meter Reading", row.meter_reading)
				reading.ignore_linked_doctypes = ("Meter Reading Round",)
				reading.cancel()


def parse_reading(row) -> float | None:
	"""The row's new reading as a number; None when the meter was not read."""
	value = (row.new_reading or "").strip().replace(",", "").replace(",", "")
	if not value:
		return None
	try:
		reading = float(value)
	except ValueError:
		reading = -1
	if reading < 0 or reading != reading:
		frappe.throw(
			_("The new reading {0} of meter {1} is not a number").format(frappe.bold(value), row.meter)
		)
	return reading


def raw_consumption(row, reading: float) -> float | None:
	"""Register units since the last reading, as Meter Reading counts them; None when the reading
	went backwards without a roll-over or replacement."""
	last = flt(row.last_reading)
	if row.reading_type == REPLACEMENT:
		return max(flt(row.old_meter_final_reading) - last + reading - flt(row.new_meter_start_reading), 0)
	if row.reading_type == ROLL_OVER:
		if flt(row.max_reading) and reading < last:
			return flt(row.max_reading) - last + reading
		return 0
	if reading < last:
		return None
	return reading - last


def meter_history(meters: list[str]) -> dict:
	"""meter -> {last: the last submitted Meter Reading (name, reading, reading_date), average: the
	average of its last consumptions (base readings left out)}."""
	if not meters:
		return {}
	rows = frappe.get_all(
		"Meter Reading",
		filters={"meter": ("in", meters), "docstatus": 1},
		fields=["name", "meter", "reading", "reading_date", "reading_type", "consumption"],
		order_by="reading_date desc, creation desc",
	)
	history = {}
	for r in rows:
		h = history.setdefault(r.meter, frappe._dict(last=r, consumptions=[]))
		if r.reading_type != "Base Reading" and len(h.consumptions) < AVERAGE_OVER:
			h.consumptions.append(flt(r.consumption))
	for h in history.values():
		h.average = flt(sum(h.consumptions) / len(h.consumptions), 3) if h.consumptions else 0
	return history
