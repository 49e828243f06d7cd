"""Reading rounds (抄表) due: the daily reminder to each building's assistants."""

import frappe
from frappe import _
from frappe.utils import cint, get_first_day, get_last_day, getdate, today

from pm_module.estate.utils import get_settings
from pm_module.notifications import notify

DEFAULT_READING_DAY = 25


def reading_day() -> int:
	return min(max(cint(get_settings().meter_reading_day) or DEFAULT_READING_DAY, 1), 28)


def buildings_due(on_date=None) -> list[str]:
	"""Buildings with active meters and no submitted round this month (a round of the building, or
	one of its whole estate), from the reading day of the month on."""
	on_date = getdate(on_date or today())
	if on_date.day < reading_day():
		return []
	month = (get_first_day(on_date), get_last_day(on_date))
	metered = frappe.get_all(
		"Meter",
		filters={"is_active": 1, "building": ("is", "set")},
		pluck="building",
		distinct=True,
	)
	if not metered:
		return []
	rounds = frappe.get_all(
		"Meter Reading Round",
		filters={"docstatus": 1, "reading_date": ("between", month)},
		fields=["estate", "building"],
	)
	read_buildings = {r.building for r in rounds if r.building}
	read_estates = {r.estate for r in rounds if not r.building}
	buildings = frappe.get_all(
		"Building", filters={"name": ("in", metered)}, fields=["name", "estate"], order_by="name"
	)
	return [b.name for b in buildings if b.name not in read_buildings and b.estate not in read_estates]


def remind_due_rounds(on_date=None) -> list[str]:
	"""Daily: the assistants of each building whose round is due are reminded, once a day.
	Returns the buildings reminded of."""
	on_date = getdate(on_date or today())
	reminded = []
	for building in buildings_due(on_date):
		subject = _("The meter reading round of building {0} is due for {1}").format(
			building, on_date.strftime("%Y-%m")
		)
		already = frappe.db.exists(
			"Notification Log",
			{
				"document_type": "Building",
				"document_name": building,
				"subject": subject,
				"creation": (">=", on_date),
			},
		)
		if already:
			continue
		assistants = frappe.get_all(
			"Building Assistant", filters={"parenttype": "Building", "parent": building}, pluck="user"
		)
		if notify(assistants, frappe._dict(doctype="Building", name=building), subject):
			reminded.append(building)
	return reminded
