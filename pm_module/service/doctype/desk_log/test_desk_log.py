# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt


import frappe
from frappe.utils import add_days, getdate, today

from pm_module.service.doctype.desk_log.desk_log import review_open_desk_logs
from pm_module.tests.utils import (
	PMTestCase,
	assert_batched_once,
	make_estate,
	make_unit,
	position_user,
)


def make_log(**kwargs):
	return frappe.get_doc(
		{
			"doctype": "Desk Log",
			"estate": make_estate(),
			"source": "Call",
			"content": "业主来电：楼道灯不亮",
			**kwargs,
		}
	).insert()


class TestDeskLog(PMTestCase):
	def setUp(self):
		self.unit = make_unit("0903")
		frappe.set_user(position_user("Front Desk"))

	def test_closing_needs_follow_up(self):
		log = make_log(unit=self.unit)
		self.assertEqual(
			(log.status, log.logged_by, log.building), ("Open", position_user("Front Desk"), "TE-A")
		)
		log.status = "Closed"
		self.assertRaisesRegex(frappe.ValidationError, "follow-up", log.save)
		log.reload()
		log.status = "Closed"
		log.follow_up = "已通知工程部更换灯泡"
		log.save()
		self.assertTrue(log.closed_at)

	def test_unit_from_another_estate_refused(self):
		frappe.set_user("Administrator")
		other = make_estate("_Test Estate 2", "TF")
		self.assertRaises(frappe.ValidationError, make_log, estate=other, unit=self.unit)

	def test_escalation_only_to_heads(self):
		log = make_log()
		log.escalated_to = position_user("Technician")
		self.assertRaisesRegex(frappe.ValidationError, "Escalate to", log.save)
		log.reload()
		log.escalated_to = position_user("Customer Service Manager")
		log.save()
		self.assertTrue(log.escalated_at)
		self.assertTrue(
			frappe.db.exists(
				"ToDo",
				{"allocated_to": position_user("Customer Service Manager"), "reference_name": log.name},
			)
		)

	def test_request_becomes_service_order(self):
		log = make_log(unit=self.unit, contact_name="赵六", contact_phone="13900000000")
		order = frappe.get_doc("Service Order", log.make_service_order())
		self.assertEqual((order.unit, order.channel, order.requester_name), (self.unit, "Phone", "赵六"))
		self.assertEqual((order.reference_doctype, order.reference_name), ("Desk Log", log.name))
		self.assertEqual(order.received_by, position_user("Front Desk"))
		log.reload()
		self.assertEqual((log.status, log.service_order), ("Closed", order.name))

	def test_daily_review_reminds_supervisors_of_open_items(self):
		old = make_log(log_date=add_days(today(), -2))
		reviewed = make_log(log_date=add_days(today(), -1))
		reviewed.mark_reviewed("已联系业主，明天上门")
		self.assertIn("已联系业主", reviewed.follow_up)
		frappe.set_user("Administrator")
		review_open_desk_logs()
		supervisor = position_user("Front Desk Supervisor")
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": supervisor, "document_name": old.name})
		)
		self.assertFalse(
			frappe.db.exists("Notification Log", {"for_user": supervisor, "document_name": reviewed.name})
		)

	def test_daily_review_in_batches_once_a_day(self):
		from pm_module.service.doctype.desk_log import desk_log

		logs = [make_log(log_date=add_days(today(), -1)).name for _i in range(5)]
		frappe.set_user("Administrator")
		bad = logs[2]
		assert_batched_once(self, desk_log.review_open_desk_logs, logs, bad, desk_log, "notify")
		self.assertEqual(frappe.db.get_value("Desk Log", logs[0], "reminded_on"), getdate(today()))
		supervisor = position_user("Front Desk Supervisor")
		self.assertEqual(
			frappe.db.count("Notification Log", {"for_user": supervisor, "document_name": logs[0]}), 1
		)
		# the next day it is reminded of again
		frappe.db.set_value("Desk Log", logs[0], "reminded_on", add_days(today(), -1))
		self.assertEqual(desk_log.review_open_desk_logs(batch_size=2), [logs[0]])

	def test_future_date_refused(self):
		self.assertRaises(frappe.ValidationError, make_log, log_date=add_days(today(), 1))
