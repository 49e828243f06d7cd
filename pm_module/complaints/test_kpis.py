"""Each complaint KPI's formula on a known set, and the monthly report on real complaints."""

from datetime import datetime

import frappe

from pm_module.complaints import kpis
from pm_module.complaints.report.complaint_kpis.complaint_kpis import execute
from pm_module.tests.utils import PMTestCase, make_estate, make_unit


def row(
	status,
	severity="Minor",
	category="Equipment",
	building="TE-A",
	cause=None,
	received="2026-11-02 10:00",
	resolve_by="2026-11-04 17:30",
	resolved=None,
	satisfaction=None,
):
	return {
		"name": f"C-{frappe.generate_hash(length=5)}",
		"status": status,
		"severity": severity,
		"category": category,
		"building": building,
		"cause": cause,
		"received_at": datetime.fromisoformat(received),
		"resolve_by": datetime.fromisoformat(resolve_by) if resolve_by else None,
		"resolved_at": datetime.fromisoformat(resolved) if resolved else None,
		"satisfaction": satisfaction,
	}


# ten complaints of November 2026, as the office would have them at 20 Nov
ROWS = [
	row("Closed", resolved="2026-11-03 12:00", satisfaction="Satisfied", cause="电梯异响"),
	row("Closed", resolved="2026-11-05 09:00", satisfaction="Basically Satisfied", cause="电梯异响"),
	row(
		"Closed",
		"Important",
		"Environment",
		"TE-B",
		resolved="2026-11-04 12:00",
		satisfaction="Satisfied",
		cause="垃圾清运不及时",
	),
	row("Reopened", "Important", "Environment", "TE-B", satisfaction="Dissatisfied", cause="垃圾清运不及时"),
	row(
		"Resolved",
		"Major",
		"Security",
		resolve_by="2026-11-16 17:30",
		resolved="2026-11-12 10:00",
		cause="电梯异响",
	),
	row("Invalid", "Minor", "Other"),
	row("In Progress", "Major", "Security", resolve_by="2026-11-30 17:30"),
	row(
		"Accepted",
		"Minor",
		"Building Fabric",
		"TE-B",
		received="2026-11-18 09:00",
		resolve_by="2026-11-19 17:30",
	),
	row("New", "Minor", "General Services", received="2026-11-20 09:00", resolve_by="2026-11-24 17:30"),
	row("Answered", "Important", "Equipment", received="2026-10-30 09:00", resolve_by="2026-11-04 17:30"),
]
NOW = datetime(2026, 11, 20, 12, 0)


class TestComplaintKPIs(PMTestCase):
	def test_handling_rate(self):
		# handled: 3 closed + 1 resolved + 1 invalid = 5 of 10
		self.assertEqual(kpis.handling_rate(ROWS), 50.0)
		self.assertIsNone(kpis.handling_rate([]))

	def test_return_visit_rate(self):
		# to visit: 3 closed, 1 resolved, 1 reopened after its visit = 5; visited: 4
		self.assertEqual(kpis.return_visit_rate(ROWS), 80.0)

	def test_satisfaction(self):
		# visited 4: satisfied 2 + basically satisfied 1
		self.assertEqual(kpis.satisfaction_rate(ROWS), 75.0)

	def test_deadline_compliance_per_severity(self):
		compliance = kpis.deadline_compliance(ROWS, NOW)
		# minor: on time (3 Nov), late (5 Nov), accepted one past its 19 Nov deadline; the new one
		# is not due yet and the invalid one does not count -> 1 of 3
		self.assertEqual(compliance["Minor"], 33.3)
		# important: on time, reopened and past due, answered and past due -> 1 of 3
		self.assertEqual(compliance["Important"], 33.3)
		# major: resolved on time; the one in progress is not due yet -> 1 of 1
		self.assertEqual(compliance["Major"], 100.0)

	def test_counts_and_recurring_causes(self):
		self.assertEqual(kpis.count_by(ROWS, "category")[0], ("Equipment", 3))
		self.assertEqual(dict(kpis.count_by(ROWS, "building")), {"TE-A": 7, "TE-B": 3})
		self.assertEqual(kpis.by_month(ROWS), [("2026-10", 1), ("2026-11", 9)])
		self.assertEqual(kpis.top_causes(ROWS), [("电梯异响", 3), ("垃圾清运不及时", 2)])

	def test_monthly_report_on_real_complaints(self):
		estate = make_estate()
		unit = make_unit("0901")
		base = {
			"doctype": "Complaint",
			"estate": estate,
			"unit": unit,
			"complainant_name": "王五",
			"description": "楼道灯不亮",
			"category": "Equipment",
			"severity": "Minor",
			"received_at": "2026-09-10 10:00:00",
		}
		closed = frappe.get_doc(base).insert()
		closed.accept()
		closed.resolve("已更换灯泡", cause="灯泡老化")
		closed.report_back()
		closed.on_return_visit(
			frappe._dict(name="RV-TEST", satisfaction="Satisfied", visit_time="2026-09-11 10:00:00")
		)
		frappe.get_doc({**base, "category": "Environment"}).insert()
		frappe.get_doc({**base, "received_at": "2026-10-01 10:00:00"}).insert()  # another month

		result = kpis.complaint_kpis("2026-09-01", "2026-09-30", estate)
		self.assertEqual(result["received"], 2)
		self.assertEqual(
			(result["handling_rate"], result["return_visit_rate"], result["satisfaction"]),
			(50.0, 100.0, 100.0),
		)
		self.assertEqual(result["targets"]["satisfaction"], 98.0)

		_columns, data, _message, chart, _summary = execute({"estate": estate, "month": "2026-09-15"})
		by_indicator = {(r["group"], r["indicator"]): r for r in data}
		self.assertEqual(by_indicator[("Rates (%)", "Complaint Handling Rate")]["value"], 50.0)
		self.assertEqual(by_indicator[("Rates (%)", "Complaint Handling Rate")]["met"], 0)
		self.assertEqual(by_indicator[("Rates (%)", "Satisfaction")]["met"], 1)
		self.assertEqual(by_indicator[("By Category", "Equipment")]["value"], 1)
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 2)
		self.assertEqual(by_indicator[("Return Visits", "Spot Checks")]["target"], 3)


class TestComplaintDemo(PMTestCase):
	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_demo_complaints(self):
		from pm_module.complaints.demo import CASES, make_demo
		from pm_module.complaints.doctype.complaint.test_complaint import set_calendar

		set_calendar()
		estate = make_estate()
		for number in ("0201", "0202", "0203"):
			make_unit(number)
		names = make_demo(estate)
		self.assertEqual(len(names), len(CASES))
		statuses = set(frappe.get_all("Complaint", {"name": ("in", names)}, pluck="status"))
		self.assertTrue({"New", "In Progress", "Answered", "Invalid"} <= statuses, statuses)
		self.assertTrue(frappe.db.exists("Complaint Escalation", {"parent": ("in", names)}))
		self.assertTrue(frappe.db.exists("Complaint", {"name": ("in", names), "routed_to_administration": 1}))
		if frappe.db.exists("DocType", "Return Visit"):
			self.assertTrue({"Closed", "Reopened"} <= statuses, statuses)
