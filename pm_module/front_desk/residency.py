"""What the desk's move-in, ownership-transfer and custody procedures share.

The unit check, the resident card that becomes (or updates) a Resident, the owner's occupancy,
the meter readings taken when a unit changes hands, and the notices sent to other departments.
"""

import frappe
from frappe import _
from frappe.utils import add_days, formatdate, getdate

# The resident card on a procedure's form has the Resident's own fieldnames
RESIDENT_CARD_FIELDS = (
	"resident_name",
	"resident_type",
	"id_type",
	"id_number",
	"mobile_no",
	"email",
	"emergency_contact_name",
	"emergency_contact_relation",
	"emergency_contact_phone",
	"bank_name",
	"bank_account_holder",
	"bank_account_no",
	"id_copy_front",
	"id_copy_back",
)


def get_unit_of_estate(unit: str, estate: str) -> frappe._dict:
	"""The unit's status and place; refuses a unit of another estate."""
	row = frappe.db.get_value("Unit", unit, ["name", "estate", "building", "status"], as_dict=True)
	if not row:
		frappe.throw(_("Unit {0} does not exist").format(unit))
	if row.estate != estate:
		frappe.throw(
			_("Unit {0} belongs to estate {1}, not {2}").format(
				frappe.bold(unit), frappe.bold(row.estate), frappe.bold(estate)
			),
			title=_("Unit of Another Estate"),
		)
	return row


def active_custody(unit: str) -> str | None:
	return frappe.db.get_value("Custody Agreement", {"unit": unit, "docstatus": 1, "status": "Active"})


# The resident card ----------------------------------------------------------------------------------


def validate_card(doc) -> None:
	"""Refuse a card whose identity card number fails its check character, before anything is saved."""
	from pm_module.estate.doctype.resident.resident import CHINESE_ID_CARD, is_valid_chinese_id

	if doc.get("id_number"):
		doc.id_number = doc.id_number.strip().upper()
		if doc.id_type == CHINESE_ID_CARD and not is_valid_chinese_id(doc.id_number):
			frappe.throw(
				_("{0} is not a valid resident identity card number").format(doc.id_number),
				title=_("Invalid ID Number"),
			)


def save_resident_card(doc) -> str:
	"""Register the card's person as a Resident, or bring the chosen/known Resident up to date.

	A resident already registered with the card's ID number is the same person, not a new one."""
	values = {f: doc.get(f) for f in RESIDENT_CARD_FIELDS if doc.get(f)}
	name = doc.resident
	if not name and doc.get("id_number"):
		name = frappe.db.get_value("Resident", {"id_number": doc.id_number, "id_type": doc.id_type or ""})
	if name:
		resident = frappe.get_doc("Resident", name)
		resident.update(values)
	else:
		resident = frappe.get_doc({"doctype": "Resident", **values})
	# the card is part of the procedure the clerk may carry out
	resident.flags.ignore_permissions = True
	resident.save()
	doc.resident = resident.name
	return resident.name


def fill_card_from_resident(doc) -> None:
	"""An existing resident chosen on the form: blanks of the card are filled from the register."""
	if not doc.resident:
		return
	known = frappe.db.get_value("Resident", doc.resident, list(RESIDENT_CARD_FIELDS), as_dict=True) or {}
	for field, value in known.items():
		if not doc.get(field) and value:
			doc.set(field, value)


# The register ----------------------------------------------------------------------------------------


def open_owner_occupancy(unit: str, resident: str, start_date, remarks: str) -> str:
	"""The resident owns `unit` from `start_date`: their occupancy (a Customer follows for billing)."""
	occupancy = frappe.get_doc(
		{
			"doctype": "Occupancy",
			"unit": unit,
			"resident": resident,
			"role": "Owner",
			"start_date": start_date,
			"remarks": remarks,
		}
	)
	occupancy.flags.ignore_permissions = True
	return occupancy.insert().name


def end_occupancy(occupancy: str, end_date) -> None:
	doc = frappe.get_doc("Occupancy", occupancy)
	if getdate(end_date) < getdate(doc.start_date):
		frappe.throw(
			_("{0}'s occupancy began on {1}: it cannot end on {2}").format(
				doc.resident_name, formatdate(doc.start_date), formatdate(end_date)
			)
		)
	doc.end_date = end_date
	doc.flags.ignore_permissions = True
	doc.save()


def day_before(date) -> str:
	return add_days(getdate(date), -1)


def set_unit_status(unit: str, status: str) -> None:
	frappe.db.set_value("Unit", unit, "status", status)


# Meter readings at a handover ---------------------------------------------------------------------------


def validate_meter_rows(rows, unit: str, require_all: bool) -> None:
	"""Each row is a meter of this unit, once; with `require_all`, every active meter is read."""
	meters = set(frappe.get_all("Meter", filters={"unit": unit, "is_active": 1}, pluck="name"))
	seen = set()
	for row in rows:
		if row.meter not in meters:
			frappe.throw(
				_("Row {0}: meter {1} is not an active meter of unit {2}").format(row.idx, row.meter, unit)
			)
		if row.meter in seen:
			frappe.throw(_("Row {0}: meter {1} is read twice").format(row.idx, row.meter))
		seen.add(row.meter)
	missing = meters - seen
	if require_all and missing:
		frappe.throw(
			_("Read every meter of the unit: {0} has no reading").format(", ".join(sorted(missing))),
			title=_("Meter Reading Missing"),
		)


def submit_meter_readings(rows, reading_date, remarks: str) -> None:
	"""The readings of the form become submitted Meter Readings (the base reading of a new meter)."""
	for row in rows:
		if row.meter_reading:
			continue
		reading = frappe.get_doc(
			{
				"doctype": "Meter Reading",
				"meter": row.meter,
				"reading_date": reading_date,
				"reading": row.reading,
				"remarks": remarks,
			}
		)
		reading.flags.ignore_permissions = True
		reading.insert()
		reading.submit()
		row.db_set("meter_reading", reading.name)


def cancel_meter_readings(rows) -> None:
	for row in reversed(rows):
		if row.meter_reading and frappe.db.get_value("Meter Reading", row.meter_reading, "docstatus") == 1:
			reading = frappe.get_doc("Meter Reading", row.meter_reading)
			reading.flags.ignore_permissions = True
			reading.cancel()


# Notices to other departments ------------------------------------------------------------------------------


def building_assistants(building: str | None) -> list[str]:
	if not building:
		return []
	return frappe.get_all(
		"Building Assistant", filters={"parenttype": "Building", "parent": building}, pluck="user"
	)
