# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import PMTestCase, make_building, make_estate

test_ignore = ["Company", "Cost Center", "Resident"]


class TestUnit(PMTestCase):
	def make(self, number="1203", area=98.765, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Unit",
				"building": make_building("A", floors=30, basement_floors=2),
				"unit_number": number,
				"gross_area": area,
				**kwargs,
			}
		).insert()

	def test_human_readable_name_and_code(self):
		unit = self.make()
		self.assertEqual(unit.name, "TE-A-1203")
		self.assertEqual(unit.unit_code, "A-1203")
		self.assertEqual(unit.estate, "_Test Estate")
		self.assertEqual(unit.status, "Vacant")

	def test_area_rounded_to_two_decimals(self):
		self.assertEqual(self.make(area=98.766).gross_area, 98.77)
		self.assertEqual(self.make("1204", area=80.1249).gross_area, 80.12)

	def test_area_must_be_positive(self):
		self.assertRaises(frappe.ValidationError, self.make, area=0)
		self.assertRaises(frappe.ValidationError, self.make, number="1204", area=-5)

	def test_floor_taken_from_door_number(self):
		self.assertEqual(self.make("2508").floor, 25)

	def test_floor_outside_building_refused(self):
		self.assertRaises(frappe.ValidationError, self.make, "3101")
		self.assertRaises(frappe.ValidationError, self.make, "B301", floor=-3)
		self.assertEqual(self.make("B201", floor=-2).floor, -2)

	def test_unique_per_estate_but_not_across_estates(self):
		self.make()
		self.assertRaises(frappe.DuplicateEntryError, self.make)
		make_estate("_Test Estate 2", "TF")
		other = frappe.get_doc(
			{
				"doctype": "Unit",
				"building": make_building("A", estate="_Test Estate 2"),
				"unit_number": "1203",
				"gross_area": 80,
			}
		).insert()
		self.assertEqual(other.name, "TF-A-1203")
		self.assertEqual(other.unit_code, "A-1203")
