"""Deadlines in the office's working time (the SLA service shared by work orders, complaints and visits).

The manual counts most deadlines in working time: a request's 15-minute reply, a complaint's
"resolved within 3 days". Working time is what Property Management Settings defines: the hours
from `work_start_time` to `work_end_time` on every day that is not in the settings' Holiday List
(ERPNext Holiday Lists hold the weekly days off as well as public holidays). Without a Holiday List
every day is a working day; without hours the whole day is.

    due = add_working_minutes(received, 15)     # reply deadline
    due = end_of_working_day(received)          # "the same day"
    due = add_working_days(received, 3)         # "within 3 days"
"""

from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, get_time, getdate

from pm_module.estate.utils import get_settings, working_day_is_valid

# no deadline of the manual is further away than this; a Holiday List with no working day in a
# year is a configuration error, not a reason to loop for ever
MAX_DAYS_SEARCHED = 366


class WorkingCalendar:
	"""The office's working days and hours, read once from the settings."""

	def __init__(self, holiday_list: str | None = None, start: time | None = None, end: time | None = None):
		settings = get_settings()
		holiday_list = holiday_list if holiday_list is not None else settings.holiday_list
		self.holidays: set[date] = set(
			frappe.get_all("Holiday", {"parent": holiday_list}, pluck="holiday_date") if holiday_list else []
		)
		self.start: time = start or (
			get_time(settings.work_start_time) if settings.work_start_time else time.min
		)
		self.end: time = end or (get_time(settings.work_end_time) if settings.work_end_time else time.max)
		if not working_day_is_valid(self.start, self.end):
			frappe.throw(_("The working day must last at least one hour"))

	def is_working_day(self, day: date) -> bool:
		return day not in self.holidays

	def opening(self, day: date) -> datetime:
		return datetime.combine(day, self.start)

	def closing(self, day: date) -> datetime:
		return datetime.combine(day, self.end)

	def next_working_day(self, day: date) -> date:
		for _day in range(MAX_DAYS_SEARCHED):
			day += timedelta(days=1)
			if self.is_working_day(day):
				return day
		frappe.throw(_("The Holiday List leaves no working day within a year"))

	def clock_start(self, moment: datetime) -> datetime:
		"""When the clock starts for something received at `moment`: at once in working hours,
		else at the next opening."""
		day = moment.date()
		if self.is_working_day(day):
			if moment < self.opening(day):
				return self.opening(day)
			if moment < self.closing(day):
				return moment
		return self.opening(self.next_working_day(day))


def _calendar(calendar: WorkingCalendar | None) -> WorkingCalendar:
	return calendar or WorkingCalendar()


def add_working_minutes(start, minutes: int, calendar: WorkingCalendar | None = None) -> datetime:
	"""`minutes` of working time after `start` (a call at 17:25 with 15 minutes is due at 08:40
	of the next working day when the office closes at 17:30)."""
	cal = _calendar(calendar)
	moment = cal.clock_start(get_datetime(start))
	left = timedelta(minutes=minutes)
	while True:
		available = cal.closing(moment.date()) - moment
		if left <= available:
			return moment + left
		left -= available
		moment = cal.opening(cal.next_working_day(moment.date()))


def end_of_working_day(start, calendar: WorkingCalendar | None = None) -> datetime:
	"""'The same day': the close of the working day on which the clock starts."""
	cal = _calendar(calendar)
	return cal.closing(cal.clock_start(get_datetime(start)).date())


def add_working_days(start, days: int, calendar: WorkingCalendar | None = None) -> datetime:
	"""'Within N days': the close of the N-th working day after the day the clock starts."""
	cal = _calendar(calendar)
	day = cal.clock_start(get_datetime(start)).date()
	for _day in range(days):
		day = cal.next_working_day(day)
	return cal.closing(day)


def day_of_next_month(start, day_of_month: int) -> datetime:
	"""'By the 10th of the following month' (end of that day, a calendar date)."""
	first_of_next = (getdate(start).replace(day=1) + timedelta(days=32)).replace(day=1)
	return datetime.combine(first_of_next.replace(day=day_of_month), time.max.replace(microsecond=0))


def is_overdue(due, done_at=None, now=None) -> bool:
	"""Late: done after the deadline, or not done and the deadline has passed."""
	if not due:
		return False
	moment = get_datetime(done_at) if done_at else get_datetime(now or frappe.utils.now_datetime())
	return moment > get_datetime(due)
