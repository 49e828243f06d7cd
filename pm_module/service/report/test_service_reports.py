# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, now_datetime, today

from pm_module.service.doctype.service_order.test_service_order import (
	TECH,
	make_order,
	make_visit,
	office_hours,
)
from pm_module.service.report.monthly_service_statistics import monthly_service_statistics
from pm_module.service.report.open_service_orders import open_service_orders
from pm_module.service.report.technician_workload import technician_workload
from pm_module.tests.utils import PMTestCase, make_estate, make_unit, position_user


class TestServiceReports(PMTestCase):
	def setUp(self):
		office_hours()
		unit = make_unit("0904")
		frappe.set_user(position_user("Front Desk"))
		self.late = make_order(unit, received_at=add_days(now_datetime(), -2))
		self.done = make_order(unit, repair_category="Security Facility")
		self.done.dispatch(TECH)
		self.in_hand = make_order(unit)
		self.in_hand.dispatch(TECH)
		frappe.set_user(TECH)
		self.done.reload()
		self.done.arrive()
		self.done.complete()
		self.done.record_acceptance(1)
		frappe.set_user(position_user("Customer Service Assistant"))
		make_visit(self.done.name, "Dissatisfied", reason="地面没清理")
		frappe.set_user("Administrator")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_open_orders_overdue_first(self):
		_columns, data = open_service_orders.execute({"estate": make_estate()})
		self.assertEqual(data[0].name, self.late.name)
		self.assertTrue(data[0].reply_overdue)
		names = [r.name for r in data]
		self.assertIn(self.in_hand.name, names)
		self.assertIn(self.done.name, names)  # reopened for rework by the visit
		_columns, overdue = open_service_orders.execute({"estate": make_estate(), "overdue_only": 1})
		self.assertEqual([r.name for r in overdue], [self.late.name])

	def test_technician_workload(self):
		_columns, data, _msg, _chart = technician_workload.execute({"estate": make_estate()})
		row = next(r for r in data if r.technician == TECH)
		self.assertEqual((row.in_hand, row.completed, row.reworks), (2, 1, 1))

	def test_monthly_statistics_say_why(self):
		result = monthly_service_statistics.execute(
			{"estate": make_estate(), "from_date": today(), "to_date": today()}
		)
		data, summary = result[1], result[4]
		row = next(r for r in data if r.repair_category == "Security Facility")
		self.assertEqual((row.visits, row.dissatisfied, row.dissatisfied_why), (1, 1, "地面没清理"))
		self.assertEqual(next(s for s in summary if s["datatype"] == "Int")["value"], 1)


class TestServiceOrderPrint(PMTestCase):
	def test_triplicate_in_chinese(self):
		office_hours()
		order = make_order(make_unit("0904"), content="卫生间漏水")
		# the format's own template (frappe.get_print would also need the site's built assets)
		frappe.local.lang, frappe.local.lang_full_dict = "zh", None
		try:
			template = frappe.db.get_value("Print Format", "Service Order Triplicate", "html")
			html = frappe.render_template(template, {"doc": order})
		finally:
			frappe.local.lang, frappe.local.lang_full_dict = "en", None
		for copy in ("客户联", "维修联", "存根联"):
			self.assertIn(copy, html)
		self.assertEqual(html.count(order.name), 3)
		self.assertIn("卫生间漏水", html)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
