# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import PMTestCase, make_building, make_estate, make_fee, make_unit


class TestFeeItem(PMTestCase):
	def setUp(self):
		make_estate()

	def test_metered_fee_is_billed_in_arrears(self):
		water = make_fee("PM Water", 3, "Metered", meter_type="Water")
		self.assertEqual(water.billed, "In Arrears")
		self.assertEqual(make_fee("PM Property Fee", 2.5).billed, "In Advance")

	def test_tiers_must_rise_and_end_open(self):
		self.assertRaisesRegex(
			frappe.ValidationError,
			"last tier",
			make_fee,
			"PM Water",
			0,
			"Metered",
			meter_type="Water",
			tiers=[(10, 3), (20, 4)],
		)
		self.assertRaises(
			frappe.ValidationError,
			make_fee,
			"PM Water",
			0,
			"Metered",
			meter_type="Water",
			tiers=[(20, 3), (10, 4), (0, 5)],
		)
		fee = make_fee("PM Water", 0, "Metered", meter_type="Water", tiers=[(10, 3), (20, 4), (0, 5.5)])
		self.assertEqual(len(fee.tiers), 3)

	def test_rate_required(self):
		self.assertRaises(frappe.ValidationError, make_fee, "PM Property Fee", 0)

	def test_same_scope_twice_refused_other_scope_allowed(self):
		make_fee("PM Property Fee", 2.5)
		self.assertRaises(frappe.DuplicateEntryError, make_fee, "PM Property Fee", 3)
		shop = make_fee("PM Property Fee", 5, unit_type="Shop")
		self.assertEqual(shop.unit_type, "Shop")

	def test_unit_of_other_estate_refused(self):
		make_estate("_Test Other Estate", "TO")
		other_unit = make_unit("101", make_building("B", "_Test Other Estate"))
		self.assertRaises(frappe.ValidationError, make_fee, "PM Property Fee", 2.5, unit=other_unit)
