"""The resident portal's demo: invited residents with requests, complaints, scores and slips at each
step, the office's steps taken by the demo's own staff (the technician 吴磊)."""

import frappe
from frappe.utils import add_months, today

from pm_module.demo import demo_email, make_users
from pm_module.portal.demo import RESIDENTS, make_demo
from pm_module.service.doctype.service_order.test_service_order import make_rate, office_hours
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_building,
	make_estate,
	make_occupancy,
	make_resident,
	make_unit,
)


class TestPortalDemo(PMTestCase):
	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_demo_residents_with_requests_at_every_step(self):
		office_hours()
		make_users()
		make_estate()
		building = make_building("D")
		family_flat, let_flat = make_unit("0101", building=building), make_unit("0102", building=building)
		for name, unit, role in (
			("演示业主", family_flat, "Owner"),
			("演示家属", family_flat, "Family Member"),
			("演示房东", let_flat, "Owner"),
		):
			make_occupancy(unit, make_resident(name).name, role, "2020-01-01")
		make_occupancy(
			let_flat,
			make_resident("演示租户").name,
			"Tenant",
			add_months(today(), -3),
			add_months(today(), 9),
		)
		make_rate("更换水龙头", "Fixed Price", price=30, estate=TEST_ESTATE)

		made = make_demo(TEST_ESTATE)

		def statuses(doctype):
			return sorted(frappe.get_all(doctype, {"name": ("in", made[doctype])}, pluck="status"))

		self.assertEqual(statuses("Service Order"), ["Accepted", "Completed", "Dispatched", "Open", "Rework"])
		self.assertEqual(statuses("Complaint"), ["Closed", "New", "Resolved"])
		self.assertEqual(statuses("Release Slip"), ["Draft", "Issued", "Used"])
		technicians = frappe.get_all(
			"Service Order",
			{"name": ("in", made["Service Order"]), "technician": ("is", "set")},
			pluck="technician",
		)
		self.assertEqual(set(technicians), {demo_email("Technician")})
		for email, _role, _flat in RESIDENTS.values():
			self.assertTrue(frappe.db.exists("Resident", {"user": email}), email)
			self.assertEqual(frappe.db.get_value("User", email, "user_type"), "Website User")
		self.assertEqual(make_demo(TEST_ESTATE), {})  # run once
