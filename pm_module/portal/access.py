"""Who a resident is and what they may see: the one place the resident portal (业主服务) asks.

A resident's website user is linked to their Resident record (`Resident.user`, set by the invite).
What they may see is computed from today's register, never stored: the units where they have an
occupancy today, and the payers of those units whose bills they may read. A resident who moved out
loses the unit's records the day after their occupancy ends, with nothing to revoke.

Pages and whitelisted methods call require_resident() / require_unit(); the row-level scope
`resident` (pm_module/permissions/scope.py) uses the same answers for the REST API, prints and
file downloads.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from pm_module.estate.register import OWNER, get_payer
from pm_module.setup.positions import RESIDENT

# the strongest tie first: a resident who is both owner and family member of a unit is its owner
_ROLE_RANK = {OWNER: 0, "Tenant": 1, "Merchant": 1, "Family Member": 2, "Other Occupant": 3}
REFUSED_TITLE = "Portal access refused"

# Records of a unit that name a resident: doctype -> (unit field, resident fields). A resident sees
# such a record while the unit is theirs today and one of the fields names them (scope `resident`).
RESIDENT_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
	"Service Order": ("unit", ("requester",)),
	"Complaint": ("unit", ("complainant",)),
	"Release Slip": ("unit", ("resident", "owner_resident")),
	"Household Member Request": ("unit", ("requested_by",)),
}
# Bills: doctype -> (payer field, unit field), read per bill_scope()
BILL_RECORDS: dict[str, tuple[str, str]] = {
	"Sales Invoice": ("customer", "pm_unit"),
	"Payment Entry": ("party", "pm_unit"),
}
NO_ROWS = "1=0"


def current_resident(user: str | None = None) -> str | None:
	"""The Resident linked to the user (None for guests, staff and unlinked users)."""
	user = user or frappe.session.user
	if not user or user in ("Guest", "Administrator"):
		return None
	return frappe.db.get_value("Resident", {"user": user}, "name")


def is_resident_user(user: str | None = None) -> bool:
	"""A portal user: has the Resident role (staff who are also residents use the desk)."""
	user = user or frappe.session.user
	return user not in ("Guest", "Administrator") and RESIDENT in frappe.get_roles(user)


def require_resident() -> str:
	"""The session's resident; guests and users without a Resident record are refused."""
	if frappe.session.user == "Guest":
		frappe.throw(_("Please log in to use the resident services"), frappe.PermissionError)
	resident = current_resident()
	if not resident:
		refuse(_("Your account is not linked to a resident of the estate"))
	return resident


def resident_units(resident: str, on=None) -> list[frappe._dict]:
	"""The units `resident` belongs to on `on` (default today), one row per unit: unit, unit_number,
	estate, building, role (the strongest of their occupancies), occupancy, is_owner, payer (the
	unit's payer on that day) and pays_fees (the resident is that payer)."""
	on = getdate(on or today())
	occ, unit = frappe.qb.DocType("Occupancy"), frappe.qb.DocType("Unit")
	rows = (
		frappe.qb.from_(occ)
		.join(unit)
		.on(unit.name == occ.unit)
		.select(
			occ.unit,
			unit.unit_number,
			unit.unit_type,
			unit.gross_area,
			unit.estate,
			unit.building,
			occ.role,
			occ.name.as_("occupancy"),
			occ.start_date,
			occ.end_date,
		)
		.where(occ.resident == resident)
		.where(occ.start_date <= on)
		.where(occ.end_date.isnull() | (occ.end_date >= on))
		.orderby(occ.unit)
		.run(as_dict=True)
	)
	by_unit: dict[str, frappe._dict] = {}
	for row in rows:
		kept = by_unit.get(row.unit)
		if not kept or _ROLE_RANK.get(row.role, 9) < _ROLE_RANK.get(kept.role, 9):
			by_unit[row.unit] = row
	for row in by_unit.values():
		row.is_owner = row.role == OWNER
		row.payer = get_payer(row.unit, on)
		row.pays_fees = row.payer == resident
	return list(by_unit.values())


def require_unit(unit: str, resident: str | None = None) -> frappe._dict:
	"""The resident's row of `unit` on today's register, or a logged refusal."""
	resident = resident or require_resident()
	for row in resident_units(resident):
		if row.unit == unit:
			return row
	refuse(_("You do not belong to unit {0}").format(unit), "Unit", unit)


def bill_scope(resident: str) -> list[tuple[str, str]]:
	"""(customer, unit) pairs of the bills the resident may read: for each unit of today's register,
	their own customer's bills of that unit, and for a family member the payer's bills of it (the
	household's). Tenants never see the owner's bills nor owners the paying tenant's."""
	own = frappe.db.get_value("Resident", resident, "customer")
	pairs = []
	for row in resident_units(resident):
		if own:
			pairs.append((own, row.unit))
		if row.role == "Family Member" and row.payer and row.payer != resident:
			payer_customer = frappe.db.get_value("Resident", row.payer, "customer")
			if payer_customer and payer_customer != own:
				pairs.append((payer_customer, row.unit))
	return pairs


def visible_customers(resident: str) -> list[str]:
	"""The payers (ERPNext Customers) whose bills the resident may see on some unit of theirs."""
	return list(dict.fromkeys(customer for customer, _unit in bill_scope(resident)))


def own_customer(resident: str) -> str | None:
	"""The resident's own Customer while they belong to some unit today (their bills without a unit,
	such as a card fee, stay visible to them; a resident who left every unit sees none)."""
	if not resident_units(resident):
		return None
	return frappe.db.get_value("Resident", resident, "customer")


def may_see_bill(resident: str, customer: str | None, unit: str | None) -> bool:
	"""May the resident read a Sales Invoice / Payment Entry of `customer` for `unit`?"""
	if not customer:
		return False
	if not unit:
		return customer == own_customer(resident)
	return (customer, unit) in bill_scope(resident)


def refuse(message: str, doctype: str | None = None, name: str | None = None):
	"""Refuse a resident's attempt, and log it (Error Log "Portal access refused") for the office."""
	details = frappe.as_json(
		{
			"user": frappe.session.user,
			"resident": current_resident(),
			"doctype": doctype,
			"name": name,
			"message": message,
			"path": getattr(getattr(frappe.local, "request", None), "path", None),
		}
	)
	log = frappe.get_doc(
		{
			"doctype": "Error Log",
			"method": REFUSED_TITLE,
			"error": details,
			"reference_doctype": doctype,
			"reference_name": name,
		}
	)
	if getattr(frappe.local, "request", None):
		# a web request rolls back on the refusal: the log goes through frappe's deferred insert
		log.deferred_insert()
	else:
		log.insert(ignore_permissions=True)
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))


# The row-level scope `resident` (pm_module/permissions/scope.py) ----------------------------------


def record_condition(doctype: str, user: str) -> str:
	"""SQL condition on `tab{doctype}`: the records the resident linked to `user` may read."""
	resident = current_resident(user)
	if not resident:
		return NO_ROWS
	table = f"`tab{doctype}`"
	units = [row.unit for row in resident_units(resident)]
	if not units:
		return NO_ROWS
	in_units = ", ".join(frappe.db.escape(u) for u in units)
	if doctype == "Resident":
		return f"{table}.`name` = {frappe.db.escape(resident)}"
	if doctype == "Unit":
		return f"{table}.`name` in ({in_units})"
	if doctype == "Estate Notice":
		estates = ", ".join(frappe.db.escape(e) for e in {row.estate for row in resident_units(resident)})
		return f"({table}.`estate` in ({estates}) and {table}.`docstatus` = 1)"
	if doctype in BILL_RECORDS:
		payer, unit = BILL_RECORDS[doctype]
		parts = [
			f"({table}.`{payer}` = {frappe.db.escape(c)} and {table}.`{unit}` = {frappe.db.escape(u)})"
			for c, u in bill_scope(resident)
		]
		if own := own_customer(resident):
			parts.append(
				f"({table}.`{payer}` = {frappe.db.escape(own)} and ifnull({table}.`{unit}`, '') = '')"
			)
		if not parts:
			return NO_ROWS
		condition = "(" + " or ".join(parts) + ")"
		if doctype == "Payment Entry":
			condition = f"({table}.`party_type` = 'Customer' and {condition})"
		return condition
	if doctype in RESIDENT_RECORDS:
		unit_field, resident_fields = RESIDENT_RECORDS[doctype]
		named = " or ".join(f"{table}.`{f}` = {frappe.db.escape(resident)}" for f in resident_fields)
		return f"({table}.`{unit_field}` in ({in_units}) and ({named}))"
	return NO_ROWS


def child_condition(child_doctype: str, user: str) -> str:
	"""SQL condition on a child table (Sales Invoice Item …): the rows of the parents the resident may
	read. frappe lists a child table (/api/resource/Sales Invoice Item?parent=Sales Invoice) with the
	parent's DocPerms but not its row-level conditions, so the rows are narrowed to those parents here."""
	from frappe.model import table_fields

	from pm_module.permissions.matrix import scopes_by_doctype

	readable = [d for d, roles in scopes_by_doctype().items() if roles.get(RESIDENT) == "resident"]
	parents = frappe.get_all(
		"DocField",
		filters={"fieldtype": ("in", table_fields), "options": child_doctype, "parent": ("in", readable)},
		pluck="parent",
		distinct=True,
	) + frappe.get_all(
		"Custom Field",
		filters={"fieldtype": ("in", table_fields), "options": child_doctype, "dt": ("in", readable)},
		pluck="dt",
		distinct=True,
	)
	table = f"`tab{child_doctype}`"
	parts = [
		f"({table}.`parenttype` = {frappe.db.escape(parent)} and {table}.`parent` in "
		f"(select `name` from `tab{parent}` where {record_condition(parent, user)}))"
		for parent in dict.fromkeys(parents)
	]
	return "(" + " or ".join(parts) + ")" if parts else NO_ROWS


def may_read(doc, doctype: str, user: str) -> bool:
	"""One document: may the resident linked to `user` read it (forms, REST, prints, attachments)?"""
	resident = current_resident(user)
	if not resident:
		return False
	units = {row.unit: row for row in resident_units(resident)}
	if doctype == "Resident":
		return doc.get("name") == resident
	if doctype == "Unit":
		return doc.get("name") in units
	if doctype == "Estate Notice":
		return doc.get("docstatus") == 1 and doc.get("estate") in {r.estate for r in units.values()}
	if doctype in BILL_RECORDS:
		payer, unit = BILL_RECORDS[doctype]
		if doctype == "Payment Entry" and doc.get("party_type") != "Customer":
			return False
		return may_see_bill(resident, doc.get(payer), doc.get(unit))
	if doctype in RESIDENT_RECORDS:
		unit_field, resident_fields = RESIDENT_RECORDS[doctype]
		return doc.get(unit_field) in units and any(doc.get(f) == resident for f in resident_fields)
	return False
