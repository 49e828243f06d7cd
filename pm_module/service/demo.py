"""Demo service desk for an estate: the paid-service rate schedule, service orders at every step,
return visits and the desk log.

    make_demo("和谐花园")

Orders of the last few weeks, received by the front desk and dispatched to the demo technician (吴磊): most
closed by a satisfied return visit, paid ones on the unit's next bill, one reworked after a
dissatisfied visit, one escalated to the manager, one declined (not in the schedule), and a few
still open, one of them not yet answered.
"""

from datetime import timedelta

import frappe
from frappe.utils import add_to_date, get_datetime, now_datetime

from pm_module.demo import demo_user
from pm_module.setup.positions import CS_ASSISTANT, CS_MANAGER, FRONT_DESK, TECHNICIAN

# service, pricing, price or (low, high), plus materials, unit of measure
RATES = [
	("更换水龙头", "Fixed Price", 30, 1, "Nos"),
	("疏通下水道", "Price Range", (50, 120), 0, "Nos"),
	("更换灯具", "Fixed Price", 20, 1, "Nos"),
	("安装晾衣架", "Price Range", (60, 100), 1, "Nos"),
	("家电清洗", "Fixed Price", 80, 0, "Nos"),
]

# content, kind, category, rate (index into RATES) or None, outcome, days ago
ORDERS = [
	("卫生间水龙头滴水", "Paid Service", "Other", 0, "closed", 24),
	("厨房下水道堵塞", "Paid Service", "Other", 1, "closed", 20),
	("单元门禁读卡器失灵", "Public Area Repair", "Security Facility", None, "closed", 18),
	("楼上渗水到卧室天花", "Routine Repair", "Water Leak", None, "closed", 15),
	("客厅灯不亮", "Paid Service", "Other", 2, "accepted", 6),
	("阳台推拉门卡滞", "Routine Repair", "Other", None, "rework", 9),
	("入伙验房：卫生间墙砖空鼓", "Warranty Defect", "Other", None, "escalated", 12),
	("要求更换整体橱柜", "Paid Service", "Other", None, "declined", 3),
	("地下车库B区照明故障", "Public Area Repair", "Security Facility", None, "dispatched", 1),
	("安装晾衣架", "Paid Service", "Other", 3, "open", 0),
]

# source, content, closed
DESK_LOGS = [
	("Call", "业主来电询问本月物业费金额", True),
	("Visit", "业主来访办理停车卡咨询", True),
	("Patrol", "巡查发现3栋消防通道有杂物堆放", False),
	("Call", "业主反映小区东门夜间照明不足", False),
]


def make_demo(estate: str) -> list[str]:
	"""Create the demo service desk of `estate`; returns the service orders' names."""
	if frappe.db.exists("Service Order", {"estate": estate}):
		return frappe.get_all("Service Order", {"estate": estate}, pluck="name")
	units = frappe.get_all(
		"Unit", {"estate": estate, "current_owner": ("is", "set")}, ["name", "current_owner"], limit=60
	)
	if not units:
		return []
	# the demo's own position users: logging in as the technician 吴磊 shows his orders
	desk = demo_user(FRONT_DESK) or "Administrator"
	technician = demo_user(TECHNICIAN)
	assistant = demo_user(CS_ASSISTANT) or "Administrator"
	manager = demo_user(CS_MANAGER) or "Administrator"
	if not technician:
		return []
	rates = make_rates(estate)
	names = []
	for i, (content, kind, category, rate, outcome, days) in enumerate(ORDERS):
		unit = units[(i * 7) % len(units)]
		received = add_to_date(now_datetime(), days=-days, hours=-2)
		order = frappe.get_doc(
			{
				"doctype": "Service Order",
				"estate": estate,
				"unit": unit.name,
				"requester": unit.current_owner,
				"contact_phone": f"1380000{1000 + i}",
				"content": content,
				"channel": "Move-in Inspection" if kind == "Warranty Defect" else "Phone",
				"order_kind": kind,
				"repair_category": category,
				"paid_service_rate": rates[rate] if rate is not None else None,
				"received_by": desk,
				"received_at": received,
			}
		)
		order.flags.ignore_permissions = True
		order.insert()
		names.append(order.name)
		run(order, outcome, technician, assistant, manager, rates, rate)
		backdate(order.name, received)
	make_desk_logs(estate, desk, manager)
	return names


def make_rates(estate: str) -> list[str]:
	group = frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft")
	names = []
	for service, pricing, price, plus_materials, uom in RATES:
		item = f"有偿服务-{service}"
		if not frappe.db.exists("Item", item):
			doc = frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": item,
					"item_name": item,
					"item_group": group,
					"stock_uom": uom,
					"is_stock_item": 0,
					"is_sales_item": 1,
					"include_item_in_manufacturing": 0,
				}
			)
			doc.insert(ignore_permissions=True)
		low, high = price if isinstance(price, tuple) else (0, 0)
		rate = frappe.get_doc(
			{
				"doctype": "Paid Service Rate",
				"service_name": service,
				"estate": estate,
				"item": item,
				"uom": uom,
				"pricing": pricing,
				"price": price if not isinstance(price, tuple) else 0,
				"min_price": low,
				"max_price": high,
				"plus_materials": plus_materials,
				"description": f"{service}，人工费按标准收取" + ("，材料费另计" if plus_materials else ""),
			}
		)
		rate.insert(ignore_permissions=True)
		names.append(rate.name)
	return names


def run(order, outcome: str, technician: str, assistant: str, manager: str, rates: list[str], rate) -> None:
	"""Take the order through its steps up to `outcome` (as Administrator, standing in for each)."""
	if outcome == "open":
		return
	if outcome == "declined":
		order.decline("不在有偿服务收费标准内，建议业主联系专业装修公司")
		return
	order.dispatch(technician)
	if outcome == "dispatched":
		return
	order.acknowledge()
	order.arrive()
	if order.order_kind == "Paid Service":
		low = frappe.db.get_value("Paid Service Rate", order.paid_service_rate, ["price", "min_price"])
		order.append("materials", {"item": f"有偿服务-{RATES[rate][0]}", "qty": 1, "rate": 15, "charged": 1})
		order.save_step(ignore_permissions=True)
		order.confirm_price(low[0] or low[1])
	order.complete("已处理")
	if order.repair_category == "Water Leak":
		order.leak_test_at = add_to_date(now_datetime(), hours=-1)
		order.save(ignore_permissions=True)
	if outcome == "escalated":
		order.record_acceptance(0, "墙砖仍有空鼓")
		order.complete("重新铺贴")
		order.record_acceptance(0, "颜色与原墙砖不一致")
		return
	order.record_acceptance(1, "师傅很专业")
	if outcome == "accepted":
		return
	visit(
		order,
		assistant,
		"Dissatisfied" if outcome == "rework" else "Satisfied",
		in_person=outcome == "closed",
	)
	if outcome == "closed" and order.order_kind == "Public Area Repair":
		frappe.set_user(manager)
		try:
			visit(frappe.get_doc("Service Order", order.name), manager, "Satisfied", spot_check=True)
		finally:
			frappe.set_user("Administrator")


def visit(order, user: str, satisfaction: str, in_person: bool = False, spot_check: bool = False) -> None:
	doc = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": "Service Order",
			"reference_name": order.name,
			"visit_method": "In Person" if in_person else "Phone",
			"visited_by": user,
			"satisfaction": satisfaction,
			"reason": "推拉门仍然卡滞" if satisfaction == "Dissatisfied" else None,
			"comments": "维修及时" if satisfaction != "Dissatisfied" else None,
			"is_spot_check": int(spot_check),
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	doc.submit()


def backdate(order: str, received) -> None:
	"""Move the steps' times back to when the order was received, as if done then."""
	received = get_datetime(received)
	offsets = {
		"dispatched_at": 10,
		"replied_at": 10,
		"acknowledged_at": 20,
		"arrived_at": 60,
		"price_confirmed_at": 70,
		"completed_at": 150,
		"accepted_at": 160,
		"escalated_at": 24 * 60,
		"closed_at": 26 * 60,
	}
	values = frappe.db.get_value("Service Order", order, list(offsets), as_dict=True)
	changes = {f: received + timedelta(minutes=m) for f, m in offsets.items() if values.get(f)}
	if changes:
		frappe.db.set_value("Service Order", order, changes, update_modified=False)
		doc = frappe.get_doc("Service Order", order)
		if doc.completed_at:
			frappe.db.set_value(
				"Service Order", order, "return_visit_due", doc.get_return_visit_due(), update_modified=False
			)
		frappe.db.set_value(
			"Return Visit",
			{"reference_doctype": "Service Order", "reference_name": order},
			"visit_time",
			received + timedelta(days=1),
			update_modified=False,
		)


def make_desk_logs(estate: str, desk: str, manager: str) -> None:
	for i, (source, content, closed) in enumerate(DESK_LOGS):
		log = frappe.get_doc(
			{
				"doctype": "Desk Log",
				"estate": estate,
				"log_date": frappe.utils.add_days(frappe.utils.today(), -i),
				"source": source,
				"content": content,
				"logged_by": desk,
				"status": "Closed" if closed else "Open",
				"follow_up": "已答复" if closed else None,
				"escalated_to": manager if i == 3 else None,
			}
		)
		log.flags.ignore_permissions = True
		log.insert()
