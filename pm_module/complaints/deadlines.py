"""A complaint's deadlines, from its severity and the settings (the manual's table).

| severity  | who gets it                        | answer        | resolved                          |
| major     | office director, the same day      | within 2 days | within 10 days                    |
| important | the supervisor within 1 hour       | —             | within 3 days                     |
| minor     | the receiver                       | —             | within 2 days or by the date asked |

Days and minutes are working time (pm_module.sla: the settings' Holiday List and hours), counted
from when the complaint was received.
"""

from dataclasses import dataclass
from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate

from pm_module.estate.utils import get_settings
from pm_module.setup.positions import CS_MANAGER, CS_SUPERVISOR, OFFICE_DIRECTOR
from pm_module.sla import WorkingCalendar, add_working_days, add_working_minutes, end_of_working_day

MAJOR, IMPORTANT, MINOR = "Major", "Important", "Minor"
SEVERITIES = (MAJOR, IMPORTANT, MINOR)

# the escalation ladder above the receiver
LEVELS = (CS_SUPERVISOR, CS_MANAGER, OFFICE_DIRECTOR)
# who must hear of a complaint of this severity, and by when (see report_by)
REPORT_TO = {MAJOR: OFFICE_DIRECTOR, IMPORTANT: CS_SUPERVISOR}

REPORT, ANSWER, RESOLUTION = "Report", "Answer", "Resolution"


@dataclass
class Deadlines:
	report_by: datetime | None = None
	answer_by: datetime | None = None
	resolve_by: datetime | None = None


def complaint_deadlines(
	severity: str,
	received_at,
	requested_date: date | str | None = None,
	calendar: WorkingCalendar | None = None,
) -> Deadlines:
	"""The deadlines of a complaint of `severity` received at `received_at`."""
	settings = get_settings()
	calendar = calendar or WorkingCalendar()
	received_at = get_datetime(received_at)
	if severity == MAJOR:
		return Deadlines(
			report_by=end_of_working_day(received_at, calendar),
			answer_by=add_working_days(received_at, settings.major_answer_days, calendar),
			resolve_by=add_working_days(received_at, settings.major_resolve_days, calendar),
		)
	if severity == IMPORTANT:
		return Deadlines(
			report_by=add_working_minutes(received_at, settings.important_escalate_minutes, calendar),
			resolve_by=add_working_days(received_at, settings.important_resolve_days, calendar),
		)
	if severity == MINOR:
		if requested_date:
			requested_date = getdate(requested_date)
			if requested_date < received_at.date():
				frappe.throw(
					_(
						"The resolution date the complainant asks for ({0}) is before the complaint was received"
					).format(frappe.format(requested_date, "Date")),
					title=_("Invalid Date"),
				)
			# by the end of the office's day on the date asked for
			return Deadlines(resolve_by=calendar.closing(requested_date))
		return Deadlines(resolve_by=add_working_days(received_at, settings.minor_resolve_days, calendar))
	frappe.throw(_("Choose the severity: Major, Important or Minor"), title=_("Missing Severity"))


def missed_deadlines(doc, now: datetime) -> list[tuple[str, datetime]]:
	"""The deadlines of a complaint that have passed with their step not done: (kind, due)."""
	if doc.status in ("Resolved", "Closed", "Invalid"):
		return []
	missed = []
	for kind, due, done in (
		(REPORT, doc.report_by, doc.reported_at),
		(ANSWER, doc.answer_by, doc.answered_at),
		(RESOLUTION, doc.resolve_by, doc.resolved_at),
	):
		if due and not done and get_datetime(due) < now:
			missed.append((kind, get_datetime(due)))
	return missed


def next_level(current: str | None, at_least: str | None = None) -> str:
	"""The next rung of the ladder above `current` (the receiver when empty), or `at_least` if higher."""
	index = LEVELS.index(current) + 1 if current else 0
	if at_least:
		index = max(index, LEVELS.index(at_least))
	return LEVELS[min(index, len(LEVELS) - 1)]


@frappe.whitelist()
def get_deadline_settings() -> dict:
	"""The numbers the form shows beside the severity criteria (to whoever may read complaints)."""
	frappe.has_permission("Complaint", "read", throw=True)
	settings = get_settings()
	return {
		field: cint(settings.get(field))
		for field in (
			"major_answer_days",
			"major_resolve_days",
			"important_escalate_minutes",
			"important_resolve_days",
			"minor_resolve_days",
		)
	}
