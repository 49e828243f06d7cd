"""公告: what the estate office publishes for a resident's estates: its Estate Notices (submitted, from
their publish date until their last day, for the estate or the resident's building) and the notices of
group complaints (Complaint → Notice Board), newest first; and each estate office's hours and phone."""

import frappe
from frappe.utils import getdate, today


def notices_for(units: list, limit: int = 30) -> list[frappe._dict]:
	estates = list({u.estate for u in units})
	buildings = list({u.building for u in units if u.building})
	if not estates:
		return []
	now = getdate(today())
	notice = frappe.qb.DocType("Estate Notice")
	rows = (
		frappe.qb.from_(notice)
		.select(
			notice.name,
			notice.title,
			notice.notice_type,
			notice.publish_date.as_("date"),
			notice.content,
			notice.estate,
		)
		.where(notice.docstatus == 1)
		.where(notice.estate.isin(estates))
		.where(notice.publish_date <= now)
		.where(notice.expiry_date.isnull() | (notice.expiry_date >= now))
		.where(notice.building.isnull() | (notice.building == "") | notice.building.isin(buildings or [""]))
		.orderby(notice.publish_date, order=frappe.qb.desc)
		.limit(limit)
		.run(as_dict=True)
	)
	complaint = frappe.qb.DocType("Complaint")
	group = (
		frappe.qb.from_(complaint)
		.select(
			complaint.name,
			complaint.notice_title.as_("title"),
			complaint.notice_text.as_("content"),
			complaint.modified.as_("date"),
			complaint.estate,
		)
		.where(complaint.is_group_complaint == 1)
		.where(complaint.estate.isin(estates))
		.where(complaint.notice_title.isnotnull() & (complaint.notice_title != ""))
		.where(complaint.status != "Invalid")
		.orderby(complaint.modified, order=frappe.qb.desc)
		.limit(limit)
		.run(as_dict=True)
	)
	for row in rows:
		row.kind = "notice"
	for row in group:
		row.kind = "group_complaint"
		row.notice_type = "Group Complaint"
	merged = sorted(rows + group, key=lambda r: getdate(r.date), reverse=True)
	return merged[:limit]


def offices(units: list) -> list[frappe._dict]:
	"""Each of the resident's estates: its office's hours, phone and address."""
	estates = list(dict.fromkeys(u.estate for u in units))
	if not estates:
		return []
	return frappe.get_all(
		"Estate",
		filters={"name": ("in", estates)},
		fields=["name", "estate_name", "office_phone", "office_hours", "office_email", "address"],
	)
