"""Demo renovations of an estate: one under review, one running with worker passes and hot work, one
inspected and completed (`make_demo(estate)`; the lead wires it into pm_module.demo)."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from pm_module.estate.register import get_owner
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
	APPROVE,
	SUBMIT_FOR_REVIEW,
	sync_renovation_workflow,
)

CONTRACTORS = [
	("武汉好家装饰工程有限公司", "91420100MA4K0001X1", "李工", "13871000001"),
	("江城美居装饰设计有限公司", "91420100MA4K0002X2", "陈经理", "13871000002"),
	("楚天匠心建筑装饰有限公司", "91420100MA4K0003X3", "刘师傅", "13871000003"),
]


def make_demo(estate: str) -> list[str]:
	"""Three renovation applications on owned, occupied units of `estate`; returns their names."""
	sync_renovation_workflow()
	units = [
		u
		for u in frappe.get_all(
			"Unit",
			filters={"estate": estate, "status": "Occupied", "unit_type": "Residential"},
			pluck="name",
			order_by="name",
			limit=40,
		)
		if get_owner(u)
	][:3]
	if len(units) < 3 or frappe.db.exists("Renovation Application", {"unit": ("in", units)}):
		return []
	review = _application(estate, units[0], 0, structural_changes=1, scope="拆除非承重墙，改造卫生间及阳台")
	review = apply_workflow(review, SUBMIT_FOR_REVIEW)

	running = _application(estate, units[1], 1, scope="厨房、卫生间翻新，铺设木地板，墙面刷漆")
	running.append(
		"worker_passes",
		{
			"worker_name": "王建国",
			"id_number": "420106198503120011",
			"trade": "木工",
			"valid_from": today(),
			"valid_to": add_days(today(), 45),
		},
	)
	running.append(
		"worker_passes",
		{
			"worker_name": "赵志强",
			"id_number": "420106199107250032",
			"trade": "水电工",
			"valid_from": today(),
			"valid_to": add_days(today(), 45),
		},
	)
	running.save()
	running = _approve(running)
	frappe.get_doc(
		{
			"doctype": "Hot Work Permit",
			"renovation_application": running.name,
			"location": "厨房",
			"work_type": "Welding",
			"operator_name": "张师傅",
			"operator_certificate": "T420106198001",
			"start_time": f"{add_days(today(), 2)} 09:00:00",
			"end_time": f"{add_days(today(), 2)} 11:30:00",
			"extinguisher_ready": 1,
			"combustibles_cleared": 1,
			"fire_watch": "物业安全员 周强",
			"fire_safety_measures": "配备两具干粉灭火器，清理周边可燃物，专人全程监护，作业后检查30分钟",
		}
	).insert().submit()

	done = _approve(_application(estate, units[2], 2, scope="更换门窗，卧室铺设地板"))
	frappe.get_doc(
		{
			"doctype": "Renovation Completion Inspection",
			"renovation_application": done.name,
			"result": "Passed",
			"findings": "公共部位无损坏，消防设施完好",
		}
	).insert().submit()
	return [review.name, running.name, done.name]


def _application(estate: str, unit: str, i: int, scope: str, structural_changes: int = 0):
	name, licence, contact, phone = CONTRACTORS[i]
	return frappe.get_doc(
		{
			"doctype": "Renovation Application",
			"estate": estate,
			"unit": unit,
			"applicant": get_owner(unit),
			"id_checked": 1,
			"ownership_checked": 1,
			"agreement_signed": 1,
			"contractor_name": name,
			"contractor_licence": licence,
			"contractor_contact": contact,
			"contractor_phone": phone,
			"planned_start": today(),
			"planned_end": add_days(today(), 60),
			"scope_of_work": scope,
			"structural_changes": structural_changes,
		}
	).insert()


def _approve(doc):
	doc = apply_workflow(doc, SUBMIT_FOR_REVIEW)
	return apply_workflow(doc, APPROVE)
