"""Demo complaints for an estate: every category and severity, at each step of the procedure.

    make_demo("和谐花园")

Complaints of the last two months, received by the front desk: some closed after a satisfied
return visit, one reopened by a dissatisfied one, one invalid, a group complaint with its notice,
one about the customer-service centre (routed to Administration) and a few still open, one of them
past its deadline and escalated.
"""

import random
from datetime import datetime, timedelta

import frappe
from frappe.utils import add_to_date, now_datetime

from pm_module.complaints.escalation import escalate
from pm_module.notifications import first_user
from pm_module.setup.positions import CS_ASSISTANT, FRONT_DESK

# (category, severity, what happened, what the complainant wants, cause, outcome, days ago)
CASES = [
	("Equipment", "Minor", "3号电梯运行时有异响", "尽快检修", "电梯导轨磨损", "closed", 50),
	("Equipment", "Important", "地下车库照明多处不亮", "当天修好", "灯具老化", "closed", 44),
	("Environment", "Minor", "楼道垃圾未及时清运,有异味", "每天清运", "垃圾清运不及时", "closed", 40),
	("Environment", "Minor", "楼下餐馆油烟扰民", "协调商户整改", "商铺油烟", "reopened", 35),
	("Security", "Important", "夜间巡逻对讲机声音过大", "降低音量", "安全员操作不规范", "closed", 30),
	("Building Fabric", "Minor", "外墙瓷砖松动", "尽快修补,防止坠落", "外墙老化", "closed", 28),
	("General Services", "Minor", "物业费账单金额有误", "核对并更正", "收费录入错误", "closed", 25),
	(
		"Resident Disputes",
		"Minor",
		"楼上装修漏水到我家",
		"协调楼上业主维修并赔偿",
		"装修破坏防水层",
		"answered",
		20,
	),
	("Developer Related", "Important", "交房后卫生间墙面开裂", "地产公司维修", "房屋质量", "in_progress", 15),
	("Other", "Minor", "小区停水未提前通知", "提前通知", "市政停水", "invalid", 12),
	("Environment", "Major", "垃圾站异味严重,多户业主投诉", "搬迁或加强清理", "垃圾清运不及时", "group", 8),
	("General Services", "Important", "前台工作人员态度不好", "道歉并改进", "服务态度", "about_centre", 5),
	("Equipment", "Minor", "单元门禁失灵", "尽快维修", "门禁设备故障", "overdue", 6),
	("Building Fabric", "Minor", "楼梯扶手松动", "加固", None, "new", 1),
]


def make_demo(estate: str) -> list[str]:
	"""Create the demo complaints of `estate`; returns their names."""
	rng = random.Random(5)
	units = frappe.get_all(
		"Unit",
		{"estate": estate},
		["name", "current_owner", "current_owner_name"],
		order_by="name",
		limit=200,
	)
	if not units:
		return []
	desk = first_user(FRONT_DESK)
	assistant = first_user(CS_ASSISTANT, desk)
	names = []
	user = frappe.session.user
	try:
		for category, severity, description, wants, cause, outcome, days_ago in CASES:
			unit = rng.choice(units)
			received = add_to_date(now_datetime(), days=-days_ago).replace(hour=rng.randint(9, 16), minute=0)
			frappe.set_user(desk)
			doc = frappe.get_doc(
				{
					"doctype": "Complaint",
					"estate": estate,
					"unit": unit.name,
					"complainant": unit.current_owner,
					"complainant_name": unit.current_owner_name or "业主",
					"channel": rng.choice(["Phone", "Visit", "Online", "Letter"]),
					"event_time": received - timedelta(hours=2),
					"event_place": unit.name,
					"description": description,
					"complainant_request": wants,
					"category": category,
					"severity": severity,
					"cause": cause,
					"received_at": received,
					"is_group_complaint": int(outcome == "group"),
					"complained_department": "Customer Service Centre" if outcome == "about_centre" else "",
				}
			)
			doc.flags.now = received
			doc.insert()
			names.append(doc.name)
			if outcome in ("new", "about_centre"):
				continue
			_step(doc, received, 1, doc.accept)
			if outcome == "invalid":
				_step(
					doc,
					received,
					2,
					doc.mark_invalid,
					"停水为自来水公司计划停水,非物业责任",
					"已致歉并告知自来水公司热线",
				)
				continue
			_step(doc, received, 3, doc.record_action, "已派工作人员现场查看")
			if outcome == "overdue":
				escalate(doc, add_to_date(doc.resolve_by, hours=1))
				continue
			if outcome == "group":
				doc.notice_title = "关于垃圾站异味问题的处理进展"
				doc.notice_text = (
					"<p>管理处已联系环卫部门,每日清运两次并喷洒除臭剂,垃圾站搬迁方案正在论证。</p>"
				)
				_step(doc, received, 5, doc.answer, "已增加清运频次,搬迁方案两周内答复")
				continue
			if outcome == "in_progress":
				continue
			if outcome == "answered":
				_step(doc, received, 6, doc.answer, "已约双方业主周末现场协调")
				continue
			_step(doc, received, 24, doc.resolve, f"已处理:{cause}")
			_step(doc, received, 26, doc.report_back, "电话告知投诉人处理结果")
			# the assistant's visit, recorded whatever buildings the demo gave the assistant
			frappe.set_user("Administrator")
			_visit(
				doc,
				add_to_date(received, days=2),
				"Dissatisfied" if outcome == "reopened" else "Satisfied",
				assistant,
			)
	finally:
		frappe.set_user(user)
	return names


def _step(doc, received: datetime, hours: int, method, *args):
	"""A step of the procedure, `hours` after the complaint was received."""
	doc.flags.now = add_to_date(received, hours=hours)
	method(*args)


def _visit(doc, when: datetime, satisfaction: str, visited_by: str) -> None:
	if not frappe.db.exists("DocType", "Return Visit"):
		return
	visit = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": "Complaint",
			"reference_name": doc.name,
			"visit_method": "Phone",
			"visited_by": visited_by,
			"visit_time": when,
			"satisfaction": satisfaction,
			"reason": "油烟仍然很大" if satisfaction == "Dissatisfied" else None,
		}
	).insert()
	visit.submit()
