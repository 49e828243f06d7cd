# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

from functools import partial

import frappe
from frappe.utils import add_days, today

from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	assert_batched_once,
	make_building,
	make_estate,
	make_fee,
	make_meter,
	make_occupancy,
	make_reading,
	make_resident,
	make_unit,
	make_user,
	position_user,
)

START = add_days(today(), -20)


def custody_doc(unit: str, estate: str = TEST_ESTATE, **kwargs):
	meters = frappe.get_all("Meter", filters={"unit": unit}, fields=["name", "last_reading"])
	return frappe.get_doc(
		{
			"doctype": "Custody Agreement",
			"estate": estate,
			"unit": unit,
			"start_date": START,
			"agreement_file": "/private/files/custody.pdf",
			"keys_received": 1,
			"meter_readings": [{"meter": m.name, "reading": (m.last_reading or 0) + 1} for m in meters],
			**kwargs,
		}
	)


class TestCustodyAgreement(PMTestCase):
	def setUp(self):
		make_estate()
		frappe.db.set_single_value(
			"Property Management Settings",
			{"custody_fee_percent": 70, "custody_water_alarm": 5, "custody_electricity_alarm": 20},
		)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		self.assistant = position_user("Customer Service Assistant")
		self.building = make_building("C")
		building = frappe.get_doc("Building", self.building)
		if self.assistant not in [a.user for a in building.assistants]:
			building.append("assistants", {"user": self.assistant})
			building.save()
		self.unit = make_unit("0601", building=self.building, area=100)  # vacant
		self.owner = make_resident("托管业主").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		self.water = make_meter(self.unit, "Water").name
		self.power = make_meter(self.unit, "Electricity").name
		make_reading(self.water, 100, add_days(START, -30), reading_type="Base Reading")
		make_reading(self.power, 500, add_days(START, -30), reading_type="Base Reading")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_custody_unit_is_billed_at_the_custody_percentage(self):
		make_fee("PM Property Fee", 2.5, apply_vacancy_rate=1)
		frappe.db.set_single_value("Property Management Settings", "vacancy_fee_percent", 80)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		frappe.set_user(position_user("Front Desk"))
		doc = custody_doc(self.unit).insert()
		doc.submit()
		frappe.set_user("Administrator")
		self.assertEqual((doc.status, doc.owner_resident), ("Active", self.owner))
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Custody")
		# the readings at the start joined each meter's chain
		self.assertEqual(frappe.db.get_value("Meter", self.water, "last_reading"), 101)

		run = frappe.get_doc(
			{
				"doctype": "Billing Run",
				"estate": TEST_ESTATE,
				"billing_cycle": "Monthly",
				"from_date": "2026-12-01",
				"posting_date": "2026-11-15",
			}
		).insert()
		run.start()
		invoice = frappe.get_doc("Sales Invoice", {"pm_billing_run": run.name, "pm_unit": self.unit})
		# 100 m² × 70 % (not the vacancy's 80 %) × 2.5
		self.assertEqual((invoice.items[0].qty, invoice.grand_total), (70, 175))
		self.assertEqual(invoice.customer, frappe.db.get_value("Resident", self.owner, "customer"))

		# custody ends: back to vacant, billed at the vacancy rate
		doc.end_custody(today())
		self.assertEqual((doc.status, frappe.db.get_value("Unit", self.unit, "status")), ("Ended", "Vacant"))

	def test_meter_movement_raises_the_alarm(self):
		doc = custody_doc(self.unit).insert()
		doc.submit()
		# 3 m³ is within the 5 m³ allowed; 3 more make 6 since the custody began
		make_reading(self.water, 104, add_days(START, 7))
		doc.reload()
		self.assertFalse(doc.meter_alarm)
		reading = make_reading(self.water, 107, add_days(START, 14))
		make_reading(self.power, 510, add_days(START, 14))  # 9 kWh: fine
		doc.reload()
		self.assertTrue(doc.meter_alarm)
		(alarm,) = doc.alarms
		self.assertEqual(
			(alarm.meter, alarm.meter_reading, alarm.movement, alarm.threshold),
			(self.water, reading.name, 6, 5),
		)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": self.assistant, "document_type": "Custody Agreement", "document_name": doc.name},
			)
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_doctype": "Meter Reading", "reference_name": reading.name}
			)
		)
		# electricity over 20 kWh raises its own alarm
		make_reading(self.power, 531, add_days(START, 15))
		doc.reload()
		self.assertEqual([a.meter for a in doc.alarms], [self.water, self.power])

	def test_readings_of_units_not_in_custody_raise_nothing(self):
		make_reading(self.water, 200, add_days(START, 1))
		self.assertFalse(frappe.db.exists("Custody Meter Alarm", {"meter": self.water}))

	def test_occupied_unit_refused(self):
		frappe.db.set_value("Unit", self.unit, "status", "Occupied")
		self.assertRaisesRegex(frappe.ValidationError, "only a vacant unit", custody_doc(self.unit).insert)

	def test_unit_of_another_estate_refused(self):
		other = make_estate("_Test Estate Two", "TT")
		unit = make_unit("0101", building=make_building("B", estate=other), area=50)
		self.assertRaisesRegex(frappe.ValidationError, "belongs to estate", custody_doc(unit).insert)

	def test_signed_agreement_and_readings_required(self):
		doc = custody_doc(self.unit, agreement_file=None).insert()
		self.assertRaisesRegex(frappe.ValidationError, "custody agreement", doc.submit)
		doc.reload()
		doc.agreement_file = "/private/files/custody.pdf"
		doc.meter_readings = doc.meter_readings[:1]
		doc.save()
		self.assertRaisesRegex(frappe.ValidationError, "Read every meter", doc.submit)

	def test_weekly_patrols_recorded_by_the_assistant(self):
		doc = custody_doc(self.unit).insert()
		doc.submit()
		self.assertEqual(str(doc.next_patrol_due), add_days(START, 7))
		frappe.set_user(self.assistant)
		doc = frappe.get_doc("Custody Agreement", doc.name)
		doc.record_patrol(add_days(START, 6), "门窗完好")
		doc.record_patrol(add_days(START, 12), "台风前检查阳台排水", pre_storm=1)
		doc.reload()
		self.assertEqual(
			(str(doc.last_patrol_date), str(doc.next_patrol_due)), (add_days(START, 12), add_days(START, 19))
		)
		self.assertEqual(
			[(p.patrolled_by, p.pre_storm) for p in doc.patrols], [(self.assistant, 0), (self.assistant, 1)]
		)
		self.assertRaisesRegex(frappe.ValidationError, "future", doc.record_patrol, add_days(today(), 1))
		frappe.set_user(position_user("Cashier"))  # may read, not patrol
		doc.reload()
		self.assertRaises(frappe.PermissionError, doc.record_patrol, today())

	def test_due_patrols_reminded_once_a_day(self):
		from pm_module.front_desk.doctype.custody_agreement.custody_agreement import remind_due_patrols

		doc = custody_doc(self.unit).insert()
		doc.submit()
		self.assertEqual(remind_due_patrols(add_days(START, 6)), [])  # a week not yet over
		self.assertEqual(remind_due_patrols(today()), [doc.name])
		self.assertEqual(remind_due_patrols(today()), [])
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.assistant, "document_name": doc.name})
		)
		doc.record_patrol(today(), "正常")
		self.assertEqual(remind_due_patrols(today()), [])

	def test_due_patrols_reminded_in_batches(self):
		from pm_module.front_desk.doctype.custody_agreement import custody_agreement

		agreements = [custody_doc(self.unit).insert()]
		for number in ("0602", "0603", "0604", "0605"):
			unit = make_unit(number, building=self.building, area=100)
			make_occupancy(unit, make_resident(f"托管业主{number}").name, "Owner", "2020-01-01")
			agreements.append(custody_doc(unit).insert())
		for doc in agreements:
			doc.submit()
		assert_batched_once(
			self,
			partial(custody_agreement.remind_due_patrols, today()),
			[d.name for d in agreements],
			agreements[2].name,
			custody_agreement,
			"notify",
		)

	def test_second_custody_and_move_in_refused_while_active(self):
		custody_doc(self.unit).insert().submit()
		frappe.db.set_value("Unit", self.unit, "status", "Vacant")  # even if the status were reset
		self.assertRaisesRegex(frappe.ValidationError, "already in custody", custody_doc(self.unit).insert)

	def test_print_format(self):
		from pm_module.tests.utils import render_print_format

		doc = custody_doc(self.unit).insert()
		doc.append("patrols", {"patrol_date": START, "findings": "门窗完好"})
		html = render_print_format("Custody Agreement Form", doc)
		self.assertIn("空置房托管协议", html)
		self.assertIn("70", html)
		self.assertIn("门窗完好", html)
