"""Demo move-ins, custody and an ownership transfer for an estate.

    make_demo("和谐花园")

A completed move-in (one warranty defect still open), a move-in by an agent still at the desk
(draft), a vacant unit in custody with its first patrol, and a resold unit whose new owner moved in
after the previous owner's fees were paid. Run once: an estate that has move-ins is left as it is.
"""

import frappe
from frappe.utils import today

from pm_module.billing.arrears import unit_arrears
from pm_module.estate.doctype.resident.resident import _ID_CHECK_CODES, _ID_WEIGHTS
from pm_module.estate.utils import get_settings
from pm_module.front_desk.doctype.move_in.move_in import AGENT, AGREEMENTS, OWNER, REQUIRED_DOCUMENTS
from pm_module.front_desk.residency import building_assistants
from pm_module.notifications import first_user
from pm_module.setup.positions import FRONT_DESK

DEPOSIT_ITEM = "水电预收款"


def make_demo(estate: str) -> dict[str, list[str]]:
	"""Create the demo procedures of `estate`; returns their names by DocType."""
	if frappe.db.exists("Move In", {"estate": estate}):
		return {}
	ensure_deposit_setting()
	free = unsold_units(estate)
	if len(free) < 3:
		return {}
	made: dict[str, list[str]] = {"Move In": [], "Custody Agreement": [], "Ownership Transfer": []}
	user = frappe.session.user
	try:
		frappe.set_user(first_user(FRONT_DESK))
		made["Move In"].append(completed_move_in(estate, free[0]))
		made["Move In"].append(draft_move_in(estate, free[1]))
		made["Custody Agreement"].append(custody(estate, free[2]))
		transfer = resale(estate)
		if transfer:
			made["Ownership Transfer"].append(transfer)
	finally:
		frappe.set_user(user)
	return made


def ensure_deposit_setting() -> None:
	"""The demo office collects a 500 yuan utility deposit at move-in."""
	if get_settings().utility_deposit_item:
		return
	if not frappe.db.exists("Item", DEPOSIT_ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": DEPOSIT_ITEM,
				"item_name": DEPOSIT_ITEM,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_sales_item": 1,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_single_value(
		"Property Management Settings", {"utility_deposit_item": DEPOSIT_ITEM, "utility_deposit": 500}
	)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def unsold_units(estate: str) -> list[str]:
	"""Vacant flats nobody owns yet, whose meters can take today's reading."""
	units = frappe.get_all(
		"Unit",
		filters={
			"estate": estate,
			"status": "Vacant",
			"unit_type": "Residential",
			"current_owner": ("is", "not set"),
		},
		pluck="name",
		order_by="name",
	)
	return [u for u in units if not frappe.db.exists("Occupancy", {"unit": u}) and meters_readable(u)]


def meters_readable(unit: str) -> bool:
	dates = frappe.get_all("Meter", filters={"unit": unit, "is_active": 1}, pluck="last_reading_date")
	return all(not d or str(d) < today() for d in dates)


def meter_rows(unit: str) -> list[dict]:
	meters = frappe.get_all(
		"Meter", filters={"unit": unit, "is_active": 1}, fields=["name", "last_reading"], order_by="name"
	)
	return [{"meter": m.name, "reading": (m.last_reading or 0) + 1} for m in meters]


def id_number(seed: int) -> str:
	body = f"4403041985{seed % 12 + 1:02d}{seed % 28 + 1:02d}{seed % 1000:03d}"
	return body + _ID_CHECK_CODES[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def card(name: str, seed: int) -> dict:
	return {
		"resident_name": name,
		"id_type": "Resident Identity Card",
		"id_number": id_number(seed),
		"bank_name": "招商银行",
		"bank_account_holder": name,
		"bank_account_no": f"622588{seed:010d}",
		"emergency_contact_name": "紧急联系人",
		"emergency_contact_relation": "配偶",
	}


def move_in_doc(estate: str, unit: str, buyer_type: str, name: str, seed: int):
	return frappe.get_doc(
		{
			"doctype": "Move In",
			"estate": estate,
			"unit": unit,
			"move_in_date": today(),
			"buyer_type": buyer_type,
			"agent_name": "代理人 刘洋" if buyer_type == AGENT else None,
			**card(name, seed),
			"documents": [
				{"document": d, "checked": 1, "attachment": f"/private/files/demo-{seed}-{i}.pdf"}
				for i, d in enumerate(REQUIRED_DOCUMENTS[buyer_type])
			],
			"inspection_date": today(),
			"inspected_by": first_user("Technician"),
			"meter_readings": meter_rows(unit),
			"agreements": [
				{
					"agreement": a,
					"signed": int(a != "Parking Lease"),
					"not_applicable": int(a == "Parking Lease"),
				}
				for a in AGREEMENTS
			],
		}
	)


def completed_move_in(estate: str, unit: str) -> str:
	doc = move_in_doc(estate, unit, OWNER, "林晓雯", 101)
	doc.update({"inspection_signed": 1, "inspection_sheet": "/private/files/demo-101-inspection.pdf"})
	doc.append("defects", {"location": "客厅", "description": "墙面有一处裂缝"})
	doc.insert()
	doc.submit()
	for row in doc.handover_items:
		row.handed_over = 1
	doc.handover_signed = 1
	doc.save()
	return doc.name


def draft_move_in(estate: str, unit: str) -> str:
	return move_in_doc(estate, unit, AGENT, "周建国", 102).insert().name


def custody(estate: str, unit: str) -> str:
	"""A flat sold last year whose owner lives abroad: taken into custody today, patrolled."""
	owner = frappe.get_doc({"doctype": "Resident", **card("赵敏", 103)}).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Occupancy",
			"unit": unit,
			"resident": owner.name,
			"role": "Owner",
			"start_date": "2025-06-01",
		}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc(
		{
			"doctype": "Custody Agreement",
			"estate": estate,
			"unit": unit,
			"start_date": today(),
			"agreement_file": "/private/files/demo-custody.pdf",
			"keys_received": 1,
			"meter_readings": meter_rows(unit),
		}
	).insert()
	doc.submit()
	user = frappe.session.user
	# the building's assistant patrols (the desk records it where the building has none)
	frappe.set_user(next(iter(building_assistants(doc.building)), user))
	try:
		doc.reload()
		doc.record_patrol(today(), "门窗完好,无渗漏", pre_storm=1)
	finally:
		frappe.set_user(user)
	return doc.name


def resale(estate: str) -> str | None:
	"""The first owner-occupied flat whose fees are fully paid changes hands today."""
	occ = frappe.qb.DocType("Occupancy")
	rows = (
		frappe.qb.from_(occ)
		.select(occ.unit)
		.where(occ.estate == estate)
		.where(occ.role == "Owner")
		.where(occ.end_date.isnull())
		.where(occ.start_date < "2025-01-01")
		.orderby(occ.unit)
		.limit(50)
		.run(pluck=True)
	)
	for unit in rows:
		if unit_arrears(unit)["outstanding"] == 0:
			doc = frappe.get_doc(
				{
					"doctype": "Ownership Transfer",
					"estate": estate,
					"unit": unit,
					"transfer_date": today(),
					**card("孙立新", 104),
					"purchase_contract": "/private/files/demo-contract.pdf",
					"originals_seen": 1,
				}
			).insert()
			doc.submit()
			return doc.name
	return None
