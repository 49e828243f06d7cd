"""The resident portal's requests as real resident users: 报修 (a Service Order of channel Portal,
the price and the acceptance given online), 投诉 (a Complaint of channel Online and the complainant's
score as the return visit), 放行条 (an application, the owner's online confirmation of a tenant's move
in arrears, the QR code once issued); bad input refused with nothing created; each resident trying
the others' records is refused and logged."""

from io import BytesIO

import frappe
from frappe.utils import add_days, add_months, add_to_date, now_datetime, today

from pm_module.front_desk.doctype.release_slip.test_release_slip import bill_this_month
from pm_module.portal import complaints, repairs, slips
from pm_module.portal.access import REFUSED_TITLE
from pm_module.portal.invite import invite_to_portal
from pm_module.portal.photos import check_photos
from pm_module.service.doctype.service_order.test_service_order import make_rate, office_hours
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
)

DESK = position_user("Front Desk")
TECHNICIAN = position_user("Technician")
GOODS = [{"category": "Furniture", "description": "沙发", "qty": 1}]


def png(size: int = 8) -> bytes:
	from PIL import Image

	out = BytesIO()
	Image.new("RGB", (size, size), (200, 30, 30)).save(out, "PNG")
	return out.getvalue()


def as_user(user: str):
	frappe.set_user(user)


class PortalCase(PMTestCase):
	"""Unit 0901 (owner, family member, tenant) and unit 0902 (another owner), each invited."""

	def setUp(self):
		office_hours()
		make_estate()
		building = make_building("P")
		self.unit = make_unit("0901", building=building, area=100, status="Occupied")
		self.other_unit = make_unit("0902", building=building, area=90, status="Occupied")
		self.owner = self.resident("门户业主", self.unit, "Owner", "portal-owner@example.com")
		self.family = self.resident("门户家属", self.unit, "Family Member", "portal-family@example.com")
		self.tenant = self.resident(
			"门户租户",
			self.unit,
			"Tenant",
			"portal-tenant@example.com",
			start=add_months(today(), -6),
			end=add_months(today(), 6),
		)
		self.neighbour = self.resident("门户邻居", self.other_unit, "Owner", "portal-neighbour@example.com")

	def resident(self, name: str, unit: str, role: str, email: str, start="2020-01-01", end=None):
		resident = make_resident(name).name
		make_occupancy(unit, resident, role, start, end)
		frappe.set_user("Administrator")
		user = invite_to_portal(resident, email)
		return frappe._dict(name=resident, user=user)

	def file_repair(self, resident, **kwargs) -> str:
		as_user(resident.user)
		return repairs.file_repair(
			kwargs.pop("unit", self.unit),
			kwargs.pop("content", "厨房水龙头漏水"),
			kwargs.pop("preferred_time", add_to_date(now_datetime(), days=1)),
			photos=kwargs.pop("photos", check_photos([("tap.png", png())])),
			**kwargs,
		)

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def assertRefused(self, call, *args, **kwargs):
		before = frappe.db.count("Error Log", {"method": REFUSED_TITLE})
		self.assertRaises(frappe.PermissionError, call, *args, **kwargs)
		self.assertEqual(frappe.db.count("Error Log", {"method": REFUSED_TITLE}), before + 1)


class TestPortalRepairs(PortalCase):
	def test_request_reaches_the_desk_and_the_resident_accepts_with_a_score(self):
		name = self.file_repair(self.tenant)
		as_user("Administrator")
		order = frappe.get_doc("Service Order", name)
		self.assertEqual((order.channel, order.status, order.requester), ("Portal", "Open", self.tenant.name))
		self.assertTrue(order.reply_due and order.reply_due > order.received_at)  # the 15-minute clock
		files = frappe.get_all(
			"File", {"attached_to_doctype": "Service Order", "attached_to_name": name}, ["is_private"]
		)
		self.assertEqual([f.is_private for f in files], [1])
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": DESK, "document_name": name}),
			"the front desk hears of the request",
		)

		as_user(DESK)
		order = frappe.get_doc("Service Order", name)
		order.dispatch(TECHNICIAN)
		self.assertEqual(order.received_by, DESK)  # the desk owns what it answers (首问责任制)
		as_user(TECHNICIAN)
		order = frappe.get_doc("Service Order", name)
		order.arrive()
		order.complete("更换阀芯")

		# only who filed it follows it (not the owner of the same unit); they accept it with a score
		as_user(self.owner.user)
		self.assertRefused(repairs.get_repair, name)
		as_user(self.tenant.user)
		view = repairs.get_repair(name)
		self.assertTrue(view["can_accept"])
		self.assertEqual(len(view["photos"]), 1)
		self.assertIn("更换阀芯", [s["detail"] for s in view["steps"]])
		self.assertRaisesRegex(frappe.ValidationError, "score", repairs.accept_repair, name, 1, None, "好")
		view = repairs.accept_repair(name, 1, 4, "师傅很专业")
		self.assertEqual((view["status"], view["rating"]), ("Accepted", 4))
		order.reload()
		self.assertEqual(order.acceptance_recorded_by, self.tenant.user)
		self.assertAlmostEqual(order.customer_rating, 0.8)
		self.assertEqual([o.name for o in repairs.my_repairs()], [name])

	def test_rejected_work_goes_back_for_rework(self):
		name = self.file_repair(self.family)
		as_user(DESK)
		frappe.get_doc("Service Order", name).dispatch(TECHNICIAN)
		as_user(TECHNICIAN)
		order = frappe.get_doc("Service Order", name)
		order.arrive()
		order.complete("已处理")
		as_user(self.family.user)
		self.assertRaisesRegex(frappe.ValidationError, "not satisfied", repairs.accept_repair, name, 0, 2, "")
		view = repairs.accept_repair(name, 0, 2, "还在漏水")
		self.assertEqual(view["status"], "Rework")

	def test_paid_service_price_confirmed_by_the_resident(self):
		rate = make_rate("更换水龙头", "Fixed Price", price=30, estate=TEST_ESTATE).name
		name = self.file_repair(self.owner, paid_service_rate=rate)
		self.assertEqual(frappe.db.get_value("Service Order", name, "order_kind"), "Paid Service")
		as_user(DESK)
		frappe.get_doc("Service Order", name).dispatch(TECHNICIAN)
		as_user(self.owner.user)
		self.assertTrue(repairs.get_repair(name)["can_confirm_price"])
		view = repairs.confirm_price(name)
		self.assertEqual((view["price_confirmed"], view["price"]), (1, 30))
		self.assertEqual(frappe.db.get_value("Service Order", name, "price_confirmed_by"), self.owner.user)
		self.assertRaisesRegex(frappe.ValidationError, "already confirmed", repairs.confirm_price, name)

	def test_bad_requests_are_refused_and_create_nothing(self):
		count = frappe.db.count("Service Order")
		past = add_to_date(now_datetime(), hours=-1)
		self.assertRaisesRegex(
			frappe.ValidationError, "passed", self.file_repair, self.owner, preferred_time=past
		)
		self.assertRaisesRegex(
			frappe.ValidationError, "describe|Describe", self.file_repair, self.owner, content=" "
		)
		self.assertRaisesRegex(frappe.ValidationError, "not a photo", check_photos, [("x.png", b"%PDF-1.4")])
		frappe.db.set_single_value("Property Management Settings", "portal_photo_max_mb", 1)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		big = png(1200)  # not compressible below 1 MB? make sure it is large
		big = big + b"\0" * max(0, 1024 * 1024 + 1 - len(big))
		self.assertRaisesRegex(frappe.ValidationError, "larger than 1 MB", check_photos, [("big.png", big)])
		self.assertRaisesRegex(frappe.ValidationError, "at most", check_photos, [("p.png", png())] * 7)
		# a unit the resident does not (or no longer) belong to: refused and logged
		as_user(self.owner.user)
		self.assertRefused(self.file_repair, self.owner, unit=self.other_unit)
		self.assertEqual(frappe.db.count("Service Order"), count)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_moved_out_resident_loses_the_units_requests(self):
		name = self.file_repair(self.tenant)
		as_user("Administrator")
		occupancy = frappe.get_value("Occupancy", {"resident": self.tenant.name}, "name")
		frappe.db.set_value("Occupancy", occupancy, "end_date", add_days(today(), -1))
		as_user(self.tenant.user)
		self.assertEqual(repairs.my_repairs(), [])
		self.assertRefused(repairs.get_repair, name)
		self.assertRefused(self.file_repair, self.tenant)

	def test_others_orders_are_refused(self):
		name = self.file_repair(self.owner)
		as_user(self.neighbour.user)
		self.assertEqual(repairs.my_repairs(), [])
		self.assertRefused(repairs.get_repair, name)
		self.assertRefused(repairs.accept_repair, name, 1, 5, "")
		self.assertRefused(repairs.confirm_price, name)
		self.assertRefused(repairs.get_repair, "SO-NOT-THERE")


class TestPortalComplaints(PortalCase):
	def file(self, resident) -> str:
		as_user(resident.user)
		return complaints.file_complaint(
			self.unit,
			"Environment",
			"楼道垃圾两天没有清运",
			request="尽快清运",
			photos=check_photos([("rubbish.png", png())]),
		)

	def work_to_result(self, name: str) -> None:
		as_user(DESK)
		complaint = frappe.get_doc("Complaint", name)
		complaint.accept()
		self.assertEqual(complaint.received_by, DESK)
		complaint.answer("已安排保洁今天清运")
		complaint.resolve("垃圾已清运，加强巡查")
		complaint.report_back()

	def test_complaint_online_with_answer_and_score(self):
		name = self.file(self.family)
		as_user("Administrator")
		complaint = frappe.get_doc("Complaint", name)
		self.assertEqual(
			(complaint.channel, complaint.status, complaint.complainant), ("Online", "New", self.family.name)
		)
		self.assertTrue(complaint.resolve_by)
		self.work_to_result(name)

		as_user(self.family.user)
		view = complaints.get_complaint(name)
		self.assertEqual(view["answer"], "已安排保洁今天清运")
		self.assertEqual(view["result"], "垃圾已清运，加强巡查")
		self.assertTrue(view["can_rate"])
		self.assertRaisesRegex(frappe.ValidationError, "score", complaints.rate_complaint, name, None, "")
		self.assertRaisesRegex(
			frappe.ValidationError, "not satisfied", complaints.rate_complaint, name, 2, ""
		)
		view = complaints.rate_complaint(name, 5, "很及时")
		self.assertEqual(view["status"], "Closed")
		visit = frappe.get_all(
			"Return Visit",
			{"reference_name": name, "docstatus": 1},
			["visit_method", "visited_by", "satisfaction", "rating"],
		)
		self.assertEqual(
			[(v.visit_method, v.visited_by, v.satisfaction, v.rating) for v in visit],
			[("Online", self.family.user, "Satisfied", 1)],
		)

	def test_dissatisfied_score_reopens(self):
		name = self.file(self.owner)
		self.work_to_result(name)
		as_user(self.owner.user)
		view = complaints.rate_complaint(name, 1, "第二天又堆满了")
		self.assertEqual(view["status"], "Reopened")

	def test_only_the_complainant_sees_a_complaint(self):
		name = self.file(self.owner)
		for other in (self.family, self.tenant, self.neighbour):
			as_user(other.user)
			self.assertEqual(complaints.my_complaints(), [])
			self.assertRefused(complaints.get_complaint, name)
			self.assertRefused(complaints.rate_complaint, name, 5, "")
		as_user(self.owner.user)
		self.assertEqual([c.name for c in complaints.my_complaints()], [name])
		self.assertRaisesRegex(frappe.ValidationError, "result", complaints.rate_complaint, name, 5, "")


class TestPortalSlips(PortalCase):
	def apply(self, resident, move_date=None) -> str:
		as_user(resident.user)
		return slips.apply_for_slip(self.unit, move_date or today(), GOODS, "粤B12345")

	def test_tenant_in_arrears_waits_for_the_owner_online(self):
		make_fee("PM Property Fee", 2.5)
		self.assertTrue(bill_this_month())
		name = self.apply(self.tenant)
		as_user(self.owner.user)
		listed = {s.name: s for s in slips.my_slips(self.owner.name)}
		self.assertTrue(listed[name].awaits_my_confirmation)
		self.assertTrue(slips.get_slip(name)["can_confirm"])
		# the tenant cannot confirm their own move, nor the family member
		for other in (self.tenant, self.family):
			as_user(other.user)
			self.assertRaises(frappe.PermissionError, slips.confirm_tenant_move, name)

		as_user(DESK)
		slip = frappe.get_doc("Release Slip", name)
		self.assertEqual((slip.relation, slip.applied_online), ("Tenant", 1))
		self.assertRaisesRegex(frappe.ValidationError, "owes", slip.submit)

		as_user(self.owner.user)
		view = slips.confirm_tenant_move(name)
		self.assertTrue(view["owner_confirmed"])
		as_user(DESK)
		slip = frappe.get_doc("Release Slip", name)
		self.assertEqual((slip.arrears_confirmation, slip.confirmed_online_by), ("Owner", self.owner.user))
		slip.submit()

		as_user(self.tenant.user)
		view = slips.get_slip(name)
		self.assertEqual(view["status"], "Issued")
		self.assertTrue(view["qr"].startswith("data:image/png;base64,"))

	def test_bad_applications_are_refused(self):
		count = frappe.db.count("Release Slip")
		self.assertRaisesRegex(
			frappe.ValidationError, "passed", self.apply, self.owner, add_days(today(), -1)
		)
		as_user(self.owner.user)
		self.assertRaisesRegex(frappe.ValidationError, "goods", slips.apply_for_slip, self.unit, today(), [])
		self.assertRefused(slips.apply_for_slip, self.other_unit, today(), GOODS)
		self.assertEqual(frappe.db.count("Release Slip"), count)

	def test_others_slips_are_refused(self):
		name = self.apply(self.family)
		as_user(self.neighbour.user)
		self.assertEqual(slips.my_slips(self.neighbour.name), [])
		self.assertRefused(slips.get_slip, name)
		self.assertRefused(slips.confirm_tenant_move, name)
		as_user(self.tenant.user)  # same unit, not the applicant, not the owner
		self.assertRefused(slips.get_slip, name)
		as_user(self.owner.user)  # the owner sees the household's slips
		self.assertEqual(slips.get_slip(name)["relation"], "Family Member")


class TestPortalRequestPages(PortalCase):
	def render(self, route: str, **form) -> str:
		"""The page as the web server renders it for the current user, `form` its query string."""
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		set_request(method="GET", path=route)
		frappe.local.form_dict = frappe._dict(form)
		return frappe.safe_decode(get_response().get_data())

	def test_pages_of_a_tenant_and_refusals_to_a_neighbour(self):
		order = self.file_repair(self.tenant)
		as_user(self.tenant.user)
		complaint = complaints.file_complaint(self.unit, "Security", "单元门没关好")
		slip = slips.apply_for_slip(self.unit, today(), GOODS)
		for page, name, marker in (
			("repairs", order, "pm-repair-form"),
			("complaints", complaint, "pm-complaint-form"),
			("slips", slip, "pm-slip-form"),
		):
			route = f"/property/{page}"
			html = self.render(route)
			self.assertIn('class="pm-tabs"', html, route)
			self.assertIn(name, html, route)
			self.assertIn(marker, self.render(route, new=1), route)
			detail = self.render(route, name=name)
			self.assertIn(f'data-name="{name}"', detail, route)
			self.assertIn("pm-steps", detail, route)

		as_user(self.neighbour.user)
		for page, name in (("repairs", order), ("complaints", complaint), ("slips", slip)):
			route = f"/property/{page}"
			self.assertNotIn(name, self.render(route), route)
			self.assertNotIn(f'data-name="{name}"', self.render(route, name=name), route)

	def test_new_request_forms_for_the_residents_units(self):
		"""Each new-request form is for one of the resident's units today: filled in, a choice
		between several, none for a resident who has left."""
		make_occupancy(self.other_unit, self.owner.name, "Family Member", "2020-01-01")
		moved_out = self.resident("门户旧家属", self.unit, "Family Member", "portal-old@example.com")
		frappe.db.set_value("Occupancy", {"resident": moved_out.name}, "end_date", add_days(today(), -1))
		for page in ("repairs", "complaints", "slips"):
			route = f"/property/{page}"
			as_user(self.neighbour.user)
			html = self.render(route, new=1)
			self.assertIn(f'name="unit" value="{self.other_unit}"', html, route)
			self.assertNotIn('class="pm-units"', html, route)
			as_user(self.owner.user)
			html = self.render(route, new=1, unit=self.other_unit)
			self.assertIn('class="pm-units"', html, route)
			self.assertIn(f'name="unit" value="{self.other_unit}"', html, route)
			as_user(moved_out.user)
			html = self.render(route, new=1)
			self.assertIn("pm-empty", html, route)
			self.assertNotIn('name="unit"', html, route)
		as_user(self.neighbour.user)
		self.assertIn('enctype="multipart/form-data"', self.render("/property/repairs", new=1))
