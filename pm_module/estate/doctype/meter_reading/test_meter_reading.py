# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, today

from pm_module.tests.utils import PMTestCase, make_meter, make_reading, make_unit

test_ignore = ["Company", "Cost Center", "Resident"]


def days_ago(n: int) -> str:
	return add_days(today(), -n)


class TestMeterReading(PMTestCase):
	def setUp(self):
		self.meter = make_meter(make_unit("0302"), "Water", max_reading=100000).name

	def test_first_reading_is_the_base(self):
		base = make_reading(self.meter, 1234.5, days_ago(60))
		self.assertEqual(base.reading_type, "Base Reading")
		self.assertEqual(base.consumption, 0)
		self.assertEqual(frappe.db.get_value("Meter", self.meter, "last_reading"), 1234.5)

	def test_consumption_from_previous_reading(self):
		make_reading(self.meter, 1234.5, days_ago(60))
		second = make_reading(self.meter, 1252.25, days_ago(30))
		self.assertEqual(second.previous_reading, 1234.5)
		self.assertEqual(str(second.previous_reading_date), days_ago(60))
		self.assertAlmostEqual(second.consumption, 17.75)

	def test_multiplier_applied(self):
		meter = make_meter(make_unit("0303"), "Electricity", multiplier=40).name
		make_reading(meter, 100, days_ago(30))
		self.assertEqual(make_reading(meter, 112.5, days_ago(1)).consumption, 500)

	def test_going_backwards_refused(self):
		make_reading(self.meter, 1234.5, days_ago(60))
		self.assertRaises(frappe.ValidationError, make_reading, self.meter, 1200, days_ago(30))

	def test_roll_over(self):
		make_reading(self.meter, 99990, days_ago(60))
		rolled = make_reading(self.meter, 15, days_ago(30), reading_type="Roll-over")
		self.assertEqual(rolled.consumption, 25)
		# not a roll-over when the register went up
		self.assertRaises(
			frappe.ValidationError, make_reading, self.meter, 20, days_ago(1), reading_type="Roll-over"
		)

	def test_roll_over_needs_the_roll_over_value(self):
		meter = make_meter(make_unit("0304"), "Water").name
		make_reading(meter, 99990, days_ago(60))
		self.assertRaises(
			frappe.ValidationError, make_reading, meter, 15, days_ago(30), reading_type="Roll-over"
		)

	def test_meter_replacement(self):
		make_reading(self.meter, 500, days_ago(60))
		replaced = make_reading(
			self.meter,
			7,
			days_ago(30),
			reading_type="Meter Replacement",
			old_meter_final_reading=510,
			new_meter_start_reading=0,
		)
		self.assertEqual(replaced.consumption, 17)
		self.assertRaises(
			frappe.ValidationError,
			make_reading,
			self.meter,
			3,
			days_ago(10),
			reading_type="Meter Replacement",
			old_meter_final_reading=2,
		)

	def test_future_reading_refused(self):
		self.assertRaises(frappe.ValidationError, make_reading, self.meter, 10, add_days(today(), 1))

	def test_reading_must_follow_the_last_one(self):
		make_reading(self.meter, 100, days_ago(10))
		self.assertRaises(frappe.ValidationError, make_reading, self.meter, 150, days_ago(20))
		self.assertRaises(frappe.ValidationError, make_reading, self.meter, 150, days_ago(10))

	def test_second_base_reading_refused(self):
		make_reading(self.meter, 100, days_ago(10))
		self.assertRaises(
			frappe.ValidationError, make_reading, self.meter, 150, days_ago(5), reading_type="Base Reading"
		)

	def test_cancel_from_the_end_only(self):
		first = make_reading(self.meter, 100, days_ago(20))
		second = make_reading(self.meter, 130, days_ago(10))
		self.assertRaises(frappe.ValidationError, first.cancel)
		second.cancel()
		self.assertEqual(frappe.db.get_value("Meter", self.meter, "last_reading"), 100)
		# the corrected reading is then entered again
		self.assertEqual(make_reading(self.meter, 125, days_ago(10)).consumption, 25)

	def test_inactive_meter_refused(self):
		frappe.db.set_value("Meter", self.meter, "is_active", 0)
		self.assertRaises(frappe.ValidationError, make_reading, self.meter, 1, days_ago(1))
