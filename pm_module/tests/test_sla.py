"""Deadlines in working time (pm_module.sla), as the settings define it: 08:30–17:30 on the days
that are not in the Holiday List (weekends and public holidays)."""

from datetime import datetime, time, timedelta

import frappe

from pm_module.sla import (
	WorkingCalendar,
	add_working_days,
	add_working_minutes,
	day_of_next_month,
	end_of_working_day,
	is_overdue,
)
from pm_module.tests.utils import PMTestCase

# Monday 2026-11-23 … Friday 2026-11-27; Saturday 28 and Sunday 29 are the weekend and Monday 30 a
# public holiday in the test's Holiday List
MON, THU, FRI = "2026-11-23", "2026-11-26", "2026-11-27"
TUE_AFTER = "2026-12-01"


def dt(value: str) -> datetime:
	return datetime.fromisoformat(value)


def set_working_time(start="08:30:00", end="17:30:00", holiday_list=None) -> None:
	frappe.db.set_single_value(
		"Property Management Settings",
		{"work_start_time": start, "work_end_time": end, "holiday_list": holiday_list},
	)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def make_holiday_list() -> str:
	name = "_Test PM Office Holidays"
	if not frappe.db.exists("Holiday List", name):
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": "2026-01-01",
				"to_date": "2027-12-31",
				"holidays": [
					{"holiday_date": "2026-11-28", "description": "Saturday", "weekly_off": 1},
					{"holiday_date": "2026-11-29", "description": "Sunday", "weekly_off": 1},
					{"holiday_date": "2026-11-30", "description": "Public holiday"},
				],
			}
		).insert(ignore_permissions=True)
	return name


class TestWorkingTime(PMTestCase):
	def setUp(self):
		set_working_time(holiday_list=make_holiday_list())

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_minutes_within_working_hours(self):
		self.assertEqual(add_working_minutes(f"{MON} 10:00:00", 15), dt(f"{MON} 10:15:00"))
		self.assertEqual(add_working_minutes(f"{MON} 17:15:00", 15), dt(f"{MON} 17:30:00"))

	def test_hours(self):
		self.assertEqual(add_working_minutes(f"{MON} 09:00:00", 4 * 60), dt(f"{MON} 13:00:00"))
		# 8 working hours from 14:00: 3.5 today, 4.5 tomorrow
		self.assertEqual(add_working_minutes(f"{MON} 14:00:00", 8 * 60), dt("2026-11-24 13:00:00"))

	def test_across_closing_time(self):
		self.assertEqual(add_working_minutes(f"{MON} 17:25:00", 15), dt("2026-11-24 08:40:00"))

	def test_before_opening_and_across_midnight(self):
		self.assertEqual(add_working_minutes(f"{MON} 07:00:00", 15), dt(f"{MON} 08:45:00"))
		self.assertEqual(add_working_minutes(f"{MON} 23:50:00", 15), dt("2026-11-24 08:45:00"))
		self.assertEqual(add_working_minutes("2026-11-24 00:10:00", 15), dt("2026-11-24 08:45:00"))

	def test_friday_evening_to_after_the_weekend_and_holiday(self):
		self.assertEqual(add_working_minutes(f"{FRI} 17:25:00", 15), dt(f"{TUE_AFTER} 08:40:00"))
		self.assertEqual(add_working_minutes(f"{FRI} 19:00:00", 15), dt(f"{TUE_AFTER} 08:45:00"))
		self.assertEqual(add_working_minutes("2026-11-28 10:00:00", 15), dt(f"{TUE_AFTER} 08:45:00"))

	def test_same_day(self):
		self.assertEqual(end_of_working_day(f"{MON} 10:00:00"), dt(f"{MON} 17:30:00"))
		# received after closing: the next working day's close
		self.assertEqual(end_of_working_day(f"{FRI} 18:00:00"), dt(f"{TUE_AFTER} 17:30:00"))

	def test_n_working_days(self):
		self.assertEqual(add_working_days(f"{MON} 10:00:00", 2), dt("2026-11-25 17:30:00"))
		# Thursday + 2: Friday, then (weekend, holiday) Tuesday
		self.assertEqual(add_working_days(f"{THU} 10:00:00", 2), dt(f"{TUE_AFTER} 17:30:00"))
		# received on the Saturday: the clock starts on Tuesday
		self.assertEqual(add_working_days("2026-11-28 10:00:00", 3), dt("2026-12-04 17:30:00"))
		self.assertEqual(add_working_days(f"{MON} 10:00:00", 0), dt(f"{MON} 17:30:00"))

	def test_day_of_next_month(self):
		self.assertEqual(day_of_next_month(f"{MON} 10:00:00", 10), dt("2026-12-10 23:59:59"))
		self.assertEqual(day_of_next_month("2026-12-31", 10), dt("2027-01-10 23:59:59"))
		self.assertEqual(day_of_next_month("2027-01-31", 10), dt("2027-02-10 23:59:59"))

	def test_without_holiday_list_every_day_works(self):
		set_working_time(holiday_list=None)
		self.assertEqual(add_working_minutes(f"{FRI} 17:25:00", 15), dt("2026-11-28 08:40:00"))

	def test_without_hours_the_whole_day_works(self):
		calendar = WorkingCalendar(holiday_list="", start=time.min, end=time.max)
		due = add_working_minutes(f"{MON} 23:50:00", 15, calendar)
		self.assertAlmostEqual(due, dt("2026-11-24 00:05:00"), delta=timedelta(seconds=1))

	def test_other_office_hours(self):
		set_working_time("09:00:00", "18:00:00", make_holiday_list())
		self.assertEqual(add_working_minutes(f"{MON} 17:50:00", 15), dt("2026-11-24 09:05:00"))

	def test_is_overdue(self):
		due = f"{MON} 10:15:00"
		self.assertFalse(is_overdue(due, done_at=f"{MON} 10:10:00"))
		self.assertTrue(is_overdue(due, done_at=f"{MON} 10:16:00"))
		self.assertTrue(is_overdue(due, now=f"{MON} 11:00:00"))
		self.assertFalse(is_overdue(due, now=f"{MON} 10:00:00"))
		self.assertFalse(is_overdue(None))

	def test_service_order_reply_due_uses_working_time(self):
		from pm_module.service.doctype.service_order.test_service_order import make_order
		from pm_module.tests.utils import make_unit

		order = make_order(make_unit("0902"), received_at=f"{FRI} 17:25:00")
		self.assertEqual(order.reply_due, dt(f"{TUE_AFTER} 08:40:00"))
