"""The sample spreadsheets in pm_module/sample_data import through Frappe's Data Import as they are."""

import frappe
from frappe.core.doctype.data_import.importer import Importer

from pm_module.estate.register import get_owner, get_payer
from pm_module.tests.utils import PMTestCase, ensure_test_company, purge_estate

SAMPLES = [
	("Building", "building.csv", False),
	("Unit", "unit.csv", False),
	("Resident", "resident.csv", False),
	("Occupancy", "occupancy.csv", False),
	("Meter", "meter.csv", False),
	("Meter Reading", "meter_reading.csv", True),
]


def import_sample(doctype: str, filename: str, submit: bool) -> list:
	"""Import as a user does: through a saved Data Import, whose log belongs to it alone.

	(frappe's import_file() works on an unsaved Data Import, so its rows are matched against
	every earlier unsaved import's log and may be skipped as already imported.)"""
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"submit_after_import": submit,
			"mute_emails": 1,
		}
	).insert()
	path = frappe.get_app_path("pm_module", "sample_data", filename)
	return Importer(doctype, data_import=data_import, file_path=path, console=True).import_data()


class TestSampleImport(PMTestCase):
	def setUp(self):
		# Data Import commits row by row: start clean and clean up after
		purge_estate("示例花园", "SG")
		self.addCleanup(purge_estate, "示例花园", "SG")

	def test_sample_files_import_in_order(self):
		frappe.get_doc(
			{
				"doctype": "Estate",
				"estate_name": "示例花园",
				"estate_code": "SG",
				"company": ensure_test_company(),
			}
		).insert()
		for doctype, filename, submit in SAMPLES:
			log = import_sample(doctype, filename, submit)
			self.assertTrue(log and all(row.success for row in log), f"{filename}: {log}")

		self.assertEqual(frappe.db.count("Building", {"estate": "示例花园"}), 2)
		self.assertEqual(frappe.db.count("Unit", {"estate": "示例花园"}), 6)
		self.assertEqual(frappe.db.get_value("Unit", "SG-A-1203", "gross_area"), 143.72)
		self.assertEqual(frappe.db.get_value("Unit", "SG-A-1203", "floor"), 12)
		self.assertTrue(frappe.db.exists("Resident", "SG0004"))
		self.assertEqual(frappe.db.count("Occupancy", {"estate": "示例花园"}), 6)
		self.assertEqual(get_owner("SG-A-1202", "2026-01-01"), "SG0002")
		self.assertEqual(get_payer("SG-A-1202", "2026-01-01"), "SG0003")
		self.assertEqual(get_payer("SG-A-101", "2026-01-01"), "SG0004")
		self.assertTrue(frappe.db.get_value("Resident", "SG0004", "customer"))
		self.assertEqual(frappe.db.count("Meter Reading", {"estate": "示例花园", "docstatus": 1}), 6)
		self.assertEqual(
			frappe.db.get_value(
				"Meter Reading", {"meter": "SG-A-1201-W", "reading_date": "2026-08-31"}, "consumption"
			),
			15.75,
		)
		self.assertEqual(frappe.db.get_value("Meter", "SG-A-1201-E", "last_reading"), 9105)
