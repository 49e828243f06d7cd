# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import PMTestCase, ensure_test_company

test_ignore = ["Company", "Cost Center"]


class TestEstate(PMTestCase):
	def make(self, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Estate",
				"estate_name": "翠湖苑",
				"estate_code": "cH",
				"company": ensure_test_company(),
				**kwargs,
			}
		).insert()

	def test_code_is_normalised_and_defaults_filled(self):
		estate = self.make()
		self.assertEqual(estate.estate_code, "CH")
		self.assertEqual(estate.billing_cycle, "Monthly")
		self.assertEqual(
			estate.cost_center, frappe.get_cached_value("Company", estate.company, "cost_center")
		)

	def test_code_with_separator_refused(self):
		self.assertRaises(frappe.ValidationError, self.make, estate_code="C-H")

	def test_cost_center_of_another_company_refused(self):
		other = frappe.db.get_value("Cost Center", {"company": ("!=", ensure_test_company()), "is_group": 0})
		self.assertTrue(other)
		self.assertRaises(frappe.ValidationError, self.make, cost_center=other)

	def test_group_cost_center_refused(self):
		group = frappe.db.get_value("Cost Center", {"company": ensure_test_company(), "is_group": 1})
		self.assertRaises(frappe.ValidationError, self.make, cost_center=group)
