import frappe

from pm_module.service.demo import make_demo
from pm_module.tests.utils import PMTestCase, make_estate, make_occupancy, make_resident, make_unit


class TestServiceDemo(PMTestCase):
	def test_demo_covers_every_step(self):
		frappe.db.set_single_value(
			"Property Management Settings",
			{"work_start_time": "08:30:00", "work_end_time": "17:30:00", "holiday_list": None},
		)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		for number in ("0101", "0102", "0103"):
			unit = make_unit(number)
			make_occupancy(unit, make_resident(f"业主{number}").name, start_date="2020-01-01")
		names = make_demo(make_estate())
		statuses = {frappe.db.get_value("Service Order", n, "status") for n in names}
		self.assertEqual(
			statuses,
			{"Closed", "Accepted", "Rework", "Escalated", "Declined", "Dispatched", "Open"},
		)
		self.assertTrue(frappe.db.exists("Unit Charge", {"reference_doctype": "Service Order"}))
		self.assertEqual(frappe.db.count("Desk Log", {"estate": make_estate()}), 4)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_demo_orders_go_to_the_demo_technician(self):
		"""Logging in as the demo technician 吴磊 shows the demo's orders (not Administrator's)."""
		from pm_module.demo import demo_email, make_users

		make_users()
		technician = demo_email("Technician")
		self.assertEqual(frappe.db.get_value("User", technician, "full_name"), "吴磊")
		for number in ("0101", "0102"):
			unit = make_unit(number)
			make_occupancy(unit, make_resident(f"业主{number}").name, start_date="2020-01-01")
		names = make_demo(make_estate())
		dispatched = frappe.get_all(
			"Service Order", {"name": ("in", names), "technician": ("is", "set")}, pluck="technician"
		)
		self.assertTrue(dispatched)
		self.assertEqual(set(dispatched), {technician})
		frappe.set_user(technician)
		self.assertEqual(
			set(frappe.get_list("Service Order", {"technician": technician}, pluck="name")),
			set(
				frappe.get_all(
					"Service Order", {"name": ("in", names), "technician": technician}, pluck="name"
				)
			),
		)
