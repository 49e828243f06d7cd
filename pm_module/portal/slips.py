"""放行条: release slips on the resident portal.

An owner, family member or tenant applies ahead of the move date (today or later): a draft Release
Slip the front desk checks and issues. Where a tenant's unit owes fees, the owner sees the tenant's
slip here and confirms the move online: that is the owner's recorded confirmation the arrears check
asks for. Once the desk has issued the slip, the applicant sees its QR code for the gate. A resident
sees the slips they applied for, and an owner those of their units (pm_module.portal.access).
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, fmt_money, formatdate

from pm_module.notifications import notify
from pm_module.portal.access import require_resident, require_unit, resident_units
from pm_module.portal.requests import check_future_date, my_records, notify_desk, require_record, step, steps

DOCTYPE = "Release Slip"
# the applicant's role on the unit in today's register -> the slip's relation to the unit
RELATION = {"Owner": "Owner", "Family Member": "Family Member", "Tenant": "Tenant", "Merchant": "Tenant"}
LIST_FIELDS = [
	"name",
	"unit",
	"move_date",
	"status",
	"docstatus",
	"applicant_name",
	"relation",
	"resident",
	"arrears_amount",
	"arrears_confirmation",
	"confirmation_time",
]


def owned_units(resident: str) -> list[str]:
	return [row.unit for row in resident_units(resident) if row.is_owner]


def my_slips(resident: str, limit: int = 50) -> list[dict]:
	"""The slips the resident applied for, and as an owner those of their units."""
	slips = my_records(DOCTYPE, LIST_FIELDS, "move_date desc, creation desc", limit)
	owned = set(owned_units(resident))
	for slip in slips:
		slip.awaits_my_confirmation = (
			slip.unit in owned
			and slip.docstatus == 0
			and slip.relation == "Tenant"
			and flt(slip.arrears_amount) > 0
			and not slip.confirmation_time
		)
	return slips


def apply_for_slip(
	unit: str,
	move_date,
	goods: list[dict],
	vehicle_plate: str | None = None,
	applicant_phone: str | None = None,
) -> str:
	"""The resident applies for a slip of their unit: a draft the front desk issues; returns its name."""
	resident = require_resident()
	row = require_unit(unit, resident)
	move_date = check_future_date(move_date, "Move Date")
	relation = RELATION.get(row.role)
	if not relation:
		frappe.throw(_("Only the unit's owner, family or tenant applies for a release slip"))
	rows = []
	for item in goods or []:
		category = item.get("category") or "Other"
		if category not in categories():
			frappe.throw(_("Unknown kind of goods: {0}").format(category))
		if cint(item.get("qty")) < 1:
			frappe.throw(_("Give the number of each kind of goods (at least 1)"))
		rows.append(
			{
				"category": category,
				"description": (item.get("description") or "").strip(),
				"qty": cint(item.get("qty")),
			}
		)
	name, mobile, id_number = frappe.db.get_value(
		"Resident", resident, ["resident_name", "mobile_no", "id_number"]
	)
	slip = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"estate": row.estate,
			"unit": unit,
			"move_date": move_date,
			"vehicle_plate": (vehicle_plate or "").strip() or None,
			"applicant_name": name,
			"relation": relation,
			"resident": resident,
			"applicant_phone": (applicant_phone or "").strip() or mobile,
			"applicant_id_number": id_number,
			"applied_online": 1,
			"goods": rows,
		}
	)
	slip.flags.ignore_permissions = True  # residents have no desk rights: the portal checked the unit
	slip.insert()
	notify_desk(
		slip, _("Release slip {0} applied for on the resident portal: unit {1}").format(slip.name, unit)
	)
	if slip.needs_owner_confirmation() and slip.owner_resident:
		owner_user = frappe.db.get_value("Resident", slip.owner_resident, "user")
		if owner_user:
			notify(
				owner_user,
				slip,
				_("Your tenant applied for release slip {0}: please confirm the move").format(slip.name),
			)
	return slip.name


def slip_view(resident: str, slip) -> dict:
	issued = slip.docstatus == 1
	return {
		"name": slip.name,
		"unit": slip.unit,
		"move_date": formatdate(slip.move_date),
		"vehicle_plate": slip.vehicle_plate,
		"applicant_name": slip.applicant_name,
		"relation": _(slip.relation),
		"status": slip.status,
		"status_label": _(slip.status),
		"goods": [
			{"category": _(g.category), "description": g.description, "qty": g.qty} for g in slip.goods
		],
		"arrears": flt(slip.arrears_amount)
		and fmt_money(slip.arrears_amount, currency=frappe.db.get_default("currency")),
		"owner_confirmed": slip.arrears_confirmed(),
		"can_confirm": slip.needs_owner_confirmation() and slip.owner_resident == resident,
		# the gate's QR code, for the applicant, while the slip may pass
		"qr": slip.gate_qr_data_uri()
		if issued and slip.status == "Issued" and slip.resident == resident
		else None,
		"steps": steps(
			step(_("Applied"), slip.creation),
			step(_("Confirmed by the owner"), slip.confirmation_time, slip.confirmation_details),
			step(_("Issued by the front desk"), issued and slip.modified),
			step(_("Used at the gate"), slip.used_at),
		),
	}


def get_slip(name: str) -> dict:
	resident, slip = require_record(DOCTYPE, name)
	return slip_view(resident, slip)


def confirm_tenant_move(name: str) -> dict:
	"""The owner confirms a tenant's move of their unit online (the arrears gate's confirmation)."""
	resident, slip = require_record(DOCTYPE, name)
	slip.confirm_by_owner_online(resident)
	notify_desk(slip, _("The owner confirmed release slip {0} online").format(slip.name))
	return slip_view(resident, slip)


# Whitelisted methods of the pages (each checks the resident and the record) ------------------------


@frappe.whitelist(methods=["POST"])
def submit_slip(
	unit: str, move_date, goods, vehicle_plate: str | None = None, applicant_phone: str | None = None
) -> dict:
	goods = frappe.parse_json(goods) if isinstance(goods, str) else goods
	return {"name": apply_for_slip(unit, move_date, goods, vehicle_plate, applicant_phone)}


@frappe.whitelist(methods=["POST"])
def confirm_slip(name: str) -> dict:
	return confirm_tenant_move(name)


def categories() -> list[str]:
	"""The categories a resident may choose: the Release Slip Item's own options."""
	options = frappe.get_meta("Release Slip Item").get_field("category").options or ""
	return [c for c in options.split("\n") if c]
