"""Row-level scope: which records of a DocType a user sees, by estate, building or assignment.

Three scopes, named per role × DocType in the `scope` column of matrix.csv:

- estate   Staff of one estate never see another estate's records. Frappe's User Permission on
           Estate does it: give each staff user one (assign_estate()) and every DocType with a
           Link to Estate (`estate`, Sales Invoice's `pm_estate` …) is filtered in lists, reports,
           link search, the REST API and prints, by frappe itself. A user without any Estate
           permission is not restricted (a site with one estate needs no setup). Resident has no
           estate field, so this module adds the rule for it: the residents who live or own in
           the user's estates, and those not yet registered to any unit.
- building Only the records of the buildings the user looks after (listed in the Building's
           `assistants` table): Building by name, records with a `building` field by it, records
           with only a `unit` by the unit's building, residents by their occupancies. Records
           of no building (estate-wide, e.g. a common meter) stay visible. A user who looks after
           no building sees none of them.
- assigned Only the records assigned to the user: an assignee field (ASSIGNEE_FIELDS) or frappe's
           Assign To (`_assign`).
- own      Only the records the user created (`owner`): staff outside the customer-service centre
           relay complaints and follow the ones they relayed.
- resident A resident in the portal (role Resident): only the records of the units and payers they
           belong to on today's register, as pm_module.portal.access answers it (record_condition /
           may_read); records of units they left are out of scope from the day after.

A user with several roles gets the widest scope of the roles that may read the DocType. Both hooks
are registered for every DocType ("*" in hooks.py) and return at once for DocTypes the matrix
gives no narrower scope, so a new DocType gets its scope from its matrix rows, not from code.
The hooks only narrow: DocPerms decide whether the DocType can be read at all.
"""

import json

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions

from pm_module.permissions.matrix import scopes_by_doctype
from pm_module.portal import access

ASSIGNEE_FIELDS = ("technician", "assigned_to")
NO_ROWS = "1=0"


# Who is assigned to what -----------------------------------------------------------------------


def assign_estate(user: str, estate: str) -> None:
	"""Restrict a staff user to an estate (they may get several): a User Permission on Estate."""
	if not frappe.db.exists("User Permission", {"user": user, "allow": "Estate", "for_value": estate}):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": "Estate",
				"for_value": estate,
				"apply_to_all_doctypes": 1,
			}
		).insert(ignore_permissions=True)


def user_estates(user: str) -> list[str] | None:
	"""The estates a user is restricted to, or None when not restricted."""
	restrictions = get_user_permissions(user).get("Estate")
	return [r.get("doc") for r in restrictions] if restrictions else None


def estate_allowed(estate: str | None, user: str | None = None) -> bool:
	"""False when the user is restricted to some estates (User Permission on Estate) and not this one."""
	estates = user_estates(user or frappe.session.user)
	return not estate or estates is None or estate in estates


def check_estate_allowed(estate: str | None, user: str | None = None) -> None:
	"""For code that reads with frappe.get_all / raw queries (reports' totals): refuse an estate the
	user is restricted away from."""
	if not estate_allowed(estate, user):
		frappe.throw(
			frappe._("You may not see the records of estate {0}").format(estate),
			frappe.PermissionError,
			title=frappe._("Not Permitted"),
		)


def estate_filter(estate: str | None, user: str | None = None) -> str | tuple | None:
	"""For code that reads with frappe.get_all (totals): the value of its `estate` filter. The chosen
	estate (refused when the user is restricted away from it), else the user's estates, else None
	(not restricted: no filter)."""
	check_estate_allowed(estate, user)
	if estate:
		return estate
	estates = user_estates(user or frappe.session.user)
	return ("in", estates) if estates is not None else None


def assigned_buildings(user: str) -> list[str]:
	return frappe.get_all(
		"Building Assistant", filters={"user": user, "parenttype": "Building"}, pluck="parent"
	)


def effective_scopes(doctype: str, user: str) -> set[str] | None:
	"""The narrowing scopes that apply to the user on this DocType; None when not narrowed."""
	if user == "Administrator":
		return None
	by_role = scopes_by_doctype().get(doctype)
	if not by_role:
		return None
	mine = {scope for role, scope in by_role.items() if role in frappe.get_roles(user)}
	if not mine or "estate" in mine:
		return None
	return mine


# permission_query_conditions -------------------------------------------------------------------


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL condition for lists, reports and link search (hooks.py: permission_query_conditions)."""
	user = user or frappe.session.user
	if doctype and access.is_resident_user(user) and frappe.get_meta(doctype).istable:
		return access.child_condition(doctype, user)
	if not doctype or user == "Administrator" or doctype not in scopes_by_doctype():
		return ""
	conditions = []
	if doctype == "Resident" and (estates := user_estates(user)) is not None:
		conditions.append(_resident_condition("u.estate", estates))
	scopes = effective_scopes(doctype, user)
	if scopes:
		parts = [_scope_condition(doctype, scope, user) for scope in sorted(scopes)]
		conditions.append("(" + " or ".join(parts) + ")")
	return " and ".join(conditions)


def _scope_condition(doctype: str, scope: str, user: str) -> str:
	table = f"`tab{doctype}`"
	meta = frappe.get_meta(doctype)
	if scope == "own":
		return f"{table}.`owner` = {frappe.db.escape(user)}"
	if scope == "resident":
		return access.record_condition(doctype, user)
	if scope == "assigned":
		like = frappe.db.escape(f'%"{user}"%')
		parts = [f"{table}.`{f}` = {frappe.db.escape(user)}" for f in ASSIGNEE_FIELDS if meta.has_field(f)]
		parts.append(f"{table}.`_assign` like {like}")
		return "(" + " or ".join(parts) + ")"
	buildings = assigned_buildings(user)
	if not buildings:
		return NO_ROWS if doctype in ("Building", "Resident") else _no_building(table, meta)
	values = ", ".join(frappe.db.escape(b) for b in buildings)
	if doctype == "Building":
		return f"{table}.`name` in ({values})"
	if doctype == "Resident":
		return _resident_condition("u.building", buildings)
	if meta.has_field("building"):
		return f"({table}.`building` in ({values}) or ifnull({table}.`building`, '') = '')"
	if meta.has_field("unit"):
		return (
			f"({table}.`unit` in (select `name` from `tabUnit` where `building` in ({values}))"
			f" or ifnull({table}.`unit`, '') = '')"
		)
	return NO_ROWS


def _no_building(table: str, meta) -> str:
	"""A user who looks after no building still sees the estate-wide records."""
	if meta.has_field("building"):
		return f"ifnull({table}.`building`, '') = ''"
	if meta.has_field("unit"):
		return f"ifnull({table}.`unit`, '') = ''"
	return NO_ROWS


def _resident_condition(column: str, values: list[str]) -> str:
	"""Residents with an occupancy whose unit's `column` is one of `values`, or with none at all."""
	listed = ", ".join(frappe.db.escape(v) for v in values) or "''"
	occupancies = "select 1 from `tabOccupancy` o join `tabUnit` u on u.`name` = o.`unit`"
	in_scope = f"exists ({occupancies} where o.`resident` = `tabResident`.`name` and {column} in ({listed}))"
	if column == "u.building":
		return in_scope
	# a count, not "not exists": MariaDB materialises that subquery and probes it row by row, 1.2 s
	# over 50,000 residents where the count's index lookups take 0.1 s (scale_benchmark.py)
	unregistered = "(select count(*) from `tabOccupancy` o where o.`resident` = `tabResident`.`name`) = 0"
	return f"({in_scope} or {unregistered})"


# has_permission --------------------------------------------------------------------------------


def has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	"""One document (forms, REST, prints): False when out of the user's scope, else None (no say)."""
	user = user or frappe.session.user
	doctype = doc.get("doctype") if isinstance(doc, dict) else doc.doctype
	if user == "Administrator" or doctype not in scopes_by_doctype():
		return None
	if doctype == "Resident" and (estates := user_estates(user)) is not None:
		if not _resident_in(doc.get("name"), "estate", estates):
			return False
	scopes = effective_scopes(doctype, user)
	if scopes and not any(_doc_in_scope(doc, doctype, scope, user, ptype) for scope in scopes):
		return False
	return None


def _doc_in_scope(doc, doctype: str, scope: str, user: str, ptype: str | None) -> bool:
	if scope == "own":
		return ptype == "create" or doc.get("owner") in (None, user)
	if scope == "resident":
		return access.may_read(doc, doctype, user)
	if scope == "assigned":
		if ptype == "create":
			return True  # nothing is assigned before it exists
		assignees = json.loads(doc.get("_assign") or "[]")
		return user in assignees or any(doc.get(f) == user for f in ASSIGNEE_FIELDS)
	buildings = assigned_buildings(user)
	if doctype == "Building":
		return doc.get("name") in buildings
	if doctype == "Resident":
		return _resident_in(doc.get("name"), "building", buildings, unregistered=False)
	meta = frappe.get_meta(doctype)
	if meta.has_field("building"):
		building = doc.get("building")
		if not building and meta.has_field("unit") and doc.get("unit"):
			building = frappe.db.get_value("Unit", doc.get("unit"), "building")
	elif meta.has_field("unit"):
		building = doc.get("unit") and frappe.db.get_value("Unit", doc.get("unit"), "building")
	else:
		return False
	return not building or building in buildings


def _resident_in(resident: str | None, column: str, values: list[str], unregistered: bool = True) -> bool:
	if not resident:
		return unregistered
	occ, unit = frappe.qb.DocType("Occupancy"), frappe.qb.DocType("Unit")
	found = set(
		frappe.qb.from_(occ)
		.join(unit)
		.on(unit.name == occ.unit)
		.select(unit[column])
		.where(occ.resident == resident)
		.run(pluck=True)
	)
	if not found:
		return unregistered
	return bool(found & set(values))
