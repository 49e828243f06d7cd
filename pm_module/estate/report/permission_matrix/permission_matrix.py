"""Permission Matrix (权限矩阵): what each position may do, as the site has it now.

One row per position × DocType from the DocPerms and Custom DocPerms of the position's roles (so
an administrator's changes in the Role Permission Manager show), with the records it sees
(scope, from pm_module/permissions/matrix.csv), then one row per domain action the position may
take (pm_module.setup.positions.ACTIONS)."""

import frappe
from frappe import _

from pm_module.permissions.matrix import PTYPES, matrix_doctypes, position_scope, site_permissions
from pm_module.setup.positions import ACTIONS, POSITIONS

SCOPE_LABELS = {
	"estate": "Own Estate",
	"building": "Assigned Buildings",
	"assigned": "Assigned to Them",
	"own": "Created by Them",
}


def execute(filters: dict | None = None) -> tuple[list[dict], list[dict]]:
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		# Data, not a Link to Role Profile: the report would then need read on Role Profile
		{"fieldname": "position", "label": _("Position"), "fieldtype": "Data", "width": 170},
		{"fieldname": "object", "label": _("DocType or Action"), "fieldtype": "Data", "width": 200},
		*({"fieldname": p, "label": _(p.title()), "fieldtype": "Check", "width": 70} for p in PTYPES),
		{"fieldname": "scope", "label": _("Records"), "fieldtype": "Data", "width": 150},
	]


def rows(filters) -> list[dict]:
	out = []
	positions = [filters.position] if filters.position else list(POSITIONS)
	doctypes = [filters.doctype] if filters.doctype else matrix_doctypes()
	for position in positions:
		roles = POSITIONS.get(position) or []
		for doctype in doctypes:
			perms = site_permissions(doctype, roles)
			if not any(perms.values()):
				continue
			scope = position_scope(doctype, roles)
			label = " / ".join(_(SCOPE_LABELS[s]) for s in scope.split(" or "))
			out.append({"position": position, "object": _(doctype), **perms, "scope": label})
		if filters.doctype:
			continue
		for action, action_roles in ACTIONS.items():
			if set(action_roles) & set(roles):
				out.append({"position": position, "object": _("Action") + ": " + _(action), "scope": ""})
	return out
