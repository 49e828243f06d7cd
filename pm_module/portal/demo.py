"""Demo residents of the resident portal (业主服务), with their requests at every step.

    make_demo("和谐花园")

Four invited residents (password of the demo users): an owner and his family member of one flat, a
tenant of another flat and that flat's owner. Each step is taken by whoever takes it in the office:
the residents file on the portal, the front desk dispatches to the demo technician (吴磊), the
technician completes, the residents confirm a price, accept (or reject) with a score, rate a
complaint's result; the front desk issues release slips, the guard lets one through the gate.
Run once: an estate with portal requests is left as it is.
"""

from contextlib import contextmanager
from io import BytesIO

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from pm_module.demo import DEMO_PASSWORD, demo_user
from pm_module.portal import complaints, repairs, slips
from pm_module.portal.invite import invite_to_portal
from pm_module.portal.photos import check_photos
from pm_module.setup.positions import FRONT_DESK, RESIDENT, SECURITY_GUARD, TECHNICIAN

# email -> (role on the unit, which flat: "A" the owner's family flat, "B" the tenant's flat)
RESIDENTS = {
	"owner": ("yezhu@hg.example", "Owner", "A"),
	"family": ("jiashu@hg.example", "Family Member", "A"),
	"tenant": ("zuhu@hg.example", "Tenant", "B"),
	"landlord": ("fangdong@hg.example", "Owner", "B"),
}


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def make_demo(estate: str) -> dict[str, list[str]]:
	"""Invite the demo residents of `estate` and file their requests; returns the records by DocType."""
	if frappe.db.exists("Service Order", {"estate": estate, "channel": repairs.PORTAL}):
		return {}
	people = pick_residents(estate)
	if not people:
		return {}
	users = {
		key: invite(resident.resident, RESIDENTS[key][0], DEMO_PASSWORD) for key, resident in people.items()
	}
	staff = {
		"desk": demo_user(FRONT_DESK) or "Administrator",
		"technician": demo_user(TECHNICIAN),
		"guard": demo_user(SECURITY_GUARD),
	}
	if not staff["technician"]:
		return {}
	return {
		"Service Order": make_repairs(estate, people, users, staff),
		"Complaint": make_complaints(people, users, staff),
		"Release Slip": make_slips(people, users, staff),
	}


def invite(resident: str, email: str, password: str) -> str:
	"""The front desk's invite, for a login made here with the demo password and without the welcome
	email (the invite links an existing website user as it is)."""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": frappe.db.get_value("Resident", resident, "resident_name"),
				"user_type": "Website User",
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": password,
				"roles": [{"role": RESIDENT}],
			}
		)
		user.flags.ignore_password_policy = True
		user.insert(ignore_permissions=True)
	return invite_to_portal(resident, email)


def pick_residents(estate: str) -> dict[str, frappe._dict]:
	"""A flat with an owner and a family member, and a flat let to a tenant with its owner, each of
	them staying for a month at least (the demo's slips and visits fall in the days ahead; a flat
	changing hands or a lease ending soon would refuse them)."""
	rows = frappe.get_all(
		"Occupancy",
		filters={"estate": estate, "start_date": ("<=", today())},
		fields=["unit", "resident", "role", "end_date"],
		order_by="unit, start_date",
		limit=5000,
	)
	by_unit: dict[str, dict[str, frappe._dict]] = {}
	for row in rows:
		if not row.end_date or str(row.end_date) >= add_days(today(), 30):
			by_unit.setdefault(row.unit, {}).setdefault(row.role, row)
	family_flat = next((u for u, r in by_unit.items() if {"Owner", "Family Member"} <= set(r)), None)
	let_flat = next(
		(u for u, r in by_unit.items() if {"Owner", "Tenant"} <= set(r) and u != family_flat), None
	)
	if not family_flat or not let_flat:
		return {}
	return {
		key: by_unit[family_flat if flat == "A" else let_flat][role]
		for key, (_email, role, flat) in RESIDENTS.items()
	}


def photo() -> list:
	from PIL import Image

	out = BytesIO()
	Image.new("RGB", (320, 240), (120, 160, 190)).save(out, "JPEG")
	return check_photos([("photo.jpg", out.getvalue())])


def file_repair(user: str, unit: str, content: str, **kwargs) -> str:
	with as_user(user):
		return repairs.file_repair(
			unit, content, add_to_date(now_datetime(), days=1, hours=2), photos=photo(), **kwargs
		)


def dispatch_and_complete(name: str, staff: dict, complete: bool = True) -> None:
	with as_user(staff["desk"]):
		frappe.get_doc("Service Order", name).dispatch(staff["technician"])
	if not complete:
		return
	with as_user(staff["technician"]):
		order = frappe.get_doc("Service Order", name)
		order.arrive()
		order.complete("已修复")


def make_repairs(estate: str, people: dict, users: dict, staff: dict) -> list[str]:
	flat_a, flat_b = people["owner"].unit, people["tenant"].unit
	names = []
	# just filed: the desk's 15 minutes run
	names.append(file_repair(users["owner"], flat_a, "卫生间地漏返异味"))
	# done and accepted with five stars
	name = file_repair(users["owner"], flat_a, "客厅插座没有电")
	dispatch_and_complete(name, staff)
	with as_user(users["owner"]):
		repairs.accept_repair(name, 1, 5, "师傅准时，修得很好")
	names.append(name)
	# done, waiting for the tenant's acceptance
	name = file_repair(users["tenant"], flat_b, "空调外机往楼下滴水")
	dispatch_and_complete(name, staff)
	names.append(name)
	# rejected with two stars: back to the technician
	name = file_repair(users["tenant"], flat_b, "阳台推拉门关不严")
	dispatch_and_complete(name, staff)
	with as_user(users["tenant"]):
		repairs.accept_repair(name, 0, 2, "还是关不严，有缝")
	names.append(name)
	# a paid service waiting for the family member to agree the price
	rate = frappe.db.get_value(
		"Paid Service Rate", {"estate": estate, "pricing": "Fixed Price", "is_active": 1}, "name"
	)
	if rate:
		name = file_repair(users["family"], flat_a, "厨房水龙头要换新的", paid_service_rate=rate)
		dispatch_and_complete(name, staff, complete=False)
		names.append(name)
	return names


def make_complaints(people: dict, users: dict, staff: dict) -> list[str]:
	flat_a, flat_b = people["owner"].unit, people["tenant"].unit

	def file(user, unit, category, text, wants):
		with as_user(user):
			return complaints.file_complaint(unit, category, text, wants, photos=photo())

	def work(name: str, answer: str, result: str):
		with as_user(staff["desk"]):
			complaint = frappe.get_doc("Complaint", name)
			complaint.accept()
			complaint.answer(answer)
			complaint.resolve(result)
			complaint.report_back()

	new = file(
		users["owner"], flat_a, "Environment", "楼下餐厅油烟很大，晚上开不了窗", "督促餐厅安装净化设备"
	)
	waiting = file(users["family"], flat_a, "Equipment", "3号电梯这周停了两次", "彻底检修")
	work(waiting, "已通知电梯维保单位今天到场", "更换了门机控制板，已恢复正常")
	closed = file(users["tenant"], flat_b, "Environment", "隔壁装修晚上九点后还在施工", "按规定时间施工")
	work(closed, "已联系装修户", "已要求晚上八点后停止施工，保安加强巡查")
	with as_user(users["tenant"]):
		complaints.rate_complaint_result(closed, 5, "处理很快，谢谢")
	return [new, waiting, closed]


def make_slips(people: dict, users: dict, staff: dict) -> list[str]:
	flat_a, flat_b = people["owner"].unit, people["tenant"].unit
	furniture = [{"category": "Furniture", "description": "旧书桌", "qty": 1}]
	boxes = [{"category": "Boxes and Personal Effects", "description": "纸箱", "qty": 5}]
	names = []
	# the tenant's application: waits for the owner where the flat owes fees, else for the desk
	with as_user(users["tenant"]):
		names.append(slips.apply_for_slip(flat_b, add_days(today(), 2), boxes, "粤B66881"))
	# the family member's slip for tomorrow, issued by the desk (the QR code shows on the portal)
	with as_user(users["family"]):
		issued = slips.apply_for_slip(flat_a, add_days(today(), 1), furniture, "粤B20261")
	with as_user(staff["desk"]):
		frappe.get_doc("Release Slip", issued).submit()
	names.append(issued)
	# the owner's slip of today, issued and let through the gate
	with as_user(users["owner"]):
		used = slips.apply_for_slip(flat_a, today(), boxes, "粤B20262")
	with as_user(staff["desk"]):
		slip = frappe.get_doc("Release Slip", used)
		slip.submit()
	if staff["guard"]:
		from pm_module.front_desk.doctype.release_slip.release_slip import mark_slip_used

		with as_user(staff["guard"]):
			mark_slip_used(slip.gate_token)
	names.append(used)
	return names
