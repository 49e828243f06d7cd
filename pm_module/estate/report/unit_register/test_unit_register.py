# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from unittest.mock import patch

import frappe

from pm_module.estate.report.unit_register.unit_register import execute
from pm_module.tests.utils import TEST_ESTATE, PMTestCase, make_building, make_unit, position_user


class TestUnitRegister(PMTestCase):
	def test_tree_with_totals(self):
		a, b = make_building("A"), make_building("B")
		make_unit("0101", a, 80.25)
		make_unit("0102", a, 100.5, status="Occupied")
		make_unit("0101", b, 60)
		_columns, rows = execute({"estate": TEST_ESTATE})
		by_name = {r["name"]: r for r in rows}
		self.assertEqual(by_name[TEST_ESTATE]["indent"], 0)
		self.assertEqual((by_name[a]["parent_node"], by_name[a]["indent"]), (TEST_ESTATE, 1))
		self.assertEqual(by_name[a]["gross_area"], 180.75)
		self.assertEqual((by_name[a]["units"], by_name[a]["occupied"]), (2, 1))
		self.assertEqual(by_name[TEST_ESTATE]["units"], 3)
		self.assertEqual(by_name[f"{a}-0102"]["parent_node"], a)
		self.assertEqual(execute({"estate": TEST_ESTATE, "status": "Occupied"})[1][-1]["name"], f"{a}-0102")

	def test_large_register_shows_buildings_with_totals(self):
		from pm_module.estate.report.unit_register import unit_register

		a, b = make_building("A"), make_building("B")
		make_unit("0101", a, 80.25)
		make_unit("0102", a, 100.5, status="Occupied")
		make_unit("0101", b, 60)
		with patch.object(unit_register, "MAX_UNITS_LISTED", 2):
			_columns, rows, message = unit_register.execute({"estate": TEST_ESTATE})
		self.assertIn("3", message)
		self.assertEqual([r["name"] for r in rows], [TEST_ESTATE, a, b])
		by_name = {r["name"]: r for r in rows}
		self.assertEqual(
			(by_name[a]["units"], by_name[a]["occupied"], by_name[a]["gross_area"]), (2, 1, 180.75)
		)
		self.assertEqual((by_name[TEST_ESTATE]["units"], by_name[TEST_ESTATE]["gross_area"]), (3, 240.75))
		# a building chosen: its units are listed again
		self.assertEqual(len(unit_register.execute({"estate": TEST_ESTATE, "building": a})[1]), 4)

	def test_report_obeys_permissions(self):
		make_unit("0101", make_building("A"), 80)
		frappe.set_user(position_user("Security Guard"))
		try:
			self.assertRaises(frappe.PermissionError, execute, {"estate": TEST_ESTATE})
		finally:
			frappe.set_user("Administrator")
