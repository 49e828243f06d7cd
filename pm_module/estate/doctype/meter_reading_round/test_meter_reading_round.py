# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, get_first_day, today

from pm_module.estate.reading_rounds import remind_due_rounds
from pm_module.tests.utils import (
	PMTestCase,
	make_building,
	make_meter,
	make_reading,
	make_unit,
	position_user,
	render_print_format,
)

test_ignore = ["Company", "Cost Center", "Resident"]
SETTINGS = "Property Management Settings"


def days_ago(n: int) -> str:
	return add_days(today(), -n)


def make_round(building: str, reading_date=None, readings: dict | None = None, **kwargs):
	"""A draft round of the building (filled with its meters on insert), with `readings`
	{meter: new reading or a dict of row values} entered and saved."""
	doc = frappe.get_doc(
		{
			"doctype": "Meter Reading Round",
			"estate": frappe.db.get_value("Building", building, "estate"),
			"building": building,
			"reading_date": reading_date or today(),
			**kwargs,
		}
	).insert()
	if readings:
		for row in doc.items:
			value = readings.get(row.meter)
			if isinstance(value, dict):
				row.update(value)
			elif value is not None:
				row.new_reading = str(value)
		doc.save()
	return doc


class TestMeterReadingRound(PMTestCase):
	def setUp(self):
		self.building = make_building("R")
		self.units = [make_unit(n, self.building) for n in ("0101", "0102", "0103")]
		self.meters = [make_meter(u, "Water", max_reading=100000).name for u in self.units]
		for meter, start in zip(self.meters, (100, 200, 300), strict=True):
			make_reading(meter, start, days_ago(60))

	def readings_of(self, meter):
		return frappe.get_all(
			"Meter Reading",
			filters={"meter": meter, "docstatus": 1},
			fields=["name", "reading", "consumption", "reading_date"],
			order_by="reading_date desc",
		)

	def test_round_lists_every_active_meter_with_its_last_reading(self):
		inactive = make_meter(make_unit("0104", self.building), "Water")
		inactive.db_set("is_active", 0)
		common = frappe.get_doc(
			{
				"doctype": "Meter",
				"meter_type": "Electricity",
				"scope": "Common Area",
				"estate": frappe.db.get_value("Building", self.building, "estate"),
				"building": self.building,
				"location": "B1 pump room",
			}
		).insert()
		doc = make_round(self.building)
		meters = [row.meter for row in doc.items]
		self.assertEqual(meters, [*self.meters, common.name])
		first = doc.items[0]
		self.assertEqual((first.unit, first.meter_type, first.last_reading), (self.units[0], "Water", 100))
		self.assertEqual(str(first.last_reading_date), days_ago(60))
		self.assertEqual(doc.meter_count, 4)
		# Get Meters again keeps what was entered
		doc.items[0].new_reading = "112"
		doc.get_meters()
		self.assertEqual(doc.items[0].new_reading, "112")
		self.assertEqual(doc.items[0].consumption, 12)

	def test_submit_creates_one_reading_per_meter_read(self):
		doc = make_round(self.building, readings={self.meters[0]: 112.5, self.meters[1]: 230})
		self.assertEqual([row.consumption for row in doc.items], [12.5, 30, 0])
		doc.submit()
		for row, consumption in zip(doc.items[:2], (12.5, 30), strict=True):
			last = self.readings_of(row.meter)[0]
			self.assertEqual(row.meter_reading, last.name)
			self.assertEqual(str(last.reading_date), today())
			self.assertAlmostEqual(last.consumption, consumption)
			self.assertEqual(
				frappe.db.get_value("Meter", row.meter, "last_reading_date").isoformat(), today()
			)
		# the meter left blank is skipped and listed
		self.assertEqual(len(self.readings_of(self.meters[2])), 1)
		self.assertEqual(doc.skipped_meters, self.meters[2])
		# submitted: not edited
		doc.reload()
		doc.items[0].new_reading = "999"
		self.assertRaises(frappe.ValidationError, doc.save)
		# cancelling the round cancels its readings
		doc.reload()
		doc.cancel()
		self.assertEqual(len(self.readings_of(self.meters[0])), 1)
		self.assertEqual(frappe.db.get_value("Meter", self.meters[0], "last_reading"), 100)
		# amended, it is counted from the meters' last readings again and submitted
		amended = frappe.copy_doc(doc, ignore_no_copy=False)
		amended.update({"amended_from": doc.name, "docstatus": 0})
		amended.insert()
		self.assertEqual([row.new_reading for row in amended.items], ["112.5", "230", None])
		self.assertEqual(amended.items[0].last_meter_reading, self.readings_of(self.meters[0])[0].name)
		amended.submit()
		self.assertAlmostEqual(self.readings_of(self.meters[0])[0].consumption, 12.5)

	def test_round_of_a_whole_estate(self):
		estate = frappe.db.get_value("Building", self.building, "estate")
		common = frappe.get_doc(
			{"doctype": "Meter", "meter_type": "Water", "scope": "Common Area", "estate": estate}
		).insert()
		doc = frappe.get_doc(
			{"doctype": "Meter Reading Round", "estate": estate, "reading_date": today()}
		).insert()
		meters = [row.meter for row in doc.items]
		self.assertTrue({*self.meters, common.name} <= set(meters))
		# the common meters after the units'
		self.assertGreater(meters.index(common.name), max(meters.index(m) for m in self.meters))

	def test_roll_over_and_replacement_in_a_round(self):
		make_reading(self.meters[0], 99990, days_ago(30))
		doc = make_round(
			self.building,
			readings={
				self.meters[0]: {"new_reading": "15", "reading_type": "Roll-over"},
				self.meters[1]: {
					"new_reading": "4",
					"reading_type": "Meter Replacement",
					"old_meter_final_reading": 210,
					"new_meter_start_reading": 0,
				},
			},
		)
		self.assertEqual([row.consumption for row in doc.items[:2]], [25, 14])
		self.assertFalse(doc.items[0].flag)
		doc.submit()
		self.assertAlmostEqual(self.readings_of(self.meters[0])[0].consumption, 25)
		self.assertAlmostEqual(self.readings_of(self.meters[1])[0].consumption, 14)

	def test_one_bad_reading_refuses_the_whole_round(self):
		doc = make_round(
			self.building, readings={self.meters[0]: 112, self.meters[1]: 150, self.meters[2]: 310}
		)
		self.assertEqual(doc.items[1].flag, "Going Backwards")
		with self.assertRaises(frappe.ValidationError) as refused:
			doc.submit()
		self.assertIn(self.meters[1], str(refused.exception))
		for meter in self.meters:
			self.assertEqual(len(self.readings_of(meter)), 1)
		self.assertEqual(frappe.db.get_value("Meter Reading Round", doc.name, "docstatus"), 0)

	def test_refusal_inside_meter_reading_rolls_back_the_readings_made(self):
		# a roll-over on a meter without roll-over value: the preview cannot tell, Meter Reading refuses
		meter = make_meter(make_unit("0105", self.building), "Water").name
		make_reading(meter, 500, days_ago(60))
		doc = make_round(
			self.building,
			readings={self.meters[0]: 112, meter: {"new_reading": "3", "reading_type": "Roll-over"}},
		)
		with self.assertRaises(frappe.ValidationError) as refused:
			doc.submit()
		self.assertIn(meter, str(refused.exception))
		self.assertEqual(len(self.readings_of(self.meters[0])), 1)
		self.assertEqual(frappe.db.get_value("Meter Reading Round", doc.name, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value("Meter", self.meters[0], "last_reading"), 100)

	def test_future_date_refused(self):
		self.assertRaises(frappe.ValidationError, make_round, self.building, add_days(today(), 1))

	def test_second_round_for_the_same_meters_and_date_refused(self):
		make_round(self.building, readings={self.meters[0]: 112}).submit()
		with self.assertRaises(frappe.ValidationError) as refused:
			make_round(self.building, readings={self.meters[0]: 113})
		self.assertIn(self.meters[0], str(refused.exception))
		# another meter of the building the first round did not read can still be read that day
		make_round(self.building, readings={self.meters[1]: 230}).submit()

	def test_meter_read_elsewhere_after_fetch_refuses_submit(self):
		doc = make_round(self.building, readings={self.meters[0]: 112, self.meters[1]: 230})
		make_reading(self.meters[0], 105, days_ago(10))
		with self.assertRaises(frappe.ValidationError) as refused:
			doc.submit()
		self.assertIn(self.meters[0], str(refused.exception))
		self.assertEqual(len(self.readings_of(self.meters[1])), 1)
		# refreshed, the round goes through, counted from the new last reading
		doc.reload()
		doc.get_meters()
		self.assertEqual(doc.items[0].last_reading, 105)
		doc.save()
		doc.submit()
		self.assertAlmostEqual(self.readings_of(self.meters[0])[0].consumption, 7)

	def test_flags(self):
		frappe.db.set_value("Unit", self.units[0], "status", "Occupied")
		frappe.db.set_value("Unit", self.units[1], "status", "Vacant")
		# meter 3 has used 10 a month on average
		make_reading(self.meters[2], 310, days_ago(45))
		make_reading(self.meters[2], 320, days_ago(30))
		doc = make_round(
			self.building, readings={self.meters[0]: 100, self.meters[1]: 200, self.meters[2]: 351}
		)
		self.assertEqual(
			[row.flag or None for row in doc.items], ["Zero Consumption", None, "High Consumption"]
		)
		self.assertEqual(doc.flagged_count, 2)
		doc.items[2].new_reading = "350"  # exactly three times: not flagged
		doc.save()
		self.assertFalse(doc.items[2].flag)
		# warnings do not stop the submit
		doc.submit()
		self.assertEqual(self.readings_of(self.meters[0])[0].consumption, 0)

	def test_assistant_submits_a_round_of_their_building(self):
		frappe.set_user(position_user("Customer Service Assistant"))
		doc = make_round(self.building, readings={self.meters[0]: 112})
		doc.submit()
		self.assertEqual(self.readings_of(self.meters[0])[0].name, doc.items[0].meter_reading)

	def test_reading_sheet_prints(self):
		doc = make_round(self.building)
		html = render_print_format("Meter Reading Sheet", doc)
		self.assertIn("抄表单", html)
		for meter in self.meters:
			self.assertIn(meter, html)

	def test_reminder_once_a_day_from_the_reading_day(self):
		assistant = position_user("Customer Service Assistant")
		frappe.db.set_single_value(SETTINGS, "meter_reading_day", 28)
		frappe.clear_document_cache(SETTINGS, SETTINGS)
		try:

			def notices():
				return frappe.db.count(
					"Notification Log",
					{"for_user": assistant, "document_type": "Building", "document_name": self.building},
				)

			before = notices()
			self.assertNotIn(self.building, remind_due_rounds(get_first_day(today())))
			frappe.db.set_single_value(SETTINGS, "meter_reading_day", 1)
			frappe.clear_document_cache(SETTINGS, SETTINGS)
			self.assertIn(self.building, remind_due_rounds(today()))
			self.assertEqual(notices(), before + 1)
			self.assertNotIn(self.building, remind_due_rounds(today()))  # once a day
			self.assertEqual(notices(), before + 1)
			# the month's round is submitted: no more reminders
			make_round(self.building, readings={self.meters[0]: 112}).submit()
			frappe.db.delete("Notification Log", {"document_name": self.building})
			self.assertNotIn(self.building, remind_due_rounds(today()))
		finally:
			frappe.db.rollback()
			frappe.clear_document_cache(SETTINGS, SETTINGS)
