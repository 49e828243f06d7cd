# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, get_datetime, now_datetime, today

from pm_module.billing.doctype.unit_charge.unit_charge import pending_charges
from pm_module.service.doctype.service_order.service_order import get_billable_service_orders
from pm_module.tests.utils import (
	PMTestCase,
	make_building,
	make_estate,
	make_item,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
)

TECH = position_user("Technician")


def office_hours(start="08:30:00", end="17:30:00", holiday_list=None) -> None:
	"""The settings' working time for a test (rolled back with it)."""
	frappe.db.set_single_value(
		"Property Management Settings",
		{"work_start_time": start, "work_end_time": end, "holiday_list": holiday_list},
	)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def make_rate(service="_Test Tap Replacement", pricing="Fixed Price", price=50, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Paid Service Rate",
			"service_name": service,
			"item": make_item("_Test Paid Service", uom="Nos"),
			"uom": "Nos",
			"pricing": pricing,
			"price": price,
			**kwargs,
		}
	).insert(ignore_permissions=True)


def make_order(unit=None, **kwargs):
	unit = unit or make_unit("0901")
	return frappe.get_doc(
		{
			"doctype": "Service Order",
			"estate": make_estate(),
			"unit": unit,
			"requester_name": "李四",
			"contact_phone": "13800000000",
			"content": "厨房水龙头漏水",
			**kwargs,
		}
	).insert()


class TestServiceOrder(PMTestCase):
	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def setUp(self):
		office_hours()
		self.unit = make_unit("0901")
		self.owner = make_resident("王五")
		make_occupancy(self.unit, self.owner.name)

	def test_intake_records_receiver_building_and_reply_deadline(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit)
		self.assertEqual(order.status, "Open")
		self.assertEqual(order.received_by, position_user("Front Desk"))
		self.assertEqual(order.building, make_building())
		self.assertTrue(order.name.startswith("SO-"))
		self.assertGreater(get_datetime(order.reply_due), get_datetime(order.received_at))

	def test_unit_from_another_estate_is_refused(self):
		other = make_estate("_Test Estate 2", "TF")
		with self.assertRaises(frappe.ValidationError):
			make_order(self.unit, estate=other)

	def test_free_repair_lifecycle(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, repair_category="Security Facility")
		order.dispatch(TECH)
		self.assertEqual(order.status, "Dispatched")
		self.assertTrue(order.replied_at)
		self.assertTrue(
			frappe.db.exists("ToDo", {"allocated_to": TECH, "reference_name": order.name, "status": "Open"})
		)
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", order.name)
		order.acknowledge()
		order.arrive()
		order.complete("换了阀芯")
		self.assertTrue(order.return_visit_due)
		order.record_acceptance(1, "好了")
		self.assertEqual(order.status, "Accepted")
		self.assertFalse(order.unit_charge)
		frappe.set_user(position_user("Customer Service Assistant"))
		visit = make_visit(order.name)
		self.assertEqual(visit.unit, self.unit)
		self.assertEqual(str(visit.due_date), str(order.return_visit_due))
		order.reload()
		self.assertEqual(order.status, "Closed")
		self.assertEqual(order.return_visit, visit.name)
		# cancelling the visit (a supervisor's right) reopens the order for a visit
		frappe.set_user(position_user("Customer Service Supervisor"))
		visit.cancel()
		order.reload()
		self.assertEqual(order.status, "Accepted")


def make_visit(order: str, satisfaction="Satisfied", submit=True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": "Service Order",
			"reference_name": order,
			"satisfaction": satisfaction,
			**kwargs,
		}
	).insert()
	if submit:
		doc.submit()
	return doc
