"""The resident portal as real resident users: the invite and its links, what each page shows to an
owner, a paying tenant, a non-paying owner and a family member of different units, and the
refusals of everything else through the pages, the whitelisted methods, the REST API (frappe.client /
get_list / has_permission as /api/resource runs them), prints (PDF) and private files."""

import frappe
from frappe.client import get as client_get
from frappe.utils import add_days, get_html_for_route, today

from pm_module.estate.doctype.household_member_request.household_member_request import ADD, REMOVE
from pm_module.portal import access
from pm_module.portal.bills import pay_invoice
from pm_module.portal.house import request_add_member, request_remove_member
from pm_module.portal.invite import disable_portal_login, invite_to_portal
from pm_module.portal.web import portal_context
from pm_module.setup.positions import RESIDENT
from pm_module.tests.utils import (
	PMTestCase,
	bill_month,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
)


def as_user(user: str):
	"""Context manager: run as `user`, back to Administrator after."""

	class _As:
		def __enter__(self):
			frappe.set_user(user)

		def __exit__(self, *exc):
			frappe.set_user("Administrator")

	return _As()


def page_context(module: str, **form) -> frappe._dict:
	"""A portal page's get_context as the current user, with `form` as its query string."""
	frappe.local.form_dict = frappe._dict(form)
	context = frappe._dict()
	frappe.get_module(f"pm_module.www.property.{module}").get_context(context)
	return context


# an estate of its own: the billing run of each test bills these three units only
ESTATE, ESTATE_CODE = "_Test Portal Estate", "TPE"
SAVEPOINT = "portal_residents"


def refusals() -> int:
	return frappe.db.count("Error Log", {"method": access.REFUSED_TITLE})


class PortalTestCase(PMTestCase):
	"""Building P of the portal's test estate:
	- P-0801: owner 林业主 (pays), family member 林家人;
	- P-0802: owner 周房东 and tenant 吴租户, who pays the fees;
	- P-0803: owner 郑邻居, a stranger to the others.
	Everyone is invited; each unit has an October invoice. Made once per class (a billing run and five
	invitations take seconds); each test goes back to that state (a savepoint, rolled back to)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_estate(ESTATE, ESTATE_CODE)
		building = make_building("P", ESTATE)
		cls.u1, cls.u2, cls.u3 = (
			make_unit(n, building, area=100, status="Occupied") for n in ("0801", "0802", "0803")
		)
		start = "2024-01-01"
		cls.owner = make_resident("林业主")
		cls.family = make_resident("林家人")
		cls.landlord = make_resident("周房东")
		cls.tenant = make_resident("吴租户")
		cls.stranger = make_resident("郑邻居")
		make_occupancy(cls.u1, cls.owner.name, "Owner", start)
		make_occupancy(cls.u1, cls.family.name, "Family Member", start)
		make_occupancy(cls.u2, cls.landlord.name, "Owner", start)
		make_occupancy(cls.u2, cls.tenant.name, "Tenant", start, add_days(today(), 300), pays_fees=1)
		make_occupancy(cls.u3, cls.stranger.name, "Owner", start)
		make_fee("PM Property Fee", 2.5, estate=ESTATE)
		bill_month("2026-10-01", "2026-09-15", estate=ESTATE)
		cls.inv1, cls.inv2, cls.inv3 = (
			frappe.db.get_value("Sales Invoice", {"pm_unit": u, "from_date": "2026-10-01", "docstatus": 1})
			for u in (cls.u1, cls.u2, cls.u3)
		)
		cls.users = {}
		for key in ("owner", "family", "landlord", "tenant", "stranger"):
			resident = getattr(cls, key)
			cls.users[key] = invite_to_portal(resident.name, f"p1-portal-{key}@example.com")
			resident.reload()
		frappe.db.savepoint(SAVEPOINT)

	def tearDown(self):
		frappe.local.form_dict = frappe._dict()
		if getattr(frappe.local, "request", None):
			del frappe.local.request
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point=SAVEPOINT)
		# cached documents a test changed (settings) go back too
		frappe.clear_document_cache("Property Management Settings")

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		super().tearDownClass()


class TestLinking(PortalTestCase):
	def test_invite_makes_a_website_user_linked_to_resident_and_customer(self):
		user = frappe.get_doc("User", self.users["owner"])
		self.assertEqual(user.user_type, "Website User")
		self.assertIn(RESIDENT, frappe.get_roles(user.name))
		self.assertNotIn("Customer", frappe.get_roles(user.name))  # not ERPNext's customer portal role
		self.assertEqual(self.owner.user, user.name)
		self.assertTrue(
			frappe.db.exists(
				"Portal User", {"parent": self.owner.customer, "parenttype": "Customer", "user": user.name}
			)
		)
		# a family member pays nothing: linked by the Resident record only
		self.assertFalse(self.family.customer)
		self.assertEqual(frappe.db.get_value("Resident", {"user": self.users["family"]}), self.family.name)
		self.assertEqual(access.current_resident(self.users["tenant"]), self.tenant.name)

	def test_front_desk_invites_and_disables(self):
		newcomer = make_resident("新住户")
		make_occupancy(self.u3, newcomer.name, "Family Member", add_days(today(), -1))
		with as_user(position_user("Front Desk")):
			user = invite_to_portal(newcomer.name, "P1-Portal-Newcomer@Example.com ")
			self.assertEqual(user, "p1-portal-newcomer@example.com")
			disable_portal_login(newcomer.name)
		self.assertEqual(frappe.db.get_value("User", user, "enabled"), 0)
		with as_user(position_user("Front Desk")):
			invite_to_portal(newcomer.name, user)  # invited again: enabled again
		self.assertEqual(frappe.db.get_value("User", user, "enabled"), 1)

	def test_bad_invites_change_nothing(self):
		gone = make_resident("已迁出")
		make_occupancy(self.u3, gone.name, "Family Member", "2020-01-01", "2020-12-31")
		for resident, email in (
			(gone.name, "p1-portal-gone@example.com"),  # not on today's register
			(self.stranger.name, "not-an-email"),
			(self.stranger.name, self.users["owner"]),  # another resident's login
			(self.stranger.name, "p1-portal-other@example.com"),  # already has a login
			(make_resident_on(self.u3).name, position_user("Cashier")),  # a staff account
		):
			self.assertRaises(frappe.ValidationError, invite_to_portal, resident, email)
		self.assertFalse(frappe.db.exists("User", "p1-portal-gone@example.com"))
		self.assertFalse(frappe.db.exists("User", "p1-portal-other@example.com"))
		self.assertNotIn(RESIDENT, frappe.get_roles(position_user("Cashier")))

	def test_a_technician_may_not_invite(self):
		with as_user(position_user("Technician")):
			self.assertRaises(
				frappe.PermissionError, invite_to_portal, self.stranger.name, "p1-x@example.com"
			)


def make_resident_on(unit: str):
	resident = make_resident("另一住户")
	make_occupancy(unit, resident.name, "Family Member", add_days(today(), -1))
	return resident


class TestRegisterAccess(PortalTestCase):
	def test_units_and_roles_on_todays_register(self):
		rows = {k: access.resident_units(getattr(self, k).name) for k in self.users}
		self.assertEqual([(r.unit, r.role, r.pays_fees) for r in rows["owner"]], [(self.u1, "Owner", True)])
		self.assertEqual(
			[(r.unit, r.role, r.pays_fees) for r in rows["family"]], [(self.u1, "Family Member", False)]
		)
		self.assertEqual(
			[(r.unit, r.is_owner, r.pays_fees) for r in rows["landlord"]], [(self.u2, True, False)]
		)
		self.assertEqual([(r.unit, r.role, r.pays_fees) for r in rows["tenant"]], [(self.u2, "Tenant", True)])
		# who sees whose bills: the payer their own, a family member the household's, not the landlord
		self.assertEqual(access.visible_customers(self.owner.name), [self.owner.customer])
		self.assertEqual(access.visible_customers(self.family.name), [self.owner.customer])
		self.assertEqual(access.visible_customers(self.tenant.name), [self.tenant.customer])
		self.assertNotIn(self.tenant.customer, access.visible_customers(self.landlord.name))

	def test_moved_out_resident_loses_the_unit(self):
		occupancy = frappe.get_value("Occupancy", {"resident": self.family.name, "unit": self.u1})
		frappe.db.set_value("Occupancy", occupancy, "end_date", add_days(today(), -1))
		self.assertEqual(access.resident_units(self.family.name), [])
		self.assertEqual(access.visible_customers(self.family.name), [])
		with as_user(self.users["family"]):
			self.assertEqual(frappe.get_list("Sales Invoice", pluck="name"), [])
			self.assertEqual(frappe.get_list("Unit", pluck="name"), [])
			self.assertRaises(frappe.PermissionError, client_get, "Sales Invoice", self.inv1)
			self.assertRaises(frappe.PermissionError, page_context, "bills", unit=self.u1)

	def test_guests_go_to_login_and_staff_are_refused(self):
		with as_user("Guest"):
			self.assertRaises(frappe.Redirect, portal_context, frappe._dict(), "x", "home")
			self.assertIn("/login", frappe.local.flags.redirect_location)
		with as_user(position_user("Front Desk")):
			self.assertRaises(frappe.PermissionError, portal_context, frappe._dict(), "x", "home")


class TestPages(PortalTestCase):
	def test_home(self):
		with as_user(self.users["owner"]):
			context = page_context("index")
		self.assertEqual([u.unit for u in context.units], [self.u1])
		self.assertEqual(
			context.outstanding, frappe.db.get_value("Sales Invoice", self.inv1, "outstanding_amount")
		)

	def test_bills_of_owner_family_tenant_and_landlord(self):
		with as_user(self.users["owner"]):
			owner = page_context("bills").bills
		with as_user(self.users["family"]):
			family = page_context("bills").bills
		with as_user(self.users["tenant"]):
			tenant = page_context("bills").bills
		with as_user(self.users["landlord"]):
			landlord = page_context("bills").bills
		self.assertEqual([i.name for i in owner.invoices], [self.inv1])
		self.assertEqual([i.name for i in family.invoices], [self.inv1])
		self.assertEqual([i.name for i in tenant.invoices], [self.inv2])
		self.assertEqual(landlord.invoices, [])  # the tenant pays unit 0802's fees
		invoice = owner.invoices[0]
		self.assertEqual(str(invoice.from_date), "2026-10-01")
		self.assertTrue(invoice.lines and invoice.lines[0].amount > 0)
		self.assertGreater(owner.outstanding, 0)
		self.assertIn("Payment+Notice", invoice.notice_url)

	def test_paying_a_receipt_shows_and_the_pay_button_falls_back_to_the_counter(self):
		from pm_module.tests.utils import pay_invoice as pay_at_bank

		receipt = pay_at_bank(self.inv1)
		frappe.db.set_value("Payment Entry", receipt, "pm_unit", self.u1)
		with as_user(self.users["owner"]):
			bills = page_context("bills")
			self.assertFalse(bills.online_payment)
			self.assertEqual([r.name for r in bills.bills.receipts], [receipt])
			self.assertEqual(bills.bills.outstanding, 0)
			# paid already; and without a payment gateway the counter is the way
			self.assertRaises(frappe.ValidationError, pay_invoice, self.inv1)
			self.assertEqual(frappe.get_list("Payment Entry", pluck="name"), [receipt])
		for key in ("tenant", "stranger", "landlord"):
			with as_user(self.users[key]):
				self.assertEqual(frappe.get_list("Payment Entry", pluck="name"), [], key)
				self.assertRaises(frappe.PermissionError, client_get, "Payment Entry", receipt)

	def test_pay_without_gateway_says_where_to_pay(self):
		frappe.db.set_single_value("Property Management Settings", "bank_details", "工商银行 6222 0000")
		with as_user(self.users["owner"]):
			context = page_context("bills")
			self.assertIn("工商银行", context.offline.bank_details)
			self.assertRaisesRegex(frappe.ValidationError, "(?i)online payment|在线", pay_invoice, self.inv1)

	def test_pay_online_through_a_payment_request(self):
		"""With a payment gateway (here Stripe, from the payments app, its keys not checked online),
		Pay makes a submitted ERPNext Payment Request for what the invoice still owes and sends the
		resident to the gateway's page."""
		company = frappe.db.get_value("Sales Invoice", self.inv1, "company")
		stripe = frappe.get_doc(
			{
				"doctype": "Stripe Settings",
				"gateway_name": "PM Portal Test",
				"publishable_key": "pk_test_portal",
				"secret_key": "sk_test_portal",
			}
		)
		stripe.flags.ignore_mandatory = True  # no call to Stripe from a test
		stripe.insert(ignore_permissions=True)
		frappe.db.set_value("Payment Gateway Account", {"is_default": 1}, "is_default", 0)
		account = frappe.db.get_value(
			"Account", {"company": company, "account_type": ("in", ["Bank", "Cash"]), "is_group": 0}
		)
		frappe.get_doc(
			{
				"doctype": "Payment Gateway Account",
				"payment_gateway": "Stripe-PM Portal Test",
				"payment_account": account,
				"is_default": 1,
				"payment_channel": "Email",
			}
		).insert(ignore_permissions=True)
		owed = frappe.db.get_value("Sales Invoice", self.inv1, "outstanding_amount")
		with as_user(self.users["owner"]):
			self.assertTrue(page_context("bills").online_payment)
			result = pay_invoice(self.inv1)
		self.assertIn("stripe_checkout", result["url"])
		request = frappe.get_doc("Payment Request", result["payment_request"])
		self.assertEqual(
			(request.docstatus, request.reference_doctype, request.reference_name, request.grand_total),
			(1, "Sales Invoice", self.inv1, owed),
		)
		# nobody pays another's bill online
		with as_user(self.users["tenant"]):
			self.assertRaises(frappe.PermissionError, pay_invoice, self.inv1)

	def test_rendered_pages(self):
		with as_user(self.users["owner"]):
			for route, expected in (
				("/property", self.u1),
				("/property/bills", self.inv1),
				("/property/house", "林家人"),
				("/property/notices", ""),
			):
				html = get_html_for_route(route)
				self.assertIn('class="pm-tabs"', html, route)
				self.assertIn(expected, html, route)
				self.assertNotIn(self.inv3, html, route)

	def test_house_and_cards(self):
		with as_user(self.users["owner"]):
			context = page_context("house")
		self.assertEqual(context.unit.unit, self.u1)
		self.assertEqual({m.name for m in context.household}, {"林业主", "林家人"})
		self.assertNotIn("id_number", context.household[0])
		with as_user(self.users["tenant"]):
			context = page_context("house")
		self.assertEqual({m.name for m in context.household}, {"周房东", "吴租户"})
		self.assertEqual(context.requests, [])  # not an owner: no family requests


class TestHouseholdRequests(PortalTestCase):
	def test_owner_adds_and_removes_family_members_confirmed_by_the_desk(self):
		with as_user(self.users["owner"]):
			added = request_add_member(
				self.u1, "林小妹", relation="女儿", id_type="Passport", id_number="E1234567"
			)
			removed = request_remove_member(self.u1, self.family.name)
			self.assertRaises(
				frappe.ValidationError, request_add_member, self.u1, "林小妹"
			)  # already waiting
		# nothing changes before the front desk confirms
		self.assertEqual(len(access.resident_units(self.family.name)), 1)
		with as_user(position_user("Front Desk")):
			frappe.get_doc("Household Member Request", added).confirm()
			frappe.get_doc("Household Member Request", removed).confirm()
		request = frappe.get_doc("Household Member Request", added)
		self.assertEqual(request.status, "Confirmed")
		self.assertEqual(frappe.db.get_value("Resident", request.member, "resident_name"), "林小妹")
		self.assertEqual([r.role for r in access.resident_units(request.member)], ["Family Member"])
		self.assertEqual(access.resident_units(self.family.name), [])  # removed: out from today
		self.assertEqual(frappe.get_doc("Household Member Request", removed).request_type, REMOVE)
		self.assertEqual(request.request_type, ADD)
		# decided is final
		request.reply = "x"
		self.assertRaises(frappe.ValidationError, request.save)

	def test_desk_rejects_with_a_reply(self):
		with as_user(self.users["owner"]):
			name = request_add_member(self.u1, "林某")
		with as_user(position_user("Front Desk")):
			request = frappe.get_doc("Household Member Request", name)
			self.assertRaises(frappe.ValidationError, request.reject)
			request.reject("请携带身份证到前台办理")
		self.assertEqual(frappe.db.get_value("Household Member Request", name, "status"), "Rejected")
		self.assertFalse(frappe.db.exists("Resident", {"resident_name": "林某"}))

	def test_only_owners_of_the_unit_and_only_its_members(self):
		before = refusals()
		with as_user(self.users["tenant"]):
			self.assertRaises(frappe.PermissionError, request_add_member, self.u2, "租户家人")
		with as_user(self.users["family"]):
			self.assertRaises(frappe.PermissionError, request_remove_member, self.u1, self.owner.name)
		with as_user(self.users["owner"]):
			self.assertRaises(frappe.PermissionError, request_add_member, self.u3, "别人家")
			self.assertRaises(frappe.PermissionError, request_remove_member, self.u1, self.stranger.name)
		self.assertEqual(refusals(), before + 4)
		self.assertFalse(
			frappe.db.exists("Household Member Request", {"member_name": ("in", ["租户家人", "别人家"])})
		)


class TestRefusals(PortalTestCase):
	"""Each resident tries the others' records, as /api/resource, prints and downloads run them."""

	def test_rest_lists_only_their_own(self):
		expected = {
			"owner": ({self.inv1}, {self.u1}),
			"family": ({self.inv1}, {self.u1}),
			"tenant": ({self.inv2}, {self.u2}),
			"landlord": (set(), {self.u2}),
			"stranger": ({self.inv3}, {self.u3}),
		}
		for key, (invoices, units) in expected.items():
			with as_user(self.users[key]):
				self.assertEqual(set(frappe.get_list("Sales Invoice", pluck="name")), invoices, key)
				self.assertEqual(set(frappe.get_list("Unit", pluck="name")), units, key)
				self.assertEqual(frappe.get_list("Resident", pluck="name"), [getattr(self, key).name], key)
				# a child table is listed with its parent's rights: only the rows of their own bills
				lines = frappe.get_list(
					"Sales Invoice Item",
					parent_doctype="Sales Invoice",
					fields=["parent"],
					limit_page_length=0,
				)
				self.assertEqual({r.parent for r in lines}, invoices, key)
				for doctype in ("Occupancy", "Customer", "Estate", "Meter Reading"):
					self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)

	def test_rest_get_of_anothers_records_is_refused(self):
		with as_user(self.users["owner"]):
			self.assertEqual(client_get("Sales Invoice", self.inv1)["name"], self.inv1)
			for doctype, name in (
				("Sales Invoice", self.inv2),
				("Sales Invoice", self.inv3),
				("Unit", self.u2),
				("Resident", self.family.name),
				("Resident", self.stranger.name),
				("Customer", self.owner.customer),
			):
				self.assertRaises(frappe.PermissionError, client_get, doctype, name)
			self.assertFalse(frappe.has_permission("Sales Invoice", "write", self.inv1))
		with as_user(self.users["landlord"]):
			self.assertRaises(frappe.PermissionError, client_get, "Sales Invoice", self.inv2)

	def test_prints_of_anothers_invoice_are_refused(self):
		from frappe.www.printview import validate_print_permission

		with as_user(self.users["tenant"]):
			validate_print_permission(frappe.get_doc("Sales Invoice", self.inv2))
			for invoice in (self.inv1, self.inv3):
				self.assertRaises(
					frappe.PermissionError,
					validate_print_permission,
					frappe.get_doc("Sales Invoice", invoice),
				)

	def test_payment_notice_prints_for_the_resident(self):
		"""The print itself runs as the resident (its Jinja reads the unit, readings and balance); the
		PDF is frappe's wkhtmltopdf of this HTML, refused before it for another's invoice."""
		from frappe.utils.print_format import download_pdf

		with as_user(self.users["owner"]):
			html = frappe.get_print("Sales Invoice", self.inv1, "Payment Notice")
			self.assertIn(self.u1, html)
			self.assertRaises(
				frappe.PermissionError, download_pdf, "Sales Invoice", self.inv3, "Payment Notice"
			)

	def test_private_files_of_anothers_records_are_refused(self):
		files = {}
		for invoice in (self.inv1, self.inv3):
			files[invoice] = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{invoice}.txt",
					"content": b"fee details",
					"is_private": 1,
					"attached_to_doctype": "Sales Invoice",
					"attached_to_name": invoice,
				}
			).insert(ignore_permissions=True)
		with as_user(self.users["owner"]):
			self.assertTrue(files[self.inv1].is_downloadable())
			self.assertFalse(files[self.inv3].is_downloadable())

	def test_pages_and_methods_with_anothers_unit_or_invoice_are_refused_and_logged(self):
		before = refusals()
		with as_user(self.users["owner"]):
			self.assertRaises(frappe.PermissionError, page_context, "bills", unit=self.u3)
			self.assertRaises(frappe.PermissionError, page_context, "house", unit=self.u2)
			self.assertRaises(frappe.PermissionError, pay_invoice, self.inv3)
		self.assertEqual(refusals(), before + 3)
		log = frappe.get_last_doc("Error Log", {"method": access.REFUSED_TITLE})
		self.assertEqual((log.reference_doctype, log.reference_name), ("Sales Invoice", self.inv3))
		self.assertIn(self.users["owner"], log.error)


class TestNotices(PortalTestCase):
	def test_published_notices_of_their_estate_and_building(self):
		def notice(title, submit=True, estate=ESTATE, **kwargs):
			doc = frappe.get_doc(
				{
					"doctype": "Estate Notice",
					"title": title,
					"estate": estate,
					"content": f"<p>{title}</p>",
					**kwargs,
				}
			).insert()
			if submit:
				doc.submit()
			return doc.name

		other_estate = make_estate()  # the other tests' estate
		notice("停水通知")
		notice("草稿", submit=False)
		notice("已过期", publish_date=add_days(today(), -10), expiry_date=add_days(today(), -1))
		notice("下周", publish_date=add_days(today(), 7))
		notice("P栋电梯检修", building=make_building("P", ESTATE))
		notice("B栋电梯检修", building=make_building("B", ESTATE))
		notice("别的小区", estate=other_estate)
		frappe.db.set_value("Estate", ESTATE, {"office_phone": "0755-12345678", "office_hours": "8:30-17:30"})
		with as_user(self.users["owner"]):
			context = page_context("notices")
			visible = [n.title for n in context.notices]
			rest = set(frappe.get_list("Estate Notice", pluck="title"))
		self.assertEqual(set(visible), {"停水通知", "P栋电梯检修"})
		self.assertTrue({"停水通知", "P栋电梯检修"} <= rest and "别的小区" not in rest and "草稿" not in rest)
		self.assertEqual(context.offices[0].office_phone, "0755-12345678")

	def test_bad_notice(self):
		self.assertRaises(
			frappe.ValidationError,
			frappe.get_doc(
				{
					"doctype": "Estate Notice",
					"title": "x",
					"estate": ESTATE,
					"content": "x",
					"publish_date": today(),
					"expiry_date": add_days(today(), -1),
				}
			).insert,
		)
