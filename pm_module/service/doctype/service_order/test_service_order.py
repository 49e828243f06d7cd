# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from unittest.mock import patch

import frappe
from frappe.utils import add_days, get_datetime, now_datetime, today

from pm_module.billing.doctype.unit_charge.unit_charge import pending_charges
from pm_module.service.doctype.service_order.service_order import (
	customer_service_managers,
	get_billable_service_orders,
)
from pm_module.tests.utils import (
	PMTestCase,
	assert_batched_once,
	make_building,
	make_estate,
	make_item,
	make_occupancy,
	make_resident,
	make_unit,
	make_user,
	position_user,
)

TECH = position_user("Technician")


def office_hours(start="08:30:00", end="17:30:00", holiday_list=None) -> None:
	"""The settings' working time for a test (rolled back with it)."""
	frappe.db.set_single_value(
		"Property Management Settings",
		{"work_start_time": start, "work_end_time": end, "holiday_list": holiday_list},
	)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def make_rate(service="_Test Tap Replacement", pricing="Fixed Price", price=50, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Paid Service Rate",
			"service_name": service,
			"item": make_item("_Test Paid Service", uom="Nos"),
			"uom": "Nos",
			"pricing": pricing,
			"price": price,
			**kwargs,
		}
	).insert(ignore_permissions=True)


def make_order(unit=None, **kwargs):
	unit = unit or make_unit("0901")
	return frappe.get_doc(
		{
			"doctype": "Service Order",
			"estate": make_estate(),
			"unit": unit,
			"requester_name": "李四",
			"contact_phone": "13800000000",
			"content": "厨房水龙头漏水",
			**kwargs,
		}
	).insert()


class ServiceTestCase(PMTestCase):
	"""Office hours 08:30–17:30 and a unit of the test estate for each test."""

	def setUp(self):
		office_hours()
		self.unit = make_unit("0901")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


class TestServiceOrder(ServiceTestCase):
	def setUp(self):
		super().setUp()
		self.owner = make_resident("王五")
		make_occupancy(self.unit, self.owner.name)

	def test_intake_records_receiver_building_and_reply_deadline(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit)
		self.assertEqual(order.status, "Open")
		self.assertEqual(order.received_by, position_user("Front Desk"))
		self.assertEqual(order.building, make_building())
		self.assertTrue(order.name.startswith("SO-"))
		self.assertGreater(get_datetime(order.reply_due), get_datetime(order.received_at))

	def test_steps_cannot_be_set_by_editing(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, status="Closed", price_confirmed=1, technician=TECH)
		self.assertEqual((order.status, order.price_confirmed, order.technician), ("Open", 0, None))
		order.content = "厨房水龙头漏水，水槽下也在渗水"
		order.save()
		order.status = "Closed"
		self.assertRaisesRegex(frappe.ValidationError, "change only through", order.save)
		order.reload()
		order.dispatch(TECH, appointment_time=now_datetime())
		order.reload()
		order.contact_phone = "13800000001"
		order.save()  # an untouched step field read back from the database is no change

	def test_withdrawn_request_is_cancelled_and_unassigned(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit)
		order.dispatch(TECH)
		self.assertRaises(frappe.ValidationError, order.withdraw, "")
		order.reload()
		order.withdraw("业主已自行修好")
		self.assertEqual((order.status, order.decline_reason), ("Cancelled", "业主已自行修好"))
		self.assertFalse(
			frappe.db.exists("ToDo", {"allocated_to": TECH, "reference_name": order.name, "status": "Open"})
		)
		self.assertRaises(frappe.ValidationError, order.dispatch, TECH)

	def test_unit_from_another_estate_is_refused(self):
		other = make_estate("_Test Estate 2", "TF")
		with self.assertRaises(frappe.ValidationError):
			make_order(self.unit, estate=other)

	def test_free_repair_lifecycle(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, repair_category="Security Facility")
		order.dispatch(TECH)
		self.assertEqual(order.status, "Dispatched")
		self.assertTrue(order.replied_at)
		self.assertTrue(
			frappe.db.exists("ToDo", {"allocated_to": TECH, "reference_name": order.name, "status": "Open"})
		)
		# the technician is told: an assignment notification in his bell
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": TECH, "type": "Assignment", "document_name": order.name}
			)
		)
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", order.name)
		order.acknowledge()
		order.arrive()
		order.complete("换了阀芯")
		self.assertTrue(order.return_visit_due)
		order.record_acceptance(1, "好了")
		self.assertEqual(order.status, "Accepted")
		self.assertFalse(order.unit_charge)
		frappe.set_user(position_user("Customer Service Assistant"))
		visit = make_visit(order.name)
		self.assertEqual(visit.unit, self.unit)
		self.assertEqual(str(visit.due_date), str(order.return_visit_due))
		order.reload()
		self.assertEqual(order.status, "Closed")
		self.assertEqual(order.return_visit, visit.name)
		# cancelling the visit (a supervisor's right) reopens the order for a visit
		frappe.set_user(position_user("Customer Service Supervisor"))
		visit.cancel()
		order.reload()
		self.assertEqual(order.status, "Accepted")


def make_visit(order: str, satisfaction="Satisfied", submit=True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": "Service Order",
			"reference_name": order,
			"satisfaction": satisfaction,
			**kwargs,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


OTHER_TECH = "pm-service-test-tech2@example.com"


class TestPaidServiceOrder(ServiceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(OTHER_TECH, ["Technician"])  # commits: before any test data

	def setUp(self):
		super().setUp()
		self.owner = make_resident("王五")
		make_occupancy(self.unit, self.owner.name, start_date="2020-01-01")
		self.rate = make_rate(pricing="Price Range", price=0, min_price=30, max_price=80, plus_materials=1)

	def dispatched(self, **kwargs):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, order_kind="Paid Service", paid_service_rate=self.rate.name, **kwargs)
		order.dispatch(TECH)
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", order.name)
		order.arrive()
		return order

	def test_rate_check_shown_to_the_desk(self):
		from pm_module.service.doctype.paid_service_rate.paid_service_rate import get_rate_check

		self.assertTrue(get_rate_check(self.rate.name)["can_accept"])
		self.rate.db_set("is_active", 0)
		frappe.clear_document_cache("Paid Service Rate", self.rate.name)
		self.assertFalse(get_rate_check(self.rate.name)["can_accept"])
		self.assertFalse(get_rate_check(None)["can_accept"])

	def test_request_outside_schedule_cannot_be_dispatched_and_is_declined(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, order_kind="Paid Service", content="更换整体橱柜")
		self.assertRaises(frappe.ValidationError, order.dispatch, TECH)
		order.reload()
		self.assertRaises(frappe.ValidationError, order.decline, " ")
		order.decline("不在有偿服务收费标准内")
		self.assertEqual((order.status, order.decline_reason), ("Declined", "不在有偿服务收费标准内"))
		self.assertTrue(order.replied_at)
		self.assertRaises(frappe.ValidationError, order.dispatch, TECH)

	def test_paid_lifecycle_ends_on_the_next_invoice(self):
		order = self.dispatched()
		order.append("materials", {"item": make_item("_Test Tap", uom="Nos"), "qty": 1, "rate": 25})
		order.save()
		# completing without a confirmed price is refused
		self.assertRaisesRegex(frappe.ValidationError, "no price confirmed", order.complete)
		order.reload()
		order.confirm_price(60)
		self.assertEqual((order.labour_amount, order.materials_amount, order.price), (60, 25, 85))
		self.assertTrue(order.price_confirmed)
		order.complete("更换水龙头")
		order.record_acceptance(1, "满意", signature="data:image/png;base64,AAAA")
		self.assertEqual(order.status, "Accepted")
		charge = frappe.get_doc("Unit Charge", order.unit_charge)
		self.assertEqual((charge.unit, charge.amount, charge.item), (self.unit, 85, "_Test Paid Service"))
		self.assertEqual((charge.reference_doctype, charge.reference_name), ("Service Order", order.name))
		self.assertIn(order.name, charge.description)
		self.assertEqual(charge.payer, self.owner.name)
		# accepting again (through a visit cycle) does not charge twice
		order.bill()
		self.assertEqual(frappe.db.count("Unit Charge", {"reference_name": order.name}), 1)
		# the paid service's return visit is due by the 10th of next month
		due = get_datetime(order.return_visit_due)
		self.assertEqual(
			(due.day, due.month), (10, add_days(get_datetime(order.completed_at).replace(day=28), 7).month)
		)

		frappe.set_user("Administrator")
		billable = get_billable_service_orders(make_estate(), add_days(today(), -1), today())
		self.assertEqual(
			[(o.name, o.price, o.item, o.unit_charge) for o in billable],
			[(order.name, 85, "_Test Paid Service", charge.name)],
		)
		self.assertEqual(
			get_billable_service_orders(make_estate(), add_days(today(), -40), add_days(today(), -1)), []
		)

		invoice = bill_next_month(self.unit)
		self.assertEqual(frappe.db.get_value("Unit Charge", charge.name, "sales_invoice"), invoice)
		lines = frappe.get_all(
			"Sales Invoice Item", {"parent": invoice}, ["item_code", "amount", "description"]
		)
		self.assertIn(("_Test Paid Service", 85), [(line.item_code, line.amount) for line in lines])
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "docstatus"), 1)
		self.assertEqual(
			get_billable_service_orders(make_estate(), today(), today())[0].sales_invoice, invoice
		)

	def test_price_outside_schedule_needs_supervisor(self):
		order = self.dispatched()
		self.assertRaisesRegex(frappe.ValidationError, "outside the rate schedule", order.confirm_price, 120)
		order.reload()
		self.assertFalse(order.price_confirmed)
		self.assertRaises(frappe.PermissionError, order.approve_price_override, 120, "管道老化需加大工作量")
		frappe.set_user(position_user("Maintenance Supervisor"))
		order = frappe.get_doc("Service Order", order.name)
		order.approve_price_override(120, "管道老化需加大工作量")
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", order.name)
		# the approval is for 120, not any other price
		self.assertRaises(frappe.ValidationError, order.confirm_price, 150)
		order.reload()
		order.confirm_price(120)
		self.assertEqual(
			(order.price, order.price_override_by), (120, position_user("Maintenance Supervisor"))
		)

	def test_materials_drawn_from_stock(self):
		frappe.set_user("Administrator")
		pipe = make_stock_item("_Test PPR Pipe", "Stores - _TPM", qty=10, rate=8)
		order = self.dispatched()
		order.append("materials", {"item": pipe, "qty": 2, "rate": 12, "warehouse": "Stores - _TPM"})
		order.save()
		order.confirm_price(50)
		self.assertEqual(order.price, 74)
		order.complete()
		entry = frappe.get_doc("Stock Entry", order.stock_entry)
		self.assertEqual((entry.docstatus, entry.purpose), (1, "Material Issue"))
		self.assertEqual(
			[(i.item_code, i.qty, i.s_warehouse) for i in entry.items], [(pipe, 2, "Stores - _TPM")]
		)
		self.assertEqual(
			frappe.db.get_value("Bin", {"item_code": pipe, "warehouse": "Stores - _TPM"}, "actual_qty"), 8
		)

	def test_other_technician_may_not_record_steps(self):
		order = self.dispatched()
		frappe.set_user(OTHER_TECH)
		order = frappe.get_doc("Service Order", order.name)
		self.assertRaises(frappe.PermissionError, order.complete)


def make_stock_item(item_code: str, warehouse: str, qty: float, rate: float) -> str:
	"""A stock item with `qty` received into the warehouse."""
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft"),
				"stock_uom": "Nos",
				"is_stock_item": 1,
			}
		).insert(ignore_permissions=True)
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": frappe.db.get_value("Warehouse", warehouse, "company"),
			"items": [{"item_code": item_code, "qty": qty, "t_warehouse": warehouse, "basic_rate": rate}],
		}
	).insert(ignore_permissions=True)
	receipt.submit()
	return item_code


def bill_next_month(unit: str) -> str:
	"""Run the estate's monthly billing for next month; the unit's invoice."""
	from frappe.utils import get_first_day

	frappe.db.set_value("Fee Item", {"estate": make_estate()}, "enabled", 0)
	run = frappe.get_doc(
		{
			"doctype": "Billing Run",
			"estate": make_estate(),
			"billing_cycle": "Monthly",
			"from_date": get_first_day(add_days(get_first_day(today()), 32)),
			"posting_date": today(),
		}
	).insert()
	run.start()
	return frappe.db.get_value(
		"Billing Run Result", {"billing_run": run.name, "unit": unit, "status": "Invoiced"}, "sales_invoice"
	)


class TestReworkAndVisits(ServiceTestCase):
	def completed(self, **kwargs):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit, **kwargs)
		order.dispatch(TECH)
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", order.name)
		order.arrive()
		order.complete("处理完毕")
		return order

	def test_return_visit_before_completion_refused(self):
		frappe.set_user(position_user("Front Desk"))
		order = make_order(self.unit)
		frappe.set_user(position_user("Customer Service Assistant"))
		self.assertRaisesRegex(frappe.ValidationError, "after the work is completed", make_visit, order.name)

	def test_unaccepted_work_is_reworked_then_escalated(self):
		order = self.completed()
		self.assertRaises(frappe.ValidationError, order.record_acceptance, 0, "")
		order.reload()
		order.record_acceptance(0, "还在滴水")
		self.assertEqual((order.status, order.rework_count), ("Rework", 1))
		# an order with an open rework is neither visited nor closed
		self.assertRaisesRegex(frappe.ValidationError, "open rework", order.close)
		frappe.set_user(position_user("Customer Service Assistant"))
		self.assertRaisesRegex(frappe.ValidationError, "open rework", make_visit, order.name)
		frappe.set_user(TECH)
		order.reload()
		order.complete("重新更换密封圈")
		order.record_acceptance(0, "仍然滴水")
		self.assertEqual(order.status, "Escalated")
		# to the estate's customer-service manager (the test site may hold more than one)
		manager = order.escalated_to
		self.assertIn(manager, customer_service_managers(order.estate))
		self.assertIn(position_user("Customer Service Manager"), customer_service_managers(order.estate))
		self.assertTrue(frappe.db.exists("ToDo", {"allocated_to": manager, "reference_name": order.name}))
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": manager, "document_name": order.name})
		)
		# only a department head settles it
		self.assertRaises(frappe.PermissionError, order.resolve_escalation, "更换整个龙头")
		frappe.set_user(manager)
		order = frappe.get_doc("Service Order", order.name)
		order.resolve_escalation("更换整个龙头，业主同意", rework=1)
		self.assertEqual((order.status, order.rework_count), ("Rework", 2))
		frappe.set_user(TECH)
		order.reload()
		order.complete("更换整个龙头")
		frappe.set_user(manager)
		order.reload()
		order.record_acceptance(1)
		self.assertEqual(order.status, "Accepted")

	def test_dissatisfied_visit_reopens_and_spot_check(self):
		order = self.completed(repair_category="Water Leak")
		order.record_acceptance(1)
		frappe.set_user(position_user("Customer Service Assistant"))
		# a water leak is visited after its leak test, 3 working days after it
		self.assertRaisesRegex(frappe.ValidationError, "leak test", make_visit, order.name)
		frappe.set_user(TECH)
		order.reload()
		order.leak_test_at = now_datetime()
		order.save()
		self.assertTrue(order.return_visit_due)
		frappe.set_user(position_user("Customer Service Assistant"))
		self.assertRaisesRegex(frappe.ValidationError, "dissatisfied", make_visit, order.name, "Dissatisfied")
		visit = make_visit(order.name, "Dissatisfied", reason="墙面还有水渍", visit_method="In Person")
		order.reload()
		self.assertEqual((order.status, order.rework_reason), ("Rework", "墙面还有水渍"))
		frappe.set_user(TECH)
		order.complete("重新做防水")
		order.record_acceptance(1)
		frappe.set_user(position_user("Customer Service Assistant"))
		make_visit(order.name, "Basically Satisfied")
		order.reload()
		self.assertEqual(order.status, "Closed")
		# the assistant may not mark a spot check; the manager spot-checks a closed order
		self.assertRaises(frappe.PermissionError, make_visit, order.name, is_spot_check=1)
		frappe.set_user(position_user("Customer Service Manager"))
		make_visit(order.name, is_spot_check=1, visit_method="In Person")
		order.reload()
		self.assertEqual(order.status, "Closed")
		self.assertTrue(visit.name)

	def test_visit_of_another_doctype_refused(self):
		doc = frappe.get_doc(
			{
				"doctype": "Return Visit",
				"reference_doctype": "Unit",
				"reference_name": self.unit,
				"satisfaction": "Satisfied",
			}
		)
		self.assertRaises(frappe.ValidationError, doc.insert)

	def test_monthly_quotas(self):
		from pm_module.service.visits import visit_statistics

		orders = []
		for _i in range(4):
			order = self.completed()
			order.record_acceptance(1)
			orders.append(order.name)
		frappe.set_user(position_user("Customer Service Assistant"))
		make_visit(orders[0], visit_method="In Person")
		make_visit(orders[1])
		make_visit(orders[2], "Dissatisfied", reason="师傅态度不好")
		frappe.set_user(position_user("Customer Service Manager"))
		make_visit(orders[0], is_spot_check=1)
		stats = visit_statistics("Service Order", today(), today(), estate=make_estate())
		self.assertEqual(stats["visits"], 4)
		self.assertEqual(stats["due"], 4)
		self.assertEqual(stats["visit_rate"], 75.0)
		self.assertFalse(stats["quota_visit_rate_met"])
		self.assertEqual((stats["in_person"], stats["in_person_rate"]), (1, 25.0))
		self.assertTrue(stats["quota_in_person_met"])
		self.assertEqual(stats["spot_checks"], 1)
		self.assertFalse(stats["quota_spot_checks_met"])
		self.assertEqual(stats["satisfaction_rate"], 75.0)
		self.assertEqual(stats["dissatisfaction_reasons"], ["师傅态度不好"])
		frappe.set_user(position_user("Customer Service Assistant"))
		frappe.set_user(TECH)
		order = frappe.get_doc("Service Order", orders[2])
		order.complete("重修")
		order.record_acceptance(1)
		frappe.set_user(position_user("Customer Service Assistant"))
		make_visit(orders[3])
		stats = visit_statistics("Service Order", today(), today(), estate=make_estate())
		self.assertEqual(stats["visit_rate"], 100.0)
		self.assertTrue(stats["quota_visit_rate_met"])

	def test_damage_report_notifies_manager(self):
		order = self.completed()
		order.property_damaged = 1
		order.damage_description = "搬动时刮花地板"
		order.compensation_amount = 200
		order.save()
		self.assertTrue(order.damage_reported_at)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": position_user("Customer Service Manager"), "document_name": order.name},
			)
		)


class TestOverdueJobs(ServiceTestCase):
	def test_late_answer_and_late_visit_reported_to_the_receiver(self):
		from pm_module.service.overdue import daily, notify_overdue_replies, overdue_replies, overdue_visits

		desk = position_user("Front Desk")
		frappe.set_user(desk)
		late = make_order(self.unit, received_at=add_days(now_datetime(), -3))
		answered = make_order(self.unit, received_at=add_days(now_datetime(), -3))
		answered.dispatch(TECH)
		self.assertEqual([r.name for r in overdue_replies()], [late.name])
		frappe.set_user(TECH)
		answered.reload()
		answered.arrive()
		answered.complete()
		answered.record_acceptance(1)
		frappe.db.set_value("Service Order", answered.name, "return_visit_due", add_days(now_datetime(), -1))
		self.assertEqual([r.name for r in overdue_visits()], [answered.name])
		frappe.set_user("Administrator")
		notify_overdue_replies()
		notify_overdue_replies()  # once per order
		self.assertEqual(
			frappe.db.count("Notification Log", {"for_user": desk, "document_name": late.name}), 1
		)
		daily()
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": desk, "document_name": answered.name})
		)

	def test_overdue_jobs_in_batches_each_order_once(self):
		from pm_module.service import overdue

		frappe.set_user(position_user("Front Desk"))
		orders = [make_order(self.unit, received_at=add_days(now_datetime(), -3)).name for _i in range(5)]
		frappe.set_user("Administrator")
		bad = orders[3]
		assert_batched_once(self, overdue.notify_overdue_replies, orders, bad, overdue, "notify")
		self.assertTrue(frappe.db.get_value("Service Order", orders[0], "late_answer_reported_at"))
		# an order nobody received (and no supervisor to tell) is still reported only once
		frappe.set_user(position_user("Front Desk"))
		unreceived = make_order(self.unit, received_at=add_days(now_datetime(), -3)).name
		frappe.db.set_value("Service Order", unreceived, "received_by", None)
		frappe.set_user("Administrator")
		with patch.object(overdue, "users_with_role", return_value=[]):
			self.assertEqual(overdue.notify_overdue_replies(), [unreceived])
			self.assertEqual(overdue.notify_overdue_replies(), [])

		# the same orders accepted and their return visits overdue: reported once a day
		for name in orders:
			frappe.db.set_value(
				"Service Order",
				name,
				{"status": "Accepted", "return_visit_due": add_days(now_datetime(), -1)},
			)
		assert_batched_once(self, overdue.notify_overdue_visits, orders, bad, overdue, "notify")
