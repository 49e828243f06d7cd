"""The positions ship as roles and role profiles, and the register's DocPerms follow the duties."""

import frappe

from pm_module.setup.positions import PM_ROLES, PORTAL_ROLES, POSITIONS
from pm_module.tests.utils import PMTestCase, make_resident, make_unit, position_user

# position -> (doctype, permission type, allowed?) cells of the register
EXPECTED = {
	"Front Desk": [
		("Resident", "create", True),
		("Occupancy", "create", True),
		("Unit", "write", True),
		("Unit", "create", False),
		("Estate", "write", False),
		("Meter Reading", "submit", False),
		("Property Management Settings", "write", False),
	],
	"Front Desk Supervisor": [
		("Resident", "create", True),
		("Occupancy", "create", True),
		("Estate", "write", False),
	],
	"Customer Service Assistant": [
		("Unit", "read", True),
		("Resident", "write", True),
		("Resident", "create", False),
		("Meter Reading", "create", True),
		("Meter Reading", "submit", True),
		("Meter Reading", "cancel", False),
		("Occupancy", "create", False),
	],
	"Customer Service Supervisor": [
		("Unit", "create", True),
		("Meter Reading", "cancel", True),
		("Building", "write", True),
		("Building", "create", False),
		("Estate", "write", False),
	],
	"Customer Service Manager": [
		("Building", "create", True),
		("Unit", "delete", True),
		("Resident", "delete", True),
		("Estate", "write", True),
		("Estate", "create", False),
	],
	"Office Director": [
		("Estate", "create", True),
		("Property Management Settings", "write", True),
		("Resident", "read", True),
		("Resident", "write", False),
	],
	"Cashier": [
		("Resident", "read", True),
		("Unit", "read", True),
		("Resident", "write", False),
		("Meter Reading", "read", False),
	],
	"Accountant": [
		("Unit", "read", True),
		("Meter Reading", "read", True),
		("Property Management Settings", "write", True),
		("Unit", "write", False),
		("Meter Reading", "create", False),
	],
	"Maintenance Supervisor": [
		("Meter", "create", True),
		("Meter Reading", "cancel", True),
		("Resident", "read", True),
		("Unit", "write", False),
	],
	"Technician": [
		("Meter Reading", "submit", True),
		("Meter", "read", True),
		("Meter", "write", False),
		("Resident", "read", False),
		("Occupancy", "read", False),
	],
	"Security Guard": [
		("Unit", "read", False),
		("Resident", "read", False),
		("Occupancy", "read", False),
		("Meter Reading", "read", False),
	],
	"Administration": [("Estate", "read", True), ("Resident", "read", False), ("Unit", "read", False)],
}


class TestPositions(PMTestCase):
	def test_every_position_has_a_role_and_profile(self):
		for role in PM_ROLES:
			self.assertTrue(frappe.db.exists("Role", role), role)
			desk_access = 0 if role in PORTAL_ROLES else 1
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), desk_access, role)
		for position, roles in POSITIONS.items():
			profile = frappe.get_doc("Role Profile", position)
			self.assertEqual(sorted(r.role for r in profile.roles), sorted(roles), position)

	def test_accountant_reuses_erpnext_accounts_roles(self):
		self.assertNotIn("Accountant", PM_ROLES)
		self.assertEqual(POSITIONS["Accountant"], ["Accounts User", "Accounts Manager"])

	def test_every_position_is_covered_here(self):
		self.assertEqual(set(EXPECTED), set(POSITIONS))

	def test_register_permissions_per_position(self):
		for position, cells in EXPECTED.items():
			user = position_user(position)
			for doctype, ptype, allowed in cells:
				self.assertEqual(
					bool(frappe.has_permission(doctype, ptype, user=user)),
					allowed,
					f"{position} {'may' if allowed else 'may not'} {ptype} {doctype}",
				)

	def test_front_desk_records_a_new_owner_end_to_end(self):
		"""As the front-desk user: register a resident and their ownership; the Customer follows."""
		unit = make_unit("1501")
		user = position_user("Front Desk")
		frappe.set_user(user)
		try:
			# plain inserts: the user's own permissions apply
			resident = frappe.get_doc({"doctype": "Resident", "resident_name": "前台登记业主"}).insert()
			frappe.get_doc(
				{
					"doctype": "Occupancy",
					"unit": unit,
					"resident": resident.name,
					"role": "Owner",
					"start_date": "2025-01-01",
				}
			).insert()
			self.assertRaises(
				frappe.PermissionError,
				frappe.get_doc({"doctype": "Estate", "estate_name": "x", "estate_code": "X"}).insert,
			)
		finally:
			frappe.set_user("Administrator")
		self.assertTrue(frappe.db.get_value("Resident", resident.name, "customer"))

	def test_technician_cannot_list_residents(self):
		make_resident("保密业主")
		user = position_user("Technician")
		frappe.set_user(user)
		try:
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Resident")
		finally:
			frappe.set_user("Administrator")
