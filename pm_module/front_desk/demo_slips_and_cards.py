"""Demo release slips, access cards and parking cards for an estate.

    make_demo("和谐花园")

Release slips of today (one already checked at the gate, one waiting), tomorrow's slip of an agent,
owners' and family cards (one expiring next month, one lost and replaced), a tenant's card until the
lease end, a merchant card waiting for approval and one approved, a staff card, and parking cards
with their paid months. Run once: an estate that has release slips already is left as it is.
"""

import frappe
from frappe.utils import add_days, add_months, now_datetime, today

from pm_module.notifications import first_user
from pm_module.setup.positions import CS_MANAGER, CS_SUPERVISOR, FRONT_DESK, SECURITY_GUARD

GOODS = [
	[("Furniture", "旧沙发", 1), ("Boxes and Personal Effects", "衣物纸箱", 6)],
	[("Appliances", "冰箱、洗衣机", 2), ("Furniture", "书柜", 1)],
	[("Office Equipment", "打印机、电脑", 4)],
]


def make_demo(estate: str) -> dict[str, list[str]]:
	"""Create the demo slips and cards of `estate`; returns their names by DocType."""
	if frappe.db.exists("Release Slip", {"estate": estate}):
		return {}
	people = occupants(estate)
	if len(people.get("Owner", [])) < 6:
		return {}
	desk = first_user(FRONT_DESK)
	made: dict[str, list[str]] = {"Release Slip": [], "Access Card": [], "Parking Card": []}
	user = frappe.session.user
	try:
		frappe.set_user(desk)
		made["Release Slip"] = make_slips(estate, people)
		made["Access Card"] = make_access_cards(estate, people)
		made["Parking Card"] = make_parking_cards(estate, people)
	finally:
		frappe.set_user(user)
	return made


def occupants(estate: str) -> dict[str, list[dict]]:
	"""Today's occupancies of the estate's units by role, a few of each."""
	rows = frappe.get_all(
		"Occupancy",
		filters={"estate": estate, "start_date": ("<=", today())},
		fields=["unit", "resident", "resident_name", "role", "end_date"],
		order_by="unit, start_date",
		limit=2000,
	)
	by_role: dict[str, list[dict]] = {}
	for row in rows:
		if row.end_date and str(row.end_date) < today():
			continue
		by_role.setdefault(row.role, []).append(row)
	return by_role


def make_slips(estate: str, people: dict[str, list[dict]]) -> list[str]:
	owners = people["Owner"]
	slips = []

	def slip(occupancy: dict, relation: str, goods: list, move_date=None, **extra) -> "frappe.Document":
		doc = frappe.get_doc(
			{
				"doctype": "Release Slip",
				"estate": estate,
				"unit": occupancy.unit,
				"move_date": move_date or today(),
				"applicant_name": extra.pop("applicant_name", occupancy.resident_name),
				"relation": relation,
				"resident": occupancy.resident if relation != "Agent" else None,
				"vehicle_plate": extra.pop(
					"vehicle_plate", "粤B" + occupancy.unit[-4:].replace("-", "0") + "8"
				),
				"goods": [{"category": c, "description": d, "qty": q} for c, d, q in goods],
				**extra,
			}
		).insert()
		doc.submit()
		slips.append(doc.name)
		return doc

	used = slip(owners[0], "Owner", GOODS[0])
	slip(owners[1], "Owner", GOODS[1])
	slip(
		owners[2],
		"Agent",
		GOODS[2],
		add_days(today(), 1),
		applicant_name="顺达搬家公司 陈师傅",
		authorisation="/files/owner-authorisation-demo.pdf",
		owner_call_time=now_datetime(),
		owner_call_number="13800138000",
		owner_called_by=frappe.session.user,
	)
	for tenant in people.get("Tenant", [])[:1]:
		slip(
			tenant,
			"Tenant",
			GOODS[1],
			arrears_confirmation="Owner",
			confirmation_time=now_datetime(),
			confirmation_details="已电话联系业主，业主同意放行",
		)
	guard = first_user(SECURITY_GUARD)
	if guard != "Administrator":
		from pm_module.front_desk.doctype.release_slip.release_slip import mark_slip_used

		desk = frappe.session.user
		frappe.set_user(guard)
		mark_slip_used(frappe.db.get_value("Release Slip", used.name, "gate_token"))
		frappe.set_user(desk)
	return slips


def make_access_cards(estate: str, people: dict[str, list[dict]]) -> list[str]:
	cards = []
	number = iter(range(10001, 10100))

	def card(card_type: str, occupancy: dict | None, **extra) -> "frappe.Document":
		doc = frappe.get_doc(
			{
				"doctype": "Access Card",
				"card_number": f"MJ{next(number)}",
				"card_type": card_type,
				"estate": estate,
				"unit": occupancy.unit if occupancy else None,
				"resident": occupancy.resident if occupancy else None,
				**extra,
			}
		).insert()
		cards.append(doc.name)
		return doc

	for owner in people["Owner"][:4]:
		card("Owner", owner)
	card("Owner", people["Owner"][4], valid_from=add_months(today(), -23))  # expires next month
	for family in people.get("Family Member", [])[:2]:
		card("Family Member", family)
	lost = card("Owner", people["Owner"][5])
	lost.report_lost("业主在小区外遗失")
	lost.replace(f"MJ{next(number)}", "Lost")
	for tenant in people.get("Tenant", [])[:2]:
		card("Tenant", tenant)
	merchants = people.get("Merchant", [])
	if merchants:
		card("Merchant", merchants[0], application="/files/merchant-application-demo.pdf")
	if len(merchants) > 1:
		approved = card("Merchant", merchants[1], application="/files/merchant-application-demo.pdf")
		with_user(first_user(CS_MANAGER), approved.approve)
	staff = first_user(SECURITY_GUARD)
	if staff != "Administrator":
		with_user(
			first_user(CS_SUPERVISOR),
			lambda: card("Staff", None, staff_user=staff, application="/files/staff-card-request-demo.pdf"),
		)
	return cards


def make_parking_cards(estate: str, people: dict[str, list[dict]]) -> list[str]:
	spaces = frappe.get_all(
		"Unit", {"estate": estate, "unit_type": "Parking Space"}, pluck="name", order_by="name", limit=3
	)
	cards = []
	for i, owner in enumerate(people["Owner"][:3]):
		doc = frappe.get_doc(
			{
				"doctype": "Parking Card",
				"card_number": f"CC{20001 + i}",
				"estate": estate,
				"unit": owner.unit,
				"resident": owner.resident,
				"vehicle_plate": f"粤B{7301 + i}D",
				"vehicle_model": ("比亚迪 汉", "大众 帕萨特", "丰田 凯美瑞")[i],
				"driving_licence": "/files/driving-licence-demo.jpg",
				"vehicle_licence": "/files/vehicle-licence-demo.jpg",
				"parking_lease": "/files/parking-lease-demo.pdf",
				"parking_space": spaces[i] if i < len(spaces) else None,
				"monthly_rent": 350,
			}
		).insert()
		doc.top_up((1, 3, 6)[i], add_days(today(), -20 * i))
		cards.append(doc.name)
	return cards


def with_user(user: str, action):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return action()
	finally:
		frappe.set_user(previous)
