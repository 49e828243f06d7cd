# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, today

from pm_module.estate.register import get_owner
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	bill_month,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	pay_invoice,
	position_user,
)


def transfer_doc(unit: str, estate: str = TEST_ESTATE, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Ownership Transfer",
			"estate": estate,
			"unit": unit,
			"transfer_date": today(),
			"resident_name": "新业主",
			"id_type": "Resident Identity Card",
			"id_number": "110105198001010016",
			"bank_name": "工商银行",
			"bank_account_no": "6222020200001111",
			"purchase_contract": "/private/files/contract.pdf",
			"originals_seen": 1,
			**kwargs,
		}
	)


class TestOwnershipTransfer(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("1203", area=100, status="Occupied")
		self.old_owner = make_resident("原业主").name
		self.old_occupancy = make_occupancy(self.unit, self.old_owner, "Owner", "2020-01-01").name
		make_fee("PM Property Fee", 2.5)

	def test_arrears_block_the_transfer_until_paid(self):
		invoice = bill_month("2026-11-01", "2026-10-15", self.unit)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 250)

		frappe.set_user(position_user("Front Desk"))
		doc = transfer_doc(self.unit).insert()
		self.assertEqual((doc.previous_owner, doc.arrears_outstanding), (self.old_owner, 250))
		self.assertRaisesRegex(frappe.ValidationError, "owes", doc.submit)
		self.assertEqual(get_owner(self.unit), self.old_owner)  # nothing changed

		frappe.set_user(position_user("Accountant"))
		pay_invoice(invoice, "BANK-T6A", today())
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"), 0)

		frappe.set_user(position_user("Front Desk"))
		doc.reload()
		doc.submit()
		frappe.set_user("Administrator")

		new_owner = doc.resident
		self.assertEqual(get_owner(self.unit), new_owner)
		self.assertEqual(get_owner(self.unit, add_days(today(), -1)), self.old_owner)
		self.assertEqual(
			str(frappe.db.get_value("Occupancy", self.old_occupancy, "end_date")), add_days(today(), -1)
		)
		customer = frappe.db.get_value("Resident", new_owner, "customer")
		self.assertTrue(frappe.db.exists("Customer", customer))

		# finance and the control room heard of it
		for user in (position_user("Accountant"), position_user("Security Guard")):
			self.assertTrue(
				frappe.db.exists(
					"Notification Log",
					{"for_user": user, "document_type": "Ownership Transfer", "document_name": doc.name},
				),
				user,
			)
		self.assertIn(
			"6222020200001111",
			frappe.db.get_value(
				"Notification Log",
				{"for_user": position_user("Accountant"), "document_name": doc.name},
				"email_content",
			),
		)

	def test_unit_of_another_estate_refused(self):
		other = make_estate("_Test Estate Two", "TT")
		unit = make_unit("0101", building=make_building("B", estate=other), area=50)
		self.assertRaisesRegex(frappe.ValidationError, "belongs to estate", transfer_doc(unit).insert)

	def test_unit_without_owner_is_a_move_in(self):
		empty = make_unit("1204", area=80)
		self.assertRaisesRegex(frappe.ValidationError, "no registered owner", transfer_doc(empty).insert)

	def test_contract_copy_required(self):
		doc = transfer_doc(self.unit, purchase_contract=None).insert()
		self.assertRaisesRegex(frappe.ValidationError, "purchase contract", doc.submit)

	def test_new_owner_is_billed_from_the_transfer_date(self):
		from pm_module.estate.register import get_payer

		doc = transfer_doc(self.unit, transfer_date="2026-11-16").insert()
		doc.submit()
		self.assertEqual(get_payer(self.unit, "2026-11-15"), self.old_owner)
		self.assertEqual(get_payer(self.unit, "2026-11-16"), doc.resident)

	def test_household_leaves_tenant_stays_and_cancel_restores(self):
		from pm_module.estate.register import get_occupancies

		family = make_occupancy(
			self.unit, make_resident("原业主家属").name, "Family Member", "2020-01-01"
		).name
		tenant = make_occupancy(
			self.unit, make_resident("租户").name, "Tenant", "2025-01-01", add_days(today(), 200)
		).name
		doc = transfer_doc(self.unit).insert()
		doc.submit()
		self.assertEqual(str(frappe.db.get_value("Occupancy", family, "end_date")), add_days(today(), -1))
		self.assertEqual(
			{r.name for r in get_occupancies(self.unit)}, {tenant, doc.new_occupancy}
		)  # the lease passes with the unit
		doc.cancel()
		self.assertEqual(get_owner(self.unit), self.old_owner)
		self.assertIsNone(frappe.db.get_value("Occupancy", self.old_occupancy, "end_date"))
		self.assertIsNone(frappe.db.get_value("Occupancy", family, "end_date"))

	def test_print_format(self):
		from pm_module.tests.utils import render_print_format

		doc = transfer_doc(self.unit).insert()
		html = render_print_format("Ownership Transfer Form", doc)
		self.assertIn("转让房新业主入住登记表", html)
		self.assertIn("原业主", html)
		self.assertIn("6222020200001111", html)

	def test_invalid_id_number_refused_on_the_card(self):
		self.assertRaisesRegex(
			frappe.ValidationError,
			"not a valid",
			transfer_doc(self.unit, id_number="110105198001010017").insert,
		)
