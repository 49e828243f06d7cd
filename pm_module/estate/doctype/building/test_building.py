# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import TEST_ESTATE, PMTestCase, make_estate, position_user

test_ignore = ["Company", "Cost Center"]


class TestBuilding(PMTestCase):
	def make(self, **kwargs):
		make_estate()
		return frappe.get_doc(
			{"doctype": "Building", "estate": TEST_ESTATE, "building_code": "b", "floors": 18, **kwargs}
		).insert()

	def test_named_by_estate_and_building_code(self):
		building = self.make()
		self.assertEqual(building.name, "TE-B")
		self.assertEqual(building.building_name, "Building B")

	def test_same_code_twice_in_an_estate_refused(self):
		self.make()
		self.assertRaises(frappe.DuplicateEntryError, self.make)

	def test_needs_a_floor(self):
		self.assertRaises(frappe.ValidationError, self.make, floors=0)

	def test_assistants_must_be_customer_service_staff(self):
		assistant = position_user("Customer Service Assistant")
		guard = position_user("Security Guard")
		building = self.make(assistants=[{"user": assistant}])
		self.assertEqual(building.assistants[0].user, assistant)
		building.append("assistants", {"user": guard})
		self.assertRaises(frappe.ValidationError, building.save)

	def test_assistant_listed_twice_refused(self):
		assistant = position_user("Customer Service Assistant")
		self.assertRaises(
			frappe.ValidationError, self.make, assistants=[{"user": assistant}, {"user": assistant}]
		)
