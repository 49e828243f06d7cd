# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import TEST_ESTATE, PMTestCase, make_meter, make_unit

test_ignore = ["Company", "Cost Center", "Resident"]


class TestMeter(PMTestCase):
	def test_unit_meters_named_after_the_unit(self):
		unit = make_unit("0502")
		water = make_meter(unit, "Water")
		self.assertEqual(water.name, f"{unit}-W")
		self.assertEqual(water.uom, "m³")
		self.assertEqual(
			(water.estate, water.building), frappe.db.get_value("Unit", unit, ["estate", "building"])
		)
		self.assertEqual(make_meter(unit, "Water").name, f"{unit}-W2")
		self.assertEqual(make_meter(unit, "Electricity").uom, "kWh")

	def test_common_area_meter(self):
		make_unit("0502")
		meter = frappe.get_doc(
			{
				"doctype": "Meter",
				"meter_type": "Electricity",
				"scope": "Common Area",
				"estate": TEST_ESTATE,
				"location": "泵房",
			}
		).insert()
		self.assertTrue(meter.name.startswith("TE-EC"))
		self.assertIsNone(meter.unit)

	def test_unit_meter_needs_unit_and_positive_multiplier(self):
		self.assertRaises(
			frappe.ValidationError,
			frappe.get_doc(
				{"doctype": "Meter", "meter_type": "Water", "scope": "Unit", "estate": TEST_ESTATE}
			).insert,
		)
		self.assertRaises(frappe.ValidationError, make_meter, make_unit("0502"), multiplier=0)
