"""The permission matrix: which role may do what on which DocType, and on which records.

`matrix.csv` beside this file is the one readable place. One row per role × DocType × permlevel
with the permission types as 0/1 columns and a `scope` column for the records the role sees:

- `estate`   the records of the user's estates (frappe's User Permission on Estate, see scope.py);
- `building` only those of the buildings the user looks after (Building → assistants);
- `assigned` only those assigned to the user (an assignee field or frappe's Assign To);
- `own`      only those the user created (e.g. a complaint a technician relayed);
- `resident` a resident's own records (role Resident, the resident portal): those of the units
             and payers they belong to on today's register (pm_module/portal/access.py).

A position (岗位) is a Role Profile of one or more roles (pm_module.setup.positions.POSITIONS):
what a position may do is the union of its roles' rows. Rows are per role, not per position,
because DocPerms are per role; the report "Permission Matrix" shows the effective matrix per
position, with the domain actions of positions.ACTIONS (checked in code with check_action()).

How the matrix is applied
-------------------------
- pm_module's own DocTypes: the matrix is the source of their DocType JSON `permissions`.
  After editing matrix.csv run

      bench --site <site> execute pm_module.permissions.matrix.write_doctype_permissions

  and commit the JSON; `bench migrate` loads it as ordinary DocPerms. The test
  pm_module/tests/test_permission_matrix.py fails while a JSON and the matrix differ, or while a
  DocType of the app has no rows. Chosen over writing Custom DocPerms on every migrate because
  plain DocPerms leave the Role Permission Manager to the site's administrators: their changes
  (Custom DocPerms) survive migrations instead of being overwritten by the app.
- ERPNext's DocTypes (Sales Invoice, Payment Entry, Customer …): the matrix lists only our
  positions' roles on them. apply_erpnext_permissions() (after install and migrate) writes those
  rows as Custom DocPerms, through frappe's own setup_custom_perms(), which first copies the
  DocType's standard DocPerms, so ERPNext's roles keep exactly what they had. Only our roles' rows
  are (re)written; other rows an administrator changed are left alone.
"""

import csv
import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

import frappe
from frappe.utils import add_to_date, get_datetime, now

from pm_module.setup.positions import PM_ROLES, PORTAL_ROLES

PTYPES = (
	"read",
	"write",
	"create",
	"submit",
	"cancel",
	"amend",
	"delete",
	"print",
	"export",
	"report",
	"email",
	"share",
	"select",  # pick a record in a link field without reading the DocType's records
)
SCOPES = ("estate", "building", "assigned", "own", "resident")
COLUMNS = ("doctype", "role", "permlevel", *PTYPES, "scope")
MATRIX_FILE = Path(__file__).with_name("matrix.csv")
APP_DIR = Path(__file__).parents[1]


class Rule(NamedTuple):
	doctype: str
	role: str
	permlevel: int
	perms: dict[str, int]
	scope: str

	def allows(self, ptype: str) -> bool:
		return bool(self.perms.get(ptype))


@cache
def load_matrix() -> tuple[Rule, ...]:
	"""The rows of matrix.csv, in file order (read once per process)."""
	rules = []
	with MATRIX_FILE.open(newline="", encoding="utf-8") as f:
		for line, row in enumerate(csv.DictReader(f), start=2):
			scope = (row.get("scope") or "estate").strip()
			if scope not in SCOPES:
				raise ValueError(f"{MATRIX_FILE.name} line {line}: scope must be one of {SCOPES}")
			rules.append(
				Rule(
					doctype=row["doctype"].strip(),
					role=row["role"].strip(),
					permlevel=int(row.get("permlevel") or 0),
					perms={p: int(row.get(p) or 0) for p in PTYPES},
					scope=scope,
				)
			)
	return tuple(rules)


def rules_for(doctype: str) -> list[Rule]:
	return [r for r in load_matrix() if r.doctype == doctype]


@cache
def scopes_by_doctype() -> dict[str, dict[str, str]]:
	"""doctype -> {role: scope} for the rows of permlevel 0 that grant read."""
	out: dict[str, dict[str, str]] = {}
	for rule in load_matrix():
		if rule.permlevel == 0 and rule.allows("read"):
			out.setdefault(rule.doctype, {})[rule.role] = rule.scope
	return out


def app_doctypes() -> dict[str, Path]:
	"""Every DocType of pm_module that has its own permissions (child tables have none): name -> JSON."""
	found = {}
	for path in sorted(APP_DIR.glob("*/doctype/*/*.json")):
		if path.stem != path.parent.name:
			continue
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") == "DocType" and not meta.get("istable"):
			found[meta["name"]] = path
	return found


def json_permissions(rules: list[Rule]) -> list[dict]:
	"""DocType JSON `permissions` for matrix rows, in the shape frappe exports them."""
	out = []
	for rule in rules:
		perm = {"role": rule.role}
		if rule.permlevel:
			perm["permlevel"] = rule.permlevel
		perm.update({p: 1 for p in PTYPES if rule.perms[p]})
		out.append(perm)
	return out


def normalise(permissions: list[dict]) -> list[tuple]:
	"""Comparable form of DocPerm rows: (role, permlevel, if_owner, {ptypes set})."""
	return sorted(
		(
			p["role"],
			int(p.get("permlevel") or 0),
			int(p.get("if_owner") or 0),
			tuple(sorted(k for k in PTYPES if p.get(k))),
		)
		for p in permissions
	)


def differences() -> list[str]:
	"""Where the app's DocType JSON and the matrix disagree (empty when in step)."""
	problems = []
	doctypes = app_doctypes()
	for doctype, path in doctypes.items():
		rules = rules_for(doctype)
		if not rules:
			problems.append(f"{doctype}: no rows in {MATRIX_FILE.name}")
			continue
		meta = json.loads(path.read_text(encoding="utf-8"))
		if normalise(meta.get("permissions") or []) != normalise(json_permissions(rules)):
			problems.append(f"{doctype}: {path.name} permissions differ from {MATRIX_FILE.name}")
	return problems


def write_doctype_permissions() -> list[str]:
	"""Developer command: write each app DocType's JSON `permissions` from the matrix.

	bench --site <site> execute pm_module.permissions.matrix.write_doctype_permissions
	Only files whose permissions change are written (with a new `modified`, so migrate loads them)."""
	load_matrix.cache_clear()
	scopes_by_doctype.cache_clear()
	written = []
	for doctype, path in app_doctypes().items():
		rules = rules_for(doctype)
		if not rules:
			continue
		meta = json.loads(path.read_text(encoding="utf-8"))
		permissions = json_permissions(rules)
		if normalise(meta.get("permissions") or []) == normalise(permissions):
			continue
		meta["permissions"] = permissions
		# later than the file's own stamp whatever the site's time zone, or migrate skips the DocType
		meta["modified"] = str(
			max(get_datetime(now()), get_datetime(add_to_date(meta.get("modified"), seconds=1)))
		)
		path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
		written.append(doctype)
	return written


def export_matrix_from_json(doctypes: list[str] | None = None) -> list[str]:
	"""Developer command: matrix rows from DocType JSON permissions, for DocTypes someone added with
	their own DocPerms (default: the app DocTypes without rows; or the `doctypes` given, whose rows
	are replaced, keeping each role's scope). Review the rows (the scope!) afterwards.

	bench --site <site> execute pm_module.permissions.matrix.export_matrix_from_json"""
	current = list(load_matrix())
	own = app_doctypes()
	if doctypes is None:
		have = {r.doctype for r in current}
		doctypes = [d for d in own if d not in have]
	scopes = {(r.doctype, r.role): r.scope for r in current}
	rows = [_row(r) for r in current if r.doctype not in doctypes]
	for doctype in doctypes:
		for p in json.loads(own[doctype].read_text(encoding="utf-8")).get("permissions") or []:
			row = {"doctype": doctype, "role": p["role"], "permlevel": p.get("permlevel") or 0}
			row.update({ptype: int(p.get(ptype) or 0) for ptype in PTYPES})
			row["scope"] = scopes.get((doctype, p["role"]), "estate")
			rows.append(row)
	write_matrix(rows)
	return doctypes


def _row(rule: Rule) -> dict:
	return {
		"doctype": rule.doctype,
		"role": rule.role,
		"permlevel": rule.permlevel,
		**rule.perms,
		"scope": rule.scope,
	}


def write_matrix(rows: list[dict]) -> None:
	with MATRIX_FILE.open("w", newline="", encoding="utf-8") as f:
		writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
		writer.writeheader()
		writer.writerows(rows)
	load_matrix.cache_clear()
	scopes_by_doctype.cache_clear()


def apply_erpnext_permissions() -> None:
	"""Write the matrix rows of DocTypes outside pm_module as Custom DocPerms (after install/migrate)."""
	from frappe.permissions import setup_custom_perms

	own = set(app_doctypes())
	touched = set()
	for rule in load_matrix():
		if rule.doctype in own or not frappe.db.exists("DocType", rule.doctype):
			continue
		if not frappe.db.exists("Role", rule.role):
			if rule.role not in PM_ROLES:
				continue
			# on install-app the roles' fixtures are loaded after after_install: the role comes first
			desk_access = int(rule.role not in PORTAL_ROLES)
			frappe.get_doc({"doctype": "Role", "role_name": rule.role, "desk_access": desk_access}).insert(
				ignore_permissions=True
			)
		setup_custom_perms(rule.doctype)  # copies the standard DocPerms first, once
		filters = {"parent": rule.doctype, "role": rule.role, "permlevel": rule.permlevel, "if_owner": 0}
		name = frappe.db.get_value("Custom DocPerm", filters)
		if name:
			current = frappe.db.get_value("Custom DocPerm", name, list(PTYPES), as_dict=True)
			if all(int(current[p] or 0) == rule.perms[p] for p in PTYPES):
				continue
			frappe.db.set_value("Custom DocPerm", name, rule.perms, update_modified=False)
		else:
			perm = frappe.get_doc(
				{
					"doctype": "Custom DocPerm",
					"parent": rule.doctype,
					"parenttype": "DocType",
					"parentfield": "permissions",
					"role": rule.role,
					"permlevel": rule.permlevel,
					**rule.perms,
				}
			)
			perm.db_insert()
		touched.add(rule.doctype)
	for doctype in touched:
		frappe.clear_cache(doctype=doctype)


def remove_erpnext_permissions() -> None:
	"""On uninstall: drop our roles' Custom DocPerms on ERPNext's DocTypes and, where what is left is
	just the copy of the standard DocPerms that apply_erpnext_permissions() made, that copy too."""
	own = set(app_doctypes())
	for doctype in {r.doctype for r in load_matrix()} - own:
		roles = [r.role for r in rules_for(doctype)]
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", roles)})
		fields = ["role", "permlevel", "if_owner", *PTYPES]
		custom = frappe.get_all("Custom DocPerm", {"parent": doctype}, fields)
		standard = frappe.get_all("DocPerm", {"parent": doctype, "parenttype": "DocType"}, fields)
		if custom and normalise(custom) == normalise(standard):
			frappe.db.delete("Custom DocPerm", {"parent": doctype})
		frappe.clear_cache(doctype=doctype)


# The effective matrix (DocPerm + Custom DocPerm on the site), per position ------------------


def site_permissions(doctype: str, roles: list[str]) -> dict[str, int]:
	"""What the roles together may do on the DocType at permlevel 0, as the site has it now
	(Custom DocPerms replace a DocType's DocPerms once there are any, as in frappe)."""
	table = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	rows = frappe.get_all(table, {"parent": doctype, "role": ("in", roles), "permlevel": 0}, list(PTYPES))
	return {p: int(any(r[p] for r in rows)) for p in PTYPES}


def position_scope(doctype: str, roles: list[str]) -> str:
	"""The scope a position's roles give on the DocType: the widest one, or 'building or assigned'."""
	scopes = {s for role, s in scopes_by_doctype().get(doctype, {}).items() if role in roles}
	if not scopes or "estate" in scopes:
		return "estate"
	return " or ".join(sorted(scopes))


def matrix_doctypes() -> list[str]:
	return list(dict.fromkeys([*app_doctypes(), *(r.doctype for r in load_matrix())]))
