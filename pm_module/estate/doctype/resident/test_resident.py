# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.estate.doctype.resident.resident import is_valid_chinese_id, make_customer
from pm_module.tests.utils import PMTestCase, make_resident, position_user

test_ignore = ["Customer"]

VALID_ID = "11010519491231002X"


class TestResident(PMTestCase):
	def test_numbered_automatically_or_by_given_code(self):
		self.assertRegex(make_resident().name, r"^RES\d{5}$")
		self.assertEqual(make_resident("李四", resident_code="old17").name, "OLD17")
		self.assertRaises(frappe.ValidationError, make_resident, "李四", resident_code="old-18")

	def test_chinese_id_checksum(self):
		self.assertTrue(is_valid_chinese_id(VALID_ID))
		self.assertFalse(is_valid_chinese_id("110105194912310021"))
		self.assertFalse(is_valid_chinese_id("1101051949123100"))
		self.assertRaises(
			frappe.ValidationError,
			make_resident,
			id_type="Resident Identity Card",
			id_number="110105194912310021",
		)
		resident = make_resident(id_type="Resident Identity Card", id_number=VALID_ID.lower())
		self.assertEqual(resident.id_number, VALID_ID)

	def test_same_id_twice_refused(self):
		make_resident(id_type="Passport", id_number="E12345678")
		self.assertRaises(
			frappe.DuplicateEntryError, make_resident, "王五", id_type="Passport", id_number="e12345678"
		)

	def test_customer_created_once_and_kept_in_sync(self):
		resident = make_resident("赵六", email="zhao.liu@example.com", resident_type="Person")
		customer = resident.ensure_customer()
		self.assertEqual(resident.ensure_customer(), customer)
		self.assertEqual(frappe.db.get_value("Customer", customer, "customer_name"), "赵六")
		self.assertEqual(frappe.db.get_value("Customer", customer, "customer_type"), "Individual")
		self.assertEqual(frappe.db.get_value("Customer", customer, "email_id"), "zhao.liu@example.com")
		self.assertEqual(frappe.db.get_value("Resident", resident.name, "customer"), customer)
		resident.reload()
		resident.resident_name = "赵六六"
		resident.save()
		self.assertEqual(frappe.db.get_value("Customer", customer, "customer_name"), "赵六六")

	def test_namesakes_get_their_own_customers(self):
		first, second = make_resident("王伟"), make_resident("王伟")
		customers = [first.ensure_customer(), second.ensure_customer()]
		self.assertNotEqual(*customers)
		for resident, customer in zip((first, second), customers, strict=True):
			self.assertIn(customer, ("王伟", f"王伟 - {resident.name}"))
			self.assertEqual(frappe.db.get_value("Customer", customer, "customer_name"), "王伟")

	def test_recreated_resident_gets_its_customer_back(self):
		make_resident("王伟").ensure_customer()  # the name 王伟 is taken
		first = make_resident("王伟")
		customer = first.ensure_customer()
		self.assertEqual(customer, f"王伟 - {first.name}")
		# the resident is deleted and registered again under the same code (e.g. by an import)
		frappe.db.delete("Resident", first.name)
		again = make_resident("王伟", resident_code=first.name)
		self.assertEqual(again.name, first.name)
		self.assertEqual(again.ensure_customer(), customer)

	def test_company_linked_to_existing_customer_by_tax_id(self):
		existing = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": "鑫盛咖啡馆",
				"customer_type": "Company",
				"tax_id": "91440300TEST00001X",
			}
		).insert()
		resident = make_resident(
			"鑫盛咖啡馆", resident_type="Company", id_type="Business Licence", id_number="91440300TEST00001X"
		)
		self.assertEqual(resident.ensure_customer(), existing.name)

	def test_make_customer_needs_write_permission(self):
		resident = make_resident("孙七")
		frappe.set_user(position_user("Technician"))
		try:
			self.assertRaises(frappe.PermissionError, make_customer, resident.name)
		finally:
			frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value("Resident", resident.name, "customer"))
		self.assertTrue(make_customer(resident.name))
