"""The demo builder is idempotent: a second run adds nothing."""

import frappe

from pm_module import demo
from pm_module.tests.utils import PMTestCase, ensure_test_company, purge_estate

COUNTED = ["Building", "Unit", "Resident", "Occupancy", "Meter", "Meter Reading", "User"]


class TestDemo(PMTestCase):
	def setUp(self):
		# creating customers with phone numbers commits (ERPNext's call log hook): clean up explicitly
		purge_estate(demo.ESTATE, demo.CODE)
		self.addCleanup(purge_estate, demo.ESTATE, demo.CODE)

	def test_rerun_creates_nothing_new(self):
		demo.make_demo(company=ensure_test_company(), limit=30, commit=False)
		first = {dt: frappe.db.count(dt) for dt in COUNTED}
		self.assertEqual(frappe.db.count("Unit", {"estate": demo.ESTATE}), 30)
		self.assertGreater(frappe.db.count("Meter Reading", {"estate": demo.ESTATE, "docstatus": 1}), 0)
		demo.make_demo(company=ensure_test_company(), limit=30, commit=False)
		self.assertEqual({dt: frappe.db.count(dt) for dt in COUNTED}, first)
