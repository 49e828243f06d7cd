"""Install and migrate leave the site as they found it when run again (idempotent)."""

import frappe
from frappe.modules.utils import sync_customizations
from frappe.utils.fixtures import sync_fixtures

from pm_module.setup.install import after_install, after_migrate
from pm_module.setup.positions import POSITIONS
from pm_module.tests.utils import PMTestCase

APP_DOCTYPES = [
	"Estate",
	"Building",
	"Building Assistant",
	"Unit",
	"Resident",
	"Occupancy",
	"Meter",
	"Meter Reading",
	"Property Management Settings",
]


def snapshot() -> dict:
	return {
		"roles": frappe.db.count("Role"),
		"profiles": frappe.db.count("Role Profile"),
		"has_role": frappe.db.count(
			"Has Role", {"parenttype": "Role Profile", "parent": ("in", list(POSITIONS))}
		),
		"docperms": frappe.db.count("DocPerm", {"parent": ("in", APP_DOCTYPES)}),
		"workspaces": frappe.db.count("Workspace", {"module": "Estate"}),
		"number_cards": frappe.db.count("Number Card", {"module": "Estate"}),
		"settings": frappe.db.get_single_value("Property Management Settings", "default_customer_group"),
	}


class TestInstall(PMTestCase):
	def test_app_is_installed_with_erpnext(self):
		apps = frappe.get_installed_apps()
		self.assertIn("erpnext", apps)
		self.assertIn("pm_module", apps)
		self.assertLess(apps.index("erpnext"), apps.index("pm_module"))
		self.assertEqual(frappe.get_hooks("required_apps", app_name="pm_module"), ["frappe/erpnext"])

	def test_doctypes_workspace_and_report_exist(self):
		for doctype in APP_DOCTYPES:
			self.assertEqual(frappe.db.get_value("DocType", doctype, "module"), "Estate", doctype)
		self.assertTrue(frappe.db.exists("Workspace", "Property Management"))
		self.assertTrue(frappe.db.exists("Report", "Unit Register"))

	def test_migrate_steps_are_idempotent(self):
		"""The site was installed and migrated already: running the steps again changes nothing."""
		before = snapshot()
		frappe.reload_doc("estate", "doctype", "unit", force=True)
		sync_fixtures("pm_module")
		sync_customizations("pm_module")
		after_install()
		after_migrate()
		self.assertEqual(snapshot(), before)

	def test_changed_position_profile_is_restored(self):
		profile = frappe.get_doc("Role Profile", "Technician")
		profile.append("roles", {"role": "Front Desk"})
		profile.db_update_all()
		after_migrate()
		self.assertEqual([r.role for r in frappe.get_doc("Role Profile", "Technician").roles], ["Technician"])
