# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, today

from pm_module.estate.register import (
	get_occupancies,
	get_owner,
	get_payer,
	get_unit_people,
	refresh_current_occupants,
)
from pm_module.tests.utils import PMTestCase, make_occupancy, make_resident, make_unit, position_user

test_ignore = ["Company", "Cost Center", "Customer"]


class TestOccupancy(PMTestCase):
	def setUp(self):
		self.unit = make_unit("0801")
		self.owner = make_resident("业主甲").name
		self.buyer = make_resident("业主乙").name
		self.tenant = make_resident("租户丙").name

	def test_owner_becomes_billable_customer_family_does_not(self):
		family = make_resident("家属丁").name
		make_occupancy(self.unit, self.owner, "Owner")
		make_occupancy(self.unit, family, "Family Member")
		self.assertTrue(frappe.db.get_value("Resident", self.owner, "customer"))
		self.assertFalse(frappe.db.get_value("Resident", family, "customer"))

	def test_overlapping_owner_periods_refused(self):
		make_occupancy(self.unit, self.owner, "Owner", "2024-01-01")
		self.assertRaises(
			frappe.ValidationError, make_occupancy, self.unit, self.buyer, "Owner", "2025-06-01"
		)
		# once the first ownership ends, the next may start the day after
		first = frappe.get_last_doc("Occupancy", {"unit": self.unit, "resident": self.owner})
		first.end_date = "2025-05-31"
		first.save()
		make_occupancy(self.unit, self.buyer, "Owner", "2025-06-01")
		# but not before it ended
		self.assertRaises(
			frappe.ValidationError,
			make_occupancy,
			self.unit,
			self.tenant,
			"Owner",
			"2025-05-31",
			"2025-05-31",
		)

	def test_tenant_needs_lease_end_date(self):
		self.assertRaises(frappe.ValidationError, make_occupancy, self.unit, self.tenant, "Tenant")
		make_occupancy(self.unit, self.tenant, "Tenant", end_date=add_days(today(), 180))

	def test_end_before_start_refused(self):
		self.assertRaises(
			frappe.ValidationError, make_occupancy, self.unit, self.owner, "Owner", "2025-01-10", "2025-01-09"
		)

	def test_owner_on_a_date_and_history(self):
		make_occupancy(self.unit, self.owner, "Owner", "2021-06-01", "2024-03-31")
		make_occupancy(self.unit, self.buyer, "Owner", "2024-04-01")
		self.assertEqual(get_owner(self.unit, "2022-01-01"), self.owner)
		self.assertEqual(get_owner(self.unit, "2024-03-31"), self.owner)
		self.assertEqual(get_owner(self.unit, "2024-04-01"), self.buyer)
		self.assertEqual(get_owner(self.unit), self.buyer)
		self.assertIsNone(get_owner(self.unit, "2020-01-01"))
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "current_owner"), self.buyer)

	def test_payer_switches_with_a_paying_tenancy(self):
		make_occupancy(self.unit, self.owner, "Owner", "2021-06-01")
		lease_start, lease_end = add_days(today(), -30), add_days(today(), 335)
		make_occupancy(self.unit, self.tenant, "Tenant", lease_start, lease_end, pays_fees=1)
		self.assertEqual(get_payer(self.unit, add_days(lease_start, -1)), self.owner)
		self.assertEqual(get_payer(self.unit), self.tenant)
		self.assertEqual(get_payer(self.unit, add_days(lease_end, 1)), self.owner)
		self.assertTrue(frappe.db.get_value("Resident", self.tenant, "customer"))
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "current_occupant"), self.tenant)
		# a second paying tenancy over the same days would make two payers
		other = make_resident("租户戊").name
		self.assertRaises(
			frappe.ValidationError,
			make_occupancy,
			self.unit,
			other,
			"Tenant",
			today(),
			lease_end,
			pays_fees=1,
		)

	def test_non_paying_tenant_leaves_owner_as_payer(self):
		make_occupancy(self.unit, self.owner, "Owner", "2021-06-01")
		make_occupancy(self.unit, self.tenant, "Tenant", add_days(today(), -30), add_days(today(), 300))
		self.assertEqual(get_payer(self.unit), self.owner)
		self.assertFalse(frappe.db.get_value("Resident", self.tenant, "customer"))
		self.assertEqual([r.role for r in get_occupancies(self.unit)], ["Owner", "Tenant"])

	def test_pays_fees_only_for_tenants_and_merchants(self):
		occ = make_occupancy(self.unit, self.owner, "Family Member", pays_fees=1)
		self.assertEqual(occ.pays_fees, 0)

	def test_daily_job_refreshes_current_people(self):
		make_occupancy(self.unit, self.owner, "Owner", "2021-06-01", add_days(today(), -1))
		frappe.db.set_value("Unit", self.unit, "current_owner", self.owner)  # as it was yesterday
		refresh_current_occupants()
		self.assertIsNone(frappe.db.get_value("Unit", self.unit, "current_owner"))

	def test_deleting_an_occupancy_refreshes_the_unit(self):
		occ = make_occupancy(self.unit, self.owner, "Owner")
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "current_owner"), self.owner)
		occ.delete()
		self.assertIsNone(frappe.db.get_value("Unit", self.unit, "current_owner"))

	def test_unit_people_checks_permissions(self):
		make_occupancy(self.unit, self.owner, "Owner")
		self.assertEqual(get_unit_people(self.unit)["owner"], self.owner)
		frappe.set_user(position_user("Security Guard"))
		try:
			self.assertRaises(frappe.PermissionError, get_unit_people, self.unit)
		finally:
			frappe.set_user("Administrator")
