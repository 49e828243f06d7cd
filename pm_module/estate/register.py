"""Questions the register answers for every procedure: who owns, lives in and pays for a unit on a date.

Occupancy rows keep the history (start and end dates); everything here is one query over them.
"""

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import add_days, getdate, today

OWNER = "Owner"
OCCUPANT_ROLES = ("Tenant", "Merchant", "Family Member", "Other Occupant")
# Occupants who may be billed instead of the owner when their lease says so
PAYING_ROLES = ("Tenant", "Merchant")


def get_occupancies(unit: str, on_date=None, roles: tuple[str, ...] | list[str] | None = None) -> list[dict]:
	"""Occupancies of `unit` active on `on_date` (default today), oldest first."""
	on_date = getdate(on_date or today())
	return get_occupancies_between(unit, on_date, on_date, roles)


def get_occupancies_between(
	unit: str, from_date, to_date, roles: tuple[str, ...] | list[str] | None = None
) -> list[dict]:
	"""Occupancies of `unit` active on any day from `from_date` to `to_date`, oldest first."""
	occ = frappe.qb.DocType("Occupancy")
	query = (
		frappe.qb.from_(occ)
		.select(
			occ.name, occ.resident, occ.resident_name, occ.role, occ.start_date, occ.end_date, occ.pays_fees
		)
		.where(occ.unit == unit)
		.where(occ.start_date <= getdate(to_date))
		.where(occ.end_date.isnull() | (occ.end_date >= getdate(from_date)))
		.orderby(occ.start_date)
	)
	if roles:
		query = query.where(occ.role.isin(list(roles)))
	return query.run(as_dict=True)


def get_owner(unit: str, on_date=None) -> str | None:
	"""The Resident who owns `unit` on `on_date` (owner periods never overlap)."""
	rows = get_occupancies(unit, on_date, roles=(OWNER,))
	return rows[0].resident if rows else None


def get_payer(unit: str, on_date=None) -> str | None:
	"""Who is billed for `unit` on `on_date`: a tenant whose lease says so, else the owner."""
	return payer_among(get_occupancies(unit, on_date, roles=(OWNER, *PAYING_ROLES)))


def payer_on(occupancies: list[dict], on_date) -> str | None:
	"""get_payer() from the unit's occupancies fetched already (get_occupancies_between, oldest first)."""
	on_date = getdate(on_date)
	return payer_among(
		[
			r
			for r in occupancies
			if getdate(r.start_date) <= on_date and (not r.end_date or getdate(r.end_date) >= on_date)
		]
	)


def payer_among(rows: list[dict]) -> str | None:
	"""The payer among the occupancies active on one day, oldest first."""
	payers = [r for r in rows if r.role in PAYING_ROLES and r.pays_fees]
	if payers:
		return payers[-1].resident
	owners = [r for r in rows if r.role == OWNER]
	return owners[0].resident if owners else None


def get_current_occupant(unit: str, on_date=None) -> str | None:
	"""Who lives in or uses the unit: the latest tenant/merchant, else the owner."""
	rows = get_occupancies(unit, on_date)
	for roles in (PAYING_ROLES, (OWNER,), OCCUPANT_ROLES):
		matching = [r for r in rows if r.role in roles]
		if matching:
			return matching[-1].resident
	return None


def refresh_unit_occupants(unit: str) -> None:
	"""Store today's owner and occupant on the Unit so forms, lists and reports show them."""
	owner, occupant = get_owner(unit), get_current_occupant(unit)
	current = frappe.db.get_value("Unit", unit, ["current_owner", "current_occupant"], as_dict=True)
	if current and (current.current_owner, current.current_occupant) != (owner, occupant):
		frappe.db.set_value(
			"Unit",
			unit,
			{
				"current_owner": owner,
				"current_owner_name": owner and frappe.db.get_value("Resident", owner, "resident_name"),
				"current_occupant": occupant,
				"current_occupant_name": occupant
				and frappe.db.get_value("Resident", occupant, "resident_name"),
			},
		)


def refresh_current_occupants() -> None:
	"""Daily: units whose occupancies began today or ended yesterday get their current people updated."""
	yesterday, now = add_days(today(), -1), today()
	occ = frappe.qb.DocType("Occupancy")
	units = (
		frappe.qb.from_(occ)
		.select(occ.unit)
		.distinct()
		.where(Criterion.any([occ.start_date == now, occ.end_date == yesterday]))
		.run(pluck=True)
	)
	for unit in units:
		refresh_unit_occupants(unit)


@frappe.whitelist()
def get_unit_people(unit: str, on_date: str | None = None) -> dict:
	"""Owner, payer and everyone living in `unit` on a date, for forms and other procedures."""
	frappe.has_permission("Unit", "read", unit, throw=True)
	if not frappe.has_permission("Occupancy", "read"):
		frappe.throw(_("Not permitted to read occupancies"), frappe.PermissionError)
	return {
		"owner": get_owner(unit, on_date),
		"payer": get_payer(unit, on_date),
		"occupancies": get_occupancies(unit, on_date),
	}
