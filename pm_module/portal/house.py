"""我的房屋: the units a resident belongs to today, the household of each, its cards, and the owner's
requests to add or remove family members (Household Member Request, confirmed by the front desk)."""

import frappe
from frappe import _

from pm_module.estate.doctype.household_member_request.household_member_request import (
	ADD,
	FAMILY_MEMBER,
	REMOVE,
)
from pm_module.estate.register import get_occupancies
from pm_module.portal.access import refuse, require_resident, require_unit

ID_TYPES = (
	"Resident Identity Card",
	"Passport",
	"Mainland Travel Permit (HK/Macau)",
	"Mainland Travel Permit (Taiwan)",
	"Other",
)


def unit_details(unit: str) -> frappe._dict:
	return frappe.db.get_value(
		"Unit",
		unit,
		["name", "unit_number", "unit_type", "floor", "gross_area", "status", "estate", "building"],
		as_dict=True,
	)


def household(unit: str) -> list[frappe._dict]:
	"""Everyone on the unit's register today: name and relation (no phone or ID number: members see
	each other, not each other's data)."""
	return [
		frappe._dict(
			resident=r.resident, name=r.resident_name, role=r.role, since=r.start_date, until=r.end_date
		)
		for r in get_occupancies(unit)
	]


def household_cards(unit: str) -> dict[str, list]:
	"""The unit's access and parking cards that are in use."""
	return {
		"access": frappe.get_all(
			"Access Card",
			filters={"unit": unit, "status": ("in", ("Active", "Pending Approval"))},
			fields=["card_number", "holder_name", "card_type", "status", "valid_to"],
			order_by="holder_name",
		),
		"parking": frappe.get_all(
			"Parking Card",
			filters={"unit": unit, "status": ("in", ("Active", "Unpaid"))},
			fields=["card_number", "holder_name", "vehicle_plate", "status", "valid_to"],
			order_by="vehicle_plate",
		),
	}


def member_requests(unit: str, resident: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Household Member Request",
		filters={"unit": unit, "requested_by": resident},
		fields=["name", "request_type", "member_name", "status", "reply", "creation"],
		order_by="creation desc",
		limit_page_length=10,
	)


def _require_owner(unit: str) -> tuple[str, frappe._dict]:
	resident = require_resident()
	row = require_unit(unit, resident)
	if not row.is_owner:
		refuse(_("Only an owner of unit {0} may change its family members").format(unit), "Unit", unit)
	return resident, row


@frappe.whitelist(methods=["POST"])
def request_add_member(
	unit: str,
	member_name: str,
	relation: str | None = None,
	mobile_no: str | None = None,
	id_type: str | None = None,
	id_number: str | None = None,
) -> str:
	"""An owner asks to add a family member; the front desk confirms it (nothing changes before)."""
	resident, _row = _require_owner(unit)
	if not (member_name or "").strip():
		frappe.throw(_("Please enter the family member's name"))
	if id_type and id_type not in ID_TYPES:
		frappe.throw(_("Unknown ID type {0}").format(id_type))
	return _make_request(
		unit,
		resident,
		ADD,
		member_name=member_name.strip(),
		relation=relation,
		mobile_no=mobile_no,
		id_type=id_type or ("Resident Identity Card" if id_number else ""),
		id_number=id_number,
	)


@frappe.whitelist(methods=["POST"])
def request_remove_member(unit: str, member: str) -> str:
	"""An owner asks to remove a family member of the unit; the front desk confirms it."""
	resident, _row = _require_owner(unit)
	on_unit = [r for r in get_occupancies(unit, roles=(FAMILY_MEMBER,)) if r.resident == member]
	if not on_unit:
		refuse(_("{0} is not a family member of unit {1}").format(member, unit), "Resident", member)
	return _make_request(unit, resident, REMOVE, member=member, member_name=on_unit[0].resident_name)


def _make_request(unit: str, resident: str, request_type: str, **fields) -> str:
	if frappe.db.exists(
		"Household Member Request",
		{
			"unit": unit,
			"status": "Pending",
			"member_name": fields.get("member_name"),
			"request_type": request_type,
		},
	):
		frappe.throw(_("This request is already waiting for the front desk"))
	doc = frappe.get_doc(
		{
			"doctype": "Household Member Request",
			"unit": unit,
			"requested_by": resident,
			"request_type": request_type,
			**fields,
		}
	)
	# the resident has no rights on the register: the request is made for them, checked above
	doc.insert(ignore_permissions=True)
	return doc.name
