"""The resident portal's repair request in a real browser on a phone screen (390 × 844).

Debian's Chromium driven by Playwright, with the site's web server in a subprocess
(pm_module/tests/browser.py); the test's data is committed on an estate of its own and removed
afterwards.

A resident logs in, files a repair request with a photo and a preferred time; the desk dispatches it
to the technician and the technician completes it (in Python, as those users); the resident opens
the request again, gives four stars and a comment and accepts the work: the order is Accepted with
the resident's score, as the technician would have recorded it. The guard's Gate Check page shows
its Scan button's label at the same width. Screenshots in /tmp.
"""

import secrets
from io import BytesIO

import frappe
from frappe.utils import add_days, now_datetime

from pm_module.portal.demo import invite
from pm_module.tests.browser import SCREENSHOTS, BrowserTestCase, delete_docs
from pm_module.tests.utils import (
	make_building,
	make_estate,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
)

ESTATE = "_Test Portal Estate"
ESTATE_CODE = "TPB"
RESIDENT_NAME = "_门户浏览器业主"
RESIDENT_USER = "pm-portal-browser-resident@example.com"
GUARD = "pm-portal-browser-guard@example.com"
DESK = position_user("Front Desk")
TECHNICIAN = position_user("Technician")
PHONE = {"width": 390, "height": 844}


class TestPortalBrowser(BrowserTestCase):
	@staticmethod
	def purge():
		purge()

	@classmethod
	def make_data(cls):
		make_estate(ESTATE, ESTATE_CODE)
		cls.unit = make_unit("1601", building=make_building("A", estate=ESTATE), area=100, status="Occupied")
		resident = make_resident(RESIDENT_NAME).name
		make_occupancy(cls.unit, resident, "Owner", "2020-01-01")
		cls.password = secrets.token_urlsafe(16)
		invite(resident, RESIDENT_USER, cls.password)
		frappe.get_doc(
			{
				"doctype": "User",
				"email": GUARD,
				"first_name": "保安",
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": cls.password,
				"roles": [{"role": "Security Guard"}],
			}
		).insert(ignore_permissions=True)
		cls.photo = SCREENSHOTS / "portal_repair_photo.png"
		from PIL import Image

		out = BytesIO()
		Image.new("RGB", (64, 48), (30, 120, 200)).save(out, "PNG")
		cls.photo.write_bytes(out.getvalue())

	def test_resident_files_a_repair_and_accepts_it_with_a_score(self):
		with self.browser_page(
			"portal_failure.png", viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True
		) as (page, errors):
			log_in(page, self.base_url, RESIDENT_USER, self.password)

			# the request: what, when, a photo
			page.goto(f"{self.base_url}/property/repairs?new=1")
			page.fill("#pm-content", "卫生间水龙头一直滴水")
			when = add_days(now_datetime(), 1).replace(hour=10, minute=0, second=0, microsecond=0)
			page.fill("#pm-time", when.strftime("%Y-%m-%dT%H:%M"))
			page.set_input_files("#pm-photos", str(self.photo))
			page.screenshot(path=str(SCREENSHOTS / "portal_repair_form_390.png"), full_page=True)
			self.assertLessEqual(page.evaluate("document.scrollingElement.scrollWidth"), PHONE["width"] + 2)
			page.click(".pm-repair-form button[type=submit]")
			page.wait_for_selector(".pm-repair[data-status=Open]")
			name = page.get_attribute(".pm-repair", "data-name")
			self.assertEqual(page.locator(".pm-photos img").count(), 1)
			# the private photo downloads for its owner (frappe checks the order's permission)
			page.wait_for_function("document.querySelector('.pm-photos img').complete")
			self.assertGreater(page.evaluate("document.querySelector('.pm-photos img').naturalWidth"), 0)

			# the office: the desk dispatches, the technician completes (as those users)
			desk_and_technician(name)

			page.reload()
			page.wait_for_selector(".pm-accept-form")
			page.click("label[for=pm-star-4]")
			page.fill("#pm-comments", "修好了，师傅很细心")
			page.screenshot(path=str(SCREENSHOTS / "portal_repair_accept_390.png"), full_page=True)
			page.click(".pm-accept")
			page.wait_for_selector(".pm-repair[data-status=Accepted]")
			page.screenshot(path=str(SCREENSHOTS / "portal_repair_accepted_390.png"), full_page=True)
			self.assertEqual(page.locator(".pm-stars-shown .on").count(), 4)

		self.assertEqual(errors, [])
		frappe.db.rollback()  # see what the server committed
		order = frappe.get_doc("Service Order", name)
		self.assertEqual((order.channel, order.status, order.unit), ("Portal", "Accepted", self.unit))
		self.assertEqual(order.acceptance_recorded_by, RESIDENT_USER)
		self.assertEqual(order.acceptance_comments, "修好了，师傅很细心")
		self.assertAlmostEqual(order.customer_rating, 0.8)
		self.assertEqual(str(order.preferred_time)[:16], when.strftime("%Y-%m-%d %H:%M"))
		self.assertEqual(
			frappe.db.count("File", {"attached_to_doctype": "Service Order", "attached_to_name": name}), 1
		)

	def test_gate_check_scan_button_shows_its_label_on_a_phone(self):
		with self.browser_page("gate_check_failure.png", viewport=PHONE, locale="zh-CN") as (page, errors):
			log_in(page, self.base_url, GUARD, self.password)
			page.goto(f"{self.base_url}/app/gate-check")
			button = page.locator(".page-actions .primary-action:visible").first
			button.wait_for()
			page.screenshot(path=str(SCREENSHOTS / "gate_check_390.png"))
			label = button.inner_text().strip()
			self.assertTrue(label, "the Scan button shows no text")
			self.assertIn(label, ("Scan", "扫描", "扫码"))
		self.assertEqual(errors, [])


def log_in(page, base_url: str, user: str, password: str) -> None:
	page.goto(f"{base_url}/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.keyboard.press("Enter")
	page.wait_for_url(lambda url: "/login" not in url)


def desk_and_technician(name: str) -> None:
	"""What the office does between the resident's two visits, committed for the web server."""
	frappe.db.rollback()
	try:
		frappe.set_user(DESK)
		frappe.get_doc("Service Order", name).dispatch(TECHNICIAN)
		frappe.set_user(TECHNICIAN)
		order = frappe.get_doc("Service Order", name)
		order.arrive()
		order.complete("更换了水龙头阀芯")
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")


def purge() -> None:
	"""Delete the estate, its unit, resident, orders and users, committed; changes nothing twice."""
	frappe.set_user("Administrator")
	frappe.db.rollback()
	orders = frappe.get_all("Service Order", {"estate": ESTATE}, pluck="name")
	for file in frappe.get_all(
		"File",
		{"attached_to_doctype": "Service Order", "attached_to_name": ("in", orders or [""])},
		pluck="name",
	):
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)
	for log in ("ToDo", "Notification Log"):
		field = {"ToDo": "reference_name", "Notification Log": "document_name"}[log]
		frappe.db.delete(log, {field: ("in", orders or [""])})
	delete_docs("Service Order", orders)
	units = frappe.get_all("Unit", {"estate": ESTATE}, pluck="name")
	residents = frappe.get_all("Resident", {"resident_name": RESIDENT_NAME}, pluck="name")
	customers = [
		c for c in frappe.get_all("Resident", {"name": ("in", residents or [""])}, pluck="customer") if c
	]
	delete_docs("Occupancy", frappe.get_all("Occupancy", {"unit": ("in", units or [""])}, pluck="name"))
	delete_docs("Unit", units)
	delete_docs("Building", frappe.get_all("Building", {"estate": ESTATE}, pluck="name"))
	delete_docs("Resident", residents)
	for customer in customers:
		for link in frappe.get_all(
			"Dynamic Link", {"link_doctype": "Customer", "link_name": customer}, ["parent", "parenttype"]
		):
			delete_docs(link.parenttype, [link.parent])
	delete_docs("Customer", customers)
	delete_docs("Estate", [ESTATE] if frappe.db.exists("Estate", ESTATE) else [])
	for user in (RESIDENT_USER, GUARD):
		if frappe.db.exists("User", user):
			frappe.db.delete("User Permission", {"user": user})
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()
