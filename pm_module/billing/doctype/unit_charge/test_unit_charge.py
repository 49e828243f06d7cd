# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.billing.doctype.unit_charge.unit_charge import raise_unit_charge
from pm_module.tests.utils import PMTestCase, make_item, make_occupancy, make_resident, make_unit


class TestUnitCharge(PMTestCase):
	def setUp(self):
		self.unit = make_unit("1203", area=98.76)
		self.owner = make_resident("业主丁").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		make_item("PM Card Fee", "Nos")

	def test_payer_defaults_to_who_pays_for_the_unit(self):
		charge = frappe.get_doc("Unit Charge", raise_unit_charge(self.unit, "PM Card Fee", 20, qty=2))
		self.assertEqual((charge.payer, charge.amount, charge.status), (self.owner, 40, "Pending"))

	def test_same_reference_raises_one_charge(self):
		first = raise_unit_charge(
			self.unit, "PM Card Fee", 20, reference_doctype="Unit", reference_name=self.unit
		)
		again = raise_unit_charge(
			self.unit, "PM Card Fee", 20, reference_doctype="Unit", reference_name=self.unit
		)
		self.assertEqual(first, again)

	def test_unit_without_payer_needs_one(self):
		empty = make_unit("1204", area=80)
		self.assertRaisesRegex(
			frappe.ValidationError, "name the payer", raise_unit_charge, empty, "PM Card Fee", 20
		)

	def test_billed_charge_is_fixed(self):
		charge = frappe.get_doc("Unit Charge", raise_unit_charge(self.unit, "PM Card Fee", 20))
		charge.db_set({"status": "Billed", "sales_invoice": "SINV-TEST"})
		charge.reload()
		charge.rate = 30
		self.assertRaises(frappe.ValidationError, charge.save)
		self.assertRaises(frappe.ValidationError, charge.delete)
