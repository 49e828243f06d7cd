# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from datetime import date, datetime, timedelta

import frappe

from pm_module.complaints.deadlines import complaint_deadlines
from pm_module.complaints.escalation import escalate_overdue_complaints
from pm_module.setup.positions import (
	ADMINISTRATION,
	CS_MANAGER,
	CS_SUPERVISOR,
	FRONT_DESK,
	MAINTENANCE_SUPERVISOR,
	OFFICE_DIRECTOR,
	TECHNICIAN,
)
from pm_module.tests.utils import (
	PMTestCase,
	assert_batched_once,
	make_building,
	make_estate,
	make_unit,
	position_user,
	render_print_format,
)

SETTINGS = "Property Management Settings"
HOLIDAY_LIST = "_Test PM Complaint Holidays"
NEW_YEAR = date(2027, 1, 1)  # a Friday and a public holiday


def dt(value: str) -> datetime:
	return datetime.strptime(value, "%Y-%m-%d %H:%M")


def make_holiday_list() -> str:
	"""Weekends from November 2026 to February 2027, and New Year's Day."""
	if not frappe.db.exists("Holiday List", HOLIDAY_LIST):
		start, end = date(2026, 11, 1), date(2027, 2, 28)
		days = [start + timedelta(n) for n in range((end - start).days + 1)]
		holidays = [
			{"holiday_date": d, "description": "Weekend", "weekly_off": 1} for d in days if d.weekday() >= 5
		]
		holidays.append({"holiday_date": NEW_YEAR, "description": "New Year"})
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": HOLIDAY_LIST,
				"from_date": start,
				"to_date": end,
				"holidays": holidays,
			}
		).insert(ignore_permissions=True)
	return HOLIDAY_LIST


def set_calendar():
	for field, value in (
		("holiday_list", make_holiday_list()),
		("work_start_time", "08:30:00"),
		("work_end_time", "17:30:00"),
	):
		frappe.db.set_single_value(SETTINGS, field, value)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def make_complaint(**kwargs):
	unit = kwargs.pop("unit", None) or make_unit("0801")
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"estate": make_estate(),
			"unit": unit,
			"complainant_name": "李四",
			"complainant_phone": "13800000000",
			"channel": "Phone",
			"description": "电梯噪音很大",
			"complainant_request": "尽快维修",
			"category": "Equipment",
			"severity": "Minor",
			"received_at": "2026-11-30 09:00:00",
			**kwargs,
		}
	)
	return doc.insert()


def visit(name: str, satisfaction: str, reason: str = ""):
	"""What the shared Return Visit passes to the complaint (a stand-in with its contract's fields)."""
	return frappe._dict(
		name=f"RV-{frappe.generate_hash(length=6)}",
		reference_doctype="Complaint",
		reference_name=name,
		satisfaction=satisfaction,
		reason=reason,
		visit_time="2026-12-03 10:00:00",
	)


class TestComplaint(PMTestCase):
	def setUp(self):
		set_calendar()

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache(SETTINGS, SETTINGS)

	# --- deadlines -------------------------------------------------------------------------------

	def test_major_deadlines_from_a_friday_evening(self):
		# after closing on Friday: the clock starts on Monday 08:30
		d = complaint_deadlines("Major", "2026-11-27 19:00:00")
		self.assertEqual(d.report_by, dt("2026-11-30 17:30"))  # to the office director that day
		self.assertEqual(d.answer_by, dt("2026-12-02 17:30"))  # 2 working days
		self.assertEqual(d.resolve_by, dt("2026-12-14 17:30"))  # 10 working days

	def test_important_deadlines_over_a_public_holiday(self):
		# 30 minutes left on Thursday 31 Dec; Friday 1 Jan is a holiday, then the weekend
		d = complaint_deadlines("Important", "2026-12-31 17:00:00")
		self.assertEqual(d.report_by, dt("2027-01-04 09:00"))
		self.assertIsNone(d.answer_by)
		self.assertEqual(d.resolve_by, dt("2027-01-06 17:30"))

	def test_major_received_on_a_holiday_is_reported_the_next_working_day(self):
		d = complaint_deadlines("Major", "2027-01-01 10:00:00")
		self.assertEqual(d.report_by, dt("2027-01-04 17:30"))

	def test_minor_deadlines_or_the_date_asked_for(self):
		d = complaint_deadlines("Minor", "2026-11-27 10:00:00")
		self.assertIsNone(d.report_by)
		self.assertEqual(d.resolve_by, dt("2026-12-01 17:30"))
		d = complaint_deadlines("Minor", "2026-11-27 10:00:00", "2026-12-10")
		self.assertEqual(d.resolve_by, dt("2026-12-10 17:30"))
		self.assertRaises(
			frappe.ValidationError, complaint_deadlines, "Minor", "2026-11-27 10:00:00", "2026-11-20"
		)

	def test_deadlines_follow_the_settings(self):
		frappe.db.set_single_value(SETTINGS, "minor_resolve_days", 4)
		frappe.clear_document_cache(SETTINGS, SETTINGS)
		self.assertEqual(
			complaint_deadlines("Minor", "2026-11-27 10:00:00").resolve_by, dt("2026-12-03 17:30")
		)

	def test_deadlines_on_the_form(self):
		doc = make_complaint(severity="Major", category="Security", received_at="2026-11-27 19:00:00")
		self.assertEqual(doc.report_by, dt("2026-11-30 17:30"))
		self.assertEqual(doc.answer_by, dt("2026-12-02 17:30"))
		self.assertEqual(doc.resolve_by, dt("2026-12-14 17:30"))
		self.assertTrue(doc.name.startswith("CMP-"))
		doc.severity = "Minor"
		doc.save()
		self.assertIsNone(doc.report_by)
		self.assertEqual(doc.resolve_by, dt("2026-12-02 17:30"))

	# --- bad input -------------------------------------------------------------------------------

	def test_category_and_severity_are_required(self):
		with self.assertRaisesRegex(frappe.ValidationError, "category"):
			make_complaint(category="")
		with self.assertRaisesRegex(frappe.ValidationError, "severity"):
			make_complaint(severity="")
		self.assertRaises(frappe.ValidationError, make_complaint, category="Noise")

	def test_group_complaint_is_major(self):
		self.assertRaises(frappe.ValidationError, make_complaint, is_group_complaint=1, severity="Minor")
		self.assertTrue(make_complaint(is_group_complaint=1, severity="Major").is_group_complaint)

	def test_unit_from_another_estate_is_refused(self):
		make_estate("_Test Estate 2", "TE2")
		other = make_unit("0101", make_building("B", estate="_Test Estate 2"))
		self.assertRaises(frappe.ValidationError, make_complaint, unit=other)

	def test_closing_needs_result_and_report_back(self):
		doc = make_complaint()
		doc.status = "Closed"
		with self.assertRaisesRegex(frappe.ValidationError, "result"):
			doc.save()
		doc.reload()
		doc.accept()
		doc.resolve("已更换电梯导轨")
		doc.status = "Closed"
		with self.assertRaisesRegex(frappe.ValidationError, "Report the result"):
			doc.save()

	# --- acceptance and routing ------------------------------------------------------------------

	def test_a_relayer_corrects_only_their_complaint_until_it_is_accepted(self):
		frappe.set_user(position_user(TECHNICIAN))
		doc = make_complaint()
		doc.complainant_request = "尽快派人维修电梯"
		doc.save()  # still New: the technician who relayed it may correct it
		frappe.set_user(position_user(FRONT_DESK))
		frappe.get_doc("Complaint", doc.name).accept()
		frappe.set_user(position_user(TECHNICIAN))
		doc = frappe.get_doc("Complaint", doc.name)
		doc.complainant_request = "改"
		self.assertRaises(frappe.PermissionError, doc.save)
		# a maintenance supervisor reads the estate's complaints but changes none of another's
		frappe.set_user(position_user(FRONT_DESK))
		other = make_complaint()
		frappe.set_user(position_user(MAINTENANCE_SUPERVISOR))
		other = frappe.get_doc("Complaint", other.name)
		other.description = "改"
		self.assertRaises(frappe.PermissionError, other.save)

	def test_only_customer_service_accepts(self):
		frappe.set_user(position_user(TECHNICIAN))
		doc = make_complaint()  # a technician may relay a complaint
		self.assertEqual(doc.received_by, position_user(TECHNICIAN))
		self.assertRaises(frappe.PermissionError, doc.accept)
		frappe.set_user(position_user(MAINTENANCE_SUPERVISOR))
		self.assertRaises(frappe.PermissionError, frappe.get_doc("Complaint", doc.name).accept)

		frappe.set_user(position_user(FRONT_DESK))
		doc = frappe.get_doc("Complaint", doc.name)
		doc.accept()
		self.assertEqual(doc.status, "Accepted")
		# the relayed complaint is now owned by the customer-service centre, and the change is logged
		self.assertEqual(doc.received_by, position_user(FRONT_DESK))
		self.assertEqual(doc.reassignments[-1].from_user, position_user(TECHNICIAN))
		self.assertEqual(doc.reassignments[-1].to_user, position_user(FRONT_DESK))

	def test_reassignment_is_logged(self):
		frappe.set_user(position_user(FRONT_DESK))
		doc = make_complaint()
		doc.accept()
		self.assertRaises(frappe.ValidationError, doc.reassign, position_user(CS_SUPERVISOR), "")
		doc.reassign(position_user(CS_SUPERVISOR), "负责该楼栋")
		self.assertEqual(doc.received_by, position_user(CS_SUPERVISOR))
		row = doc.reassignments[-1]
		self.assertEqual(
			(row.from_user, row.to_user, row.reason),
			(position_user(FRONT_DESK), position_user(CS_SUPERVISOR), "负责该楼栋"),
		)
		self.assertTrue(row.reassigned_at)

	def test_complaint_about_the_centre_goes_to_administration(self):
		frappe.set_user(position_user(FRONT_DESK))
		doc = make_complaint(complained_department="Customer Service Centre", complained_party="前台王五")
		self.assertTrue(doc.about_cs_centre)
		self.assertTrue(doc.routed_to_administration)
		self.assertEqual(doc.actions[0].action_type, "Routing")
		frappe.set_user("Administrator")
		assigned = frappe.get_all(
			"ToDo",
			{"reference_type": "Complaint", "reference_name": doc.name, "status": "Open"},
			pluck="allocated_to",
		)
		self.assertIn(position_user(ADMINISTRATION), assigned)
		# the customer-service centre does not accept a complaint about itself
		frappe.set_user(position_user(FRONT_DESK))
		self.assertRaises(frappe.PermissionError, frappe.get_doc("Complaint", doc.name).accept)
		frappe.set_user(position_user(ADMINISTRATION))
		doc = frappe.get_doc("Complaint", doc.name)
		doc.accept()
		self.assertEqual((doc.status, doc.received_by), ("Accepted", position_user(ADMINISTRATION)))

	def test_acceptance_reports_to_the_level_of_the_severity(self):
		doc = make_complaint(severity="Major", category="Security")
		doc.accept()
		self.assertEqual(doc.reported_to, OFFICE_DIRECTOR)
		self.assertTrue(doc.reported_at)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": position_user(OFFICE_DIRECTOR), "document_name": doc.name}
			)
		)
		doc = make_complaint(severity="Important")
		doc.accept()
		self.assertEqual(doc.reported_to, CS_SUPERVISOR)
		self.assertFalse(make_complaint().reported_to)

	# --- escalation by the scheduled job ----------------------------------------------------------

	def test_missed_resolution_climbs_the_ladder(self):
		doc = make_complaint(severity="Minor", received_at="2026-11-30 09:00:00")  # due Wed 2 Dec 17:30
		doc.accept()
		self.assertNotIn(doc.name, escalate_overdue_complaints(now="2026-12-02 17:00:00"))
		self.assertIn(doc.name, escalate_overdue_complaints(now="2026-12-02 18:00:00"))
		doc.reload()
		self.assertEqual(doc.escalation_level, CS_SUPERVISOR)
		self.assertTrue(doc.is_overdue)
		row = doc.escalations[0]
		self.assertEqual(
			(row.deadline, row.due, row.level), ("Resolution", dt("2026-12-02 17:30"), CS_SUPERVISOR)
		)
		self.assertIn(position_user(CS_SUPERVISOR), row.notified)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": position_user(CS_SUPERVISOR), "document_name": doc.name}
			)
		)
		# not again within a working day of the last escalation (Fri 4 Dec 17:30)
		self.assertNotIn(doc.name, escalate_overdue_complaints(now="2026-12-03 10:00:00"))
		self.assertIn(doc.name, escalate_overdue_complaints(now="2026-12-04 18:00:00"))
		self.assertIn(doc.name, escalate_overdue_complaints(now="2026-12-08 18:00:00"))
		doc.reload()
		self.assertEqual([r.level for r in doc.escalations], [CS_SUPERVISOR, CS_MANAGER, OFFICE_DIRECTOR])
		# the top of the ladder: nothing more
		self.assertNotIn(doc.name, escalate_overdue_complaints(now="2026-12-10 18:00:00"))
		# resolved: no longer overdue, never escalated again
		doc.resolve("已处理")
		self.assertFalse(doc.is_overdue)
		self.assertNotIn(doc.name, escalate_overdue_complaints(now="2026-12-20 18:00:00"))

	def test_escalation_in_batches_each_complaint_once(self):
		from pm_module.complaints import escalation

		names = []
		for _i in range(5):
			doc = make_complaint(severity="Minor")  # to be resolved by Wed 2 Dec 17:30
			doc.accept()
			names.append(doc.name)
		# each quarter of an hour: the one that failed the first time, and nothing twice
		runs = iter(("2026-12-02 18:00:00", "2026-12-02 18:15:00", "2026-12-02 18:30:00"))

		def every_quarter(batch_size):
			return escalation.escalate_overdue_complaints(now=next(runs), batch_size=batch_size)

		assert_batched_once(self, every_quarter, names, names[0], escalation, "escalate")
		self.assertEqual([len(frappe.get_doc("Complaint", name).escalations) for name in names], [1] * 5)

	def test_major_not_reported_the_same_day_goes_to_the_director(self):
		doc = make_complaint(severity="Major", category="Security", received_at="2026-11-30 09:00:00")
		self.assertIn(doc.name, escalate_overdue_complaints(now="2026-11-30 18:00:00"))
		doc.reload()
		self.assertEqual(doc.escalations[0].deadline, "Report")
		self.assertEqual(doc.escalation_level, OFFICE_DIRECTOR)
		self.assertEqual(doc.reported_to, OFFICE_DIRECTOR)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": position_user(OFFICE_DIRECTOR), "document_name": doc.name}
			)
		)
		# the answer deadline (Wed 2 Dec) is a new miss, escalated once
		self.assertIn(doc.name, escalate_overdue_complaints(now="2026-12-03 09:00:00"))
		doc.reload()
		self.assertEqual([r.deadline for r in doc.escalations], ["Report", "Answer"])

	# --- the procedure and the return-visit loop --------------------------------------------------

	def test_invalid_complaint_is_answered_with_the_reason(self):
		doc = make_complaint()
		self.assertRaises(frappe.ValidationError, doc.mark_invalid, "不属于物业管理范围", "")
		doc.reload()
		doc.mark_invalid("不属于物业管理范围", "已礼貌解释并提供燃气公司电话")
		self.assertEqual(doc.status, "Invalid")
		self.assertEqual(doc.invalid_reason, "不属于物业管理范围")
		self.assertEqual([r.action_type for r in doc.actions], ["Invalid", "Answer"])
		self.assertTrue(doc.reported_back_at)

	def test_reopen_loop(self):
		frappe.set_user(position_user(FRONT_DESK))
		doc = make_complaint(severity="Important")
		self.assertRaises(frappe.ValidationError, doc.validate_return_visit, visit(doc.name, "Satisfied"))
		doc.accept()
		doc.record_action("已通知维修主管派工")
		self.assertEqual(doc.status, "In Progress")
		doc.answer("明天上午维修")
		self.assertEqual(doc.status, "Answered")
		# a visit before resolution is refused
		self.assertRaisesRegex(
			frappe.ValidationError, "after it is resolved", doc.on_return_visit, visit(doc.name, "Satisfied")
		)
		doc.reload()
		doc.resolve("已更换电梯导轨", cause="电梯导轨磨损")
		self.assertEqual(doc.status, "Resolved")
		self.assertEqual(doc.return_visit_due, frappe.get_doc(doc.doctype, doc.name).get_return_visit_due())
		# ... and before the result is reported to the complainant
		self.assertRaisesRegex(
			frappe.ValidationError,
			"report the result",
			doc.validate_return_visit,
			visit(doc.name, "Satisfied"),
		)
		doc.report_back()

		doc.on_return_visit(visit(doc.name, "Dissatisfied", "仍有噪音"))
		self.assertEqual((doc.status, doc.reopen_count, doc.satisfaction), ("Reopened", 1, "Dissatisfied"))
		# the rework's deadline: 3 working days (important) from the visit on Thursday 3 Dec
		self.assertEqual(doc.resolve_by, dt("2026-12-08 17:30"))
		self.assertFalse(doc.resolved_at)
		self.assertEqual(doc.actions[-1].action_type, "Reopened")

		doc.record_action("更换电梯减震垫")
		doc.resolve("噪音已消除")
		doc.report_back("电话告知业主")
		satisfied = visit(doc.name, "Basically Satisfied")
		doc.on_return_visit(satisfied)
		self.assertEqual(
			(doc.status, doc.satisfaction, doc.return_visit),
			("Closed", "Basically Satisfied", satisfied.name),
		)
		self.assertTrue(doc.closed_at)

		# a cancelled visit reopens the question
		doc.on_return_visit_cancel(satisfied)
		self.assertEqual(doc.status, "Resolved")
		self.assertFalse(doc.satisfaction)

	def test_return_visit_due(self):
		doc = make_complaint()
		doc.accept()
		doc.flags.now = "2026-12-31 10:00:00"
		doc.resolve("已处理")
		# two working days after Thursday 31 Dec: Mon 4 and Tue 5 Jan
		self.assertEqual(doc.return_visit_due, dt("2027-01-05 17:30"))

	def test_reopen_loop_through_the_shared_return_visit(self):
		if not frappe.db.exists("DocType", "Return Visit"):
			self.skipTest("the shared Return Visit is not on this site yet")
		frappe.set_user(position_user(FRONT_DESK))
		doc = make_complaint()
		doc.accept()
		# a visit before the resolution is refused
		self.assertRaisesRegex(frappe.ValidationError, "after it is resolved", make_visit, doc, "Satisfied")
		doc.resolve("已更换灯具")
		doc.report_back()
		first = make_visit(doc, "Dissatisfied", reason="灯仍然闪烁")
		self.assertEqual(first.due_date, doc.get_return_visit_due())
		doc.reload()
		self.assertEqual((doc.status, doc.return_visit, doc.reopen_count), ("Reopened", first.name, 1))

		doc.record_action("更换镇流器")
		doc.resolve("灯已正常")
		doc.report_back()
		second = make_visit(doc, "Satisfied")
		doc.reload()
		self.assertEqual((doc.status, doc.satisfaction), ("Closed", "Satisfied"))

		# a cancelled visit undoes its closing; a superseded one changes nothing
		frappe.set_user("Administrator")
		second.cancel()
		doc.reload()
		self.assertEqual((doc.status, doc.satisfaction), ("Resolved", None))
		first.cancel()
		doc.reload()
		self.assertEqual((doc.status, doc.reopen_count), ("Resolved", 1))
		make_visit(doc, "Basically Satisfied")
		doc.reload()
		self.assertEqual(doc.status, "Closed")

		# the manager's spot check of the closed complaint leaves it closed
		frappe.set_user(position_user(CS_MANAGER))
		make_visit(doc, "Satisfied", is_spot_check=1)
		doc.reload()
		self.assertEqual(doc.status, "Closed")
		self.assertEqual(doc.actions[-1].action_type, "Note")


def make_visit(doc, satisfaction: str, **kwargs):
	visit = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": "Complaint",
			"reference_name": doc.name,
			"visit_method": "Phone",
			"visit_time": frappe.utils.now_datetime(),
			"satisfaction": satisfaction,
			**kwargs,
		}
	).insert()
	visit.submit()
	return visit


class TestComplaintPrints(PMTestCase):
	def test_complaint_record_and_group_notice_print(self):
		doc = make_complaint(
			severity="Major",
			category="Environment",
			is_group_complaint=1,
			description="小区垃圾站异味严重",
			notice_title="关于垃圾站异味问题的处理进展",
			notice_text="<p>已联系环卫部门每日清运两次。</p>",
		)
		doc.accept()
		doc.record_action("增加垃圾清运频次")
		record, notice = (
			render_print_format(name, doc) for name in ("Complaint Record", "Group Complaint Notice")
		)
		self.assertIn("顾客投诉处理记录表", record)
		self.assertIn(doc.name, record)
		self.assertIn("增加垃圾清运频次", record)
		self.assertIn("环境管理", record)
		self.assertIn("公告", notice)
		self.assertIn("关于垃圾站异味问题的处理进展", notice)
		self.assertIn("已联系环卫部门每日清运两次", notice)
		self.assertIn("增加垃圾清运频次", notice)
