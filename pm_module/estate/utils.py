"""Small helpers shared by the register's controllers."""

import re

import frappe
from frappe import _

CODE_PATTERN = re.compile(r"^[A-Za-z0-9]+$")


def clean_code(value: str | None, label: str) -> str:
	"""Codes become part of document names (HG-A-1203): letters and digits only, upper case."""
	code = (value or "").strip().upper()
	if not CODE_PATTERN.match(code):
		frappe.throw(
			_("{0} may contain only letters and digits, got '{1}'").format(_(label), value or ""),
			title=_("Invalid Code"),
		)
	return code


def get_settings():
	"""The Property Management Settings single, cached per request."""
	return frappe.get_cached_doc("Property Management Settings")


def working_day_is_valid(start, end) -> bool:
	"""The office's working day lasts at least an hour (both times set and the end after the start).

	A settings record saved before its defaults were applied holds the time of that save in both
	fields: a working day of microseconds, which would make every deadline lie years ahead."""
	from datetime import date, datetime

	from frappe.utils import get_time

	if not (start and end):
		return False
	length = datetime.combine(date.min, get_time(end)) - datetime.combine(date.min, get_time(start))
	return length.total_seconds() >= 3600


def validate_unit_in_estate(unit: str | None, estate: str | None) -> frappe._dict | None:
	"""Refuse a unit (or parking space) of another estate than the record's.

	Returns the unit's estate and building (None without a unit), for records that take their
	place from the unit."""
	if not unit:
		return None
	row = frappe.db.get_value("Unit", unit, ["estate", "building"], as_dict=True) or frappe._dict()
	if estate and row.estate != estate:
		frappe.throw(
			_("Unit {0} belongs to estate {1}, not {2}").format(
				frappe.bold(unit), frappe.bold(row.estate), frappe.bold(estate)
			),
			title=_("Unit of Another Estate"),
		)
	return row
