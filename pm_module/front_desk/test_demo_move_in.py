"""The demo of move-ins, custody and transfers: each procedure once, on an estate's own units."""

import frappe
from frappe.utils import add_days, today

from pm_module.front_desk import demo_move_in
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_estate,
	make_fee,
	make_meter,
	make_occupancy,
	make_reading,
	make_resident,
	make_unit,
)


class TestDemoMoveIn(PMTestCase):
	def setUp(self):
		# the working day the service desk counts its reply deadline in
		frappe.db.set_single_value(
			"Property Management Settings", {"work_start_time": "08:30:00", "work_end_time": "17:30:00"}
		)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		make_estate()
		make_fee("PM Property Fee", 2.5)
		for number in ("0501", "0502", "0503"):
			unit = make_unit(number, area=90)
			for meter_type in ("Water", "Electricity"):
				make_reading(make_meter(unit, meter_type).name, 100, add_days(today(), -10))
		make_occupancy(
			make_unit("0601", area=90, status="Occupied"), make_resident("老业主").name, "Owner", "2020-01-01"
		)

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_demo(self):
		made = demo_move_in.make_demo(TEST_ESTATE)
		done, draft = (frappe.get_doc("Move In", n) for n in made["Move In"])
		self.assertEqual((done.docstatus, done.status, draft.docstatus), (1, "Defects Open", 0))
		self.assertEqual(frappe.db.get_value("Sales Invoice", done.sales_invoice, "docstatus"), 1)
		(custody,) = made["Custody Agreement"]
		custody = frappe.get_doc("Custody Agreement", custody)
		self.assertEqual((custody.status, len(custody.patrols)), ("Active", 1))
		(transfer,) = made["Ownership Transfer"]
		self.assertEqual(frappe.db.get_value("Ownership Transfer", transfer, "unit"), "TE-A-0601")
		self.assertEqual(demo_move_in.make_demo(TEST_ESTATE), {})  # once only
