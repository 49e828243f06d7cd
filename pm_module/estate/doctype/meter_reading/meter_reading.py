# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, formatdate, getdate, today

NORMAL, BASE, ROLL_OVER, REPLACEMENT = "Normal", "Base Reading", "Roll-over", "Meter Replacement"


class MeterReading(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		consumption: DF.Float
		estate: DF.Link | None
		meter: DF.Link
		meter_type: DF.Data | None
		multiplier: DF.Float
		new_meter_start_reading: DF.Float
		old_meter_final_reading: DF.Float
		previous_reading: DF.Float
		previous_reading_date: DF.Date | None
		read_by: DF.Link | None
		reading: DF.Float
		reading_date: DF.Date
		reading_type: DF.Literal["Normal", "Base Reading", "Roll-over", "Meter Replacement"]
		remarks: DF.SmallText | None
		sales_invoice: DF.Link | None
		unit: DF.Link | None
	# end: auto-generated types
	"""A submitted reading is a link in the meter's chain: each one's consumption is counted from
	the one before, so readings are only added after the last one and cancelled from the end."""

	def validate(self):
		if getdate(self.reading_date) > getdate(today()):
			frappe.throw(
				_("A reading cannot be dated in the future ({0})").format(formatdate(self.reading_date)),
				title=_("Invalid Date"),
			)
		meter = frappe.db.get_value(
			"Meter", self.meter, ["is_active", "multiplier", "max_reading"], as_dict=True
		)
		if not meter.is_active:
			frappe.throw(_("Meter {0} is not active").format(frappe.bold(self.meter)))
		self.multiplier = meter.multiplier
		self.set_previous_reading()
		self.consumption = flt(
			self.raw_consumption(meter.max_reading) * flt(self.multiplier), self.precision("consumption")
		)

	def set_previous_reading(self):
		previous = self.get_last_submitted_reading()
		if not previous:
			if self.reading_type not in (NORMAL, BASE):
				frappe.throw(_("The first reading of meter {0} must be a base reading").format(self.meter))
			self.reading_type, self.previous_reading, self.previous_reading_date = BASE, 0, None
			return
		if self.reading_type == BASE:
			frappe.throw(
				_(
					"Meter {0} already has readings; a base reading is only for its first reading. Use Meter Replacement for a new meter."
				).format(self.meter)
			)
		if getdate(self.reading_date) <= getdate(previous.reading_date):
			frappe.throw(
				_(
					"Meter {0} was last read on {1}; a new reading must be dated after it (cancel the later readings to correct an earlier one)"
				).format(self.meter, formatdate(previous.reading_date)),
				title=_("Reading Out of Order"),
			)
		self.previous_reading, self.previous_reading_date = previous.reading, previous.reading_date

	def get_last_submitted_reading(self):
		rows = frappe.get_all(
			"Meter Reading",
			filters={"meter": self.meter, "docstatus": 1, "name": ("!=", self.name or "")},
			fields=["name", "reading", "reading_date"],
			order_by="reading_date desc, creation desc",
			limit=1,
		)
		return rows[0] if rows else None

	def raw_consumption(self, roll_over_value: float) -> float:
		"""Register units consumed since the previous reading, before the multiplier."""
		reading, previous = flt(self.reading), flt(self.previous_reading)
		if self.reading_type == BASE:
			return 0
		if self.reading_type == REPLACEMENT:
			if flt(self.old_meter_final_reading) < previous:
				frappe.throw(
					_("The old meter's final reading {0} is below its previous reading {1}").format(
						self.old_meter_final_reading, previous
					)
				)
			if reading < flt(self.new_meter_start_reading):
				frappe.throw(
					_("The reading {0} is below the new meter's start reading {1}").format(
						reading, self.new_meter_start_reading
					)
				)
			return flt(self.old_meter_final_reading) - previous + reading - flt(self.new_meter_start_reading)
		if self.reading_type == ROLL_OVER:
			if not roll_over_value:
				frappe.throw(
					_("Set the roll-over value on meter {0} before recording a roll-over").format(self.meter)
				)
			if reading >= previous or reading >= flt(roll_over_value):
				frappe.throw(
					_(
						"A roll-over reading must be below both the previous reading {0} and the roll-over value {1}"
					).format(previous, roll_over_value)
				)
			return flt(roll_over_value) - previous + reading
		if reading < previous:
			frappe.throw(
				_(
					"Reading {0} is lower than the previous reading {1} of {2}. If the register rolled over or the meter was replaced, choose that reading type."
				).format(reading, previous, formatdate(self.previous_reading_date)),
				title=_("Meter Going Backwards"),
			)
		return reading - previous

	def on_submit(self):
		frappe.get_doc("Meter", self.meter).refresh_last_reading()

	def before_cancel(self):
		billed = billing_invoices(self.name, self.unit)
		if billed:
			frappe.throw(
				_(
					"Meter reading {0} is billed on invoice {1}: cancel that invoice first (or amend it), then cancel the reading"
				).format(self.name, ", ".join(frappe.bold(i.name) for i in billed)),
				title=_("Reading Billed"),
			)
		later = frappe.db.get_value(
			"Meter Reading", {"meter": self.meter, "docstatus": 1, "reading_date": (">", self.reading_date)}
		)
		if later:
			frappe.throw(
				_("Cancel the later reading {0} of meter {1} first").format(frappe.bold(later), self.meter)
			)

	def on_cancel(self):
		frappe.get_doc("Meter", self.meter).refresh_last_reading()


# Billed readings: an invoice lists the readings it bills (pm_meter_readings) --------------------------


def billing_invoices(reading: str, unit: str | None = None) -> list[dict]:
	"""The submitted invoices that bill (a payer's share of) `reading`."""
	filters = {"docstatus": 1, "is_return": 0, "pm_meter_readings": ("like", f'%"{reading}"%')}
	if unit:
		filters["pm_unit"] = unit
	return frappe.get_all("Sales Invoice", filters=filters, fields=["name", "pm_resident"])


def mark_billed_readings(doc, method=None):
	"""Sales Invoice on_submit: a reading whose every payer's share is billed now points at this
	invoice (in the invoice's transaction)."""
	from pm_module.billing.charges import invoice_readings

	for entry in invoice_readings(doc.get("pm_meter_readings")):
		payers = set(entry.get("payers") or [doc.pm_resident])
		# shared by payers: billed when every one's share is
		if payers != {doc.pm_resident} and not payers <= {
			i.pm_resident for i in billing_invoices(entry["name"], doc.pm_unit)
		}:
			continue
		frappe.db.set_value("Meter Reading", entry["name"], "sales_invoice", doc.name, update_modified=False)


def release_billed_readings(doc, method=None):
	"""Sales Invoice on_cancel: the readings it billed are billed no more (to its payer): the next
	billing run bills them again."""
	from pm_module.billing.charges import invoice_readings

	names = [entry["name"] for entry in invoice_readings(doc.get("pm_meter_readings"))]
	if names:
		frappe.db.set_value(
			"Meter Reading", {"name": ("in", names)}, "sales_invoice", None, update_modified=False
		)
