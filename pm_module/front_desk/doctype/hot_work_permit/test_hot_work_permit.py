# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, today

from pm_module.front_desk.doctype.renovation_application.renovation_workflow import sync_renovation_workflow
from pm_module.front_desk.doctype.renovation_application.test_renovation_application import (
	CS_SUPERVISOR,
	FRONT_DESK,
	make_application,
	make_approved_application,
	make_owned_unit,
)
from pm_module.tests.utils import PMTestCase, position_user


def make_hot_work(application: str, start=None, end=None, **kwargs):
	start = start or f"{add_days(today(), 1)} 09:00:00"
	return frappe.get_doc(
		{
			"doctype": "Hot Work Permit",
			"renovation_application": application,
			"location": "厨房",
			"work_type": "Welding",
			"operator_name": "张焊工",
			"operator_certificate": "T420106001",
			"start_time": start,
			"end_time": end or f"{add_days(today(), 1)} 11:00:00",
			"extinguisher_ready": 1,
			"combustibles_cleared": 1,
			"fire_watch": "李监护",
			"fire_safety_measures": "配备两具干粉灭火器，清理周边可燃物，专人监护",
			**kwargs,
		}
	).insert()


class TestHotWorkPermit(PMTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sync_renovation_workflow()
		frappe.db.commit()

	def test_only_under_an_approved_permit(self):
		unit, owner = make_owned_unit()
		draft = make_application(unit, owner)
		with self.assertRaisesRegex(frappe.ValidationError, "no active permit"):
			make_hot_work(draft.name)

	def test_time_window_within_the_permit(self):
		app = make_approved_application()
		with self.assertRaisesRegex(frappe.ValidationError, "within the renovation permit"):
			make_hot_work(app.name, f"{add_days(today(), 59)} 09:00:00", f"{add_days(today(), 61)} 09:00:00")
		with self.assertRaisesRegex(frappe.ValidationError, "end after it starts"):
			make_hot_work(app.name, f"{today()} 11:00:00", f"{today()} 10:00:00")

	def test_approved_only_by_approvers_with_fire_safety_in_place(self):
		app = make_approved_application()
		frappe.set_user(FRONT_DESK)
		permit = make_hot_work(app.name, combustibles_cleared=0)
		self.assertEqual((permit.estate, permit.unit), (app.estate, app.unit))
		with self.assertRaises(frappe.PermissionError):
			permit.submit()

		frappe.set_user(CS_SUPERVISOR)
		permit = frappe.get_doc("Hot Work Permit", permit.name)
		with self.assertRaisesRegex(frappe.ValidationError, "combustibles removed"):
			permit.submit()
		permit.reload()
		permit.combustibles_cleared = 1
		permit.save()
		permit.submit()
		self.assertEqual(permit.approved_by, CS_SUPERVISOR)
		notified = frappe.get_all(
			"Notification Log",
			filters={"document_name": app.name, "subject": ("like", f"%{permit.name}%")},
			pluck="for_user",
		)
		self.assertIn(position_user("Security Guard"), notified)
