"""The permission matrix holds on the site: every cell, every scope, every whitelisted method.

- the app's DocType JSON permissions are the matrix (pm_module/permissions/matrix.csv), and every
  DocType of the app has rows in it;
- every cell (position × DocType × permission type, and every domain action) is what
  frappe.has_permission / has_action answer for the position's test user;
- row-level scope: cross-estate and cross-building reads are refused through the calls the REST
  API makes (/api/resource → frappe.client, /api/method → search_link, reportview, printview);
- every @frappe.whitelist() method of the app checks permission.
"""

import ast
import json
from pathlib import Path

import frappe

from pm_module.permissions import has_action
from pm_module.permissions.matrix import (
	MATRIX_FILE,
	PTYPES,
	SCOPES,
	app_doctypes,
	differences,
	load_matrix,
	position_scope,
	site_permissions,
)
from pm_module.permissions.scope import assign_estate
from pm_module.setup.positions import ACTIONS, PM_ROLES, POSITIONS
from pm_module.tests.utils import (
	PMTestCase,
	make_building,
	make_estate,
	make_occupancy,
	make_resident,
	make_unit,
	make_user,
	position_user,
)

APP = Path(frappe.get_app_path("pm_module"))

# Calls that count as a permission check in a whitelisted method
PERMISSION_CHECKS = (
	"check_permission",
	"has_permission",
	"check_action",
	"only_for",
	"has_action",
	# the resident portal: the session's resident, their unit, their record (pm_module/portal/access.py)
	"require_resident",
	"require_unit",
	"require_record",
)
# Whitelisted methods that need no check of their own, with the reason
ALLOWED_WITHOUT_CHECK: dict[str, str] = {}


def expected_cells(position: str) -> dict[tuple[str, str], bool]:
	"""(doctype, ptype) -> allowed, for the position, from the matrix alone (permlevel 0).

	ERPNext's DocTypes carry their own DocPerms for ERPNext's roles: their cells are expected only
	for positions made of our roles, whose every right there comes from the matrix."""
	roles = POSITIONS[position]
	own = set(app_doctypes())
	ours_only = set(roles) <= set(PM_ROLES)
	cells: dict[tuple[str, str], bool] = {}
	for rule in load_matrix():
		if rule.permlevel:
			continue
		if rule.doctype not in own and not ours_only:
			continue
		for ptype in PTYPES:
			key = (rule.doctype, ptype)
			cells[key] = cells.get(key, False) or (rule.role in roles and rule.allows(ptype))
	return cells


def meaningful(doctype: str, ptype: str) -> bool:
	meta = frappe.get_meta(doctype)
	if ptype in ("submit", "cancel", "amend") and not meta.is_submittable:
		return False
	return True


class TestPermissionMatrix(PMTestCase):
	def test_every_doctype_of_the_app_has_rows_and_its_json_is_the_matrix(self):
		self.assertEqual(
			differences(),
			[],
			"run `bench --site <site> execute pm_module.permissions.matrix.write_doctype_permissions`"
			" after editing matrix.csv, or add rows for new DocTypes"
			" (pm_module.permissions.matrix.export_matrix_from_json drafts them)",
		)

	def test_who_may_create_may_fill_in_the_form(self):
		"""Frappe opens a new form read-only for a role without write: create comes with write."""
		for rule in load_matrix():
			if rule.allows("create"):
				self.assertTrue(rule.allows("write"), f"{MATRIX_FILE.name}: {rule.doctype}, {rule.role}")

	def test_each_report_opens_for_its_roles(self):
		"""A report's roles may report on its DocType (frappe refuses the report otherwise)."""
		for path in APP.glob("*/report/*/*.json"):
			report = json.loads(path.read_text(encoding="utf-8"))
			for row in report.get("roles", []):
				perms = site_permissions(report["ref_doctype"], [row["role"]])
				self.assertTrue(
					perms["report"], f"{report['name']}: {row['role']} on {report['ref_doctype']}"
				)

	def test_the_front_desk_picks_an_invoice_for_a_waiver(self):
		"""Select on Sales Invoice: the link field of a Late Fee Waiver searches and validates."""
		from frappe.client import validate_link
		from frappe.desk.search import search_link

		frappe.set_user(position_user("Front Desk"))
		self.assertFalse(frappe.has_permission("Sales Invoice", "read"))
		self.assertIsInstance(search_link("Sales Invoice", "", page_length=5), list)
		validate_link("Sales Invoice", "no such invoice")  # no PermissionError

	def test_the_matrix_is_well_formed(self):
		seen = set()
		for rule in load_matrix():
			key = (rule.doctype, rule.role, rule.permlevel)
			self.assertNotIn(key, seen, f"{MATRIX_FILE.name}: {key} twice")
			seen.add(key)
			self.assertTrue(frappe.db.exists("DocType", rule.doctype), rule.doctype)
			self.assertTrue(frappe.db.exists("Role", rule.role), rule.role)
			self.assertIn(rule.scope, SCOPES)
		for doctype in app_doctypes():
			self.assertIn((doctype, "System Manager", 0), seen, f"{doctype} needs a System Manager row")

	def test_every_cell_of_the_matrix(self):
		unexpected = []
		for position in POSITIONS:
			user = position_user(position)
			for (doctype, ptype), allowed in expected_cells(position).items():
				if not meaningful(doctype, ptype):
					continue
				if bool(frappe.has_permission(doctype, ptype, user=user)) != allowed:
					unexpected.append(f"{position} {'may' if allowed else 'may not'} {ptype} {doctype}")
		self.assertEqual(unexpected, [])

	def test_every_domain_action_per_position(self):
		for position, roles in POSITIONS.items():
			user = position_user(position)
			for action, action_roles in ACTIONS.items():
				self.assertEqual(
					has_action(action, user), bool(set(roles) & set(action_roles)), f"{position}: {action}"
				)

	def test_cashier_posts_payments_but_cannot_cancel_invoices(self):
		cashier = position_user("Cashier")
		self.assertTrue(frappe.has_permission("Payment Entry", "create", user=cashier))
		self.assertTrue(frappe.has_permission("Payment Entry", "submit", user=cashier))
		self.assertTrue(frappe.has_permission("Sales Invoice", "print", user=cashier))
		for ptype in ("cancel", "write", "submit", "delete"):
			self.assertFalse(frappe.has_permission("Sales Invoice", ptype, user=cashier), ptype)
		self.assertFalse(frappe.has_permission("Payment Entry", "cancel", user=cashier))
		# ERPNext's own roles keep what ERPNext gives them
		accountant = position_user("Accountant")
		self.assertTrue(frappe.has_permission("Sales Invoice", "cancel", user=accountant))

	def test_only_accountants_run_billing_and_dunning(self):
		for position in POSITIONS:
			for action in ("Run Billing", "Run Dunning"):
				self.assertEqual(has_action(action, position_user(position)), position == "Accountant")

	def test_security_guard_sees_no_register(self):
		guard = position_user("Security Guard")
		for doctype in ("Unit", "Resident", "Occupancy", "Meter Reading", "Billing Run", "Sales Invoice"):
			self.assertFalse(frappe.has_permission(doctype, "read", user=guard), doctype)

	def test_permission_matrix_report(self):
		from frappe.desk.query_report import run

		frappe.set_user(position_user("Office Director"))
		result = run("Permission Matrix", filters={"position": "Cashier"})
		objects = {row["object"]: row for row in result["result"]}
		self.assertEqual(objects[frappe._("Payment Entry")]["submit"], 1)
		self.assertEqual(objects[frappe._("Sales Invoice")]["cancel"], 0)
		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, run, "Permission Matrix")

	def test_applying_the_matrix_again_changes_nothing(self):
		from pm_module.permissions.matrix import apply_erpnext_permissions

		def custom_perms():
			return frappe.get_all(
				"Custom DocPerm",
				fields=["parent", "role", "permlevel", *PTYPES],
				order_by="parent, role, permlevel",
			)

		before = custom_perms()
		self.assertTrue(any(p.role == "Cashier" and p.parent == "Payment Entry" for p in before))
		apply_erpnext_permissions()
		self.assertEqual(custom_perms(), before)

	def test_position_scope_takes_the_widest_role(self):
		self.assertEqual(position_scope("Unit", ["Customer Service Assistant"]), "building")
		self.assertEqual(position_scope("Unit", ["Customer Service Assistant", "Front Desk"]), "estate")


def scoped_user(position: str) -> str:
	"""A user of the position of its own (not the shared position user), to restrict to an estate or
	buildings without touching what other tests' users see (made in setUpClass: making one commits)."""
	return f"pm-scoped-{position.lower().replace(' ', '-')}@example.com"


class TestRowLevelScope(PMTestCase):
	"""Two estates, two buildings: what each user reaches through the calls the REST API makes."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for position in (
			"Front Desk",
			"Customer Service Assistant",
			"Customer Service Supervisor",
			"Technician",
			"Accountant",
		):
			make_user(scoped_user(position), POSITIONS[position])  # commits: before any test data

	def setUp(self):
		self.building_a = make_building("A", assistants=[])
		self.building_b = make_building("B", assistants=[])
		self.unit_a = make_unit("0101", self.building_a)
		self.unit_b = make_unit("0201", self.building_b)
		make_estate("_Test Other Estate", "TO")
		self.other_building = make_building("X", "_Test Other Estate", assistants=[])
		self.other_unit = make_unit("0901", self.other_building)
		self.resident_a = make_resident("甲楼业主").name
		self.resident_b = make_resident("乙楼业主").name
		self.resident_other = make_resident("外小区业主").name
		make_occupancy(self.unit_a, self.resident_a)
		make_occupancy(self.unit_b, self.resident_b)
		make_occupancy(self.other_unit, self.resident_other)
		self.users = []

	def tearDown(self):
		super().tearDown()  # rolls back the User Permissions too: their cache must follow
		for user in self.users:
			frappe.cache.hdel("user_permissions", user)

	def restrict(self, position: str, estate: str = "_Test Estate") -> str:
		user = scoped_user(position)
		assign_estate(user, estate)
		self.users.append(user)
		return user

	def as_user(self, user: str) -> None:
		frappe.set_user(user)

	# staff of one estate ---------------------------------------------------------------------

	def test_reports_start_with_the_users_only_estate(self):
		from pm_module.boot import boot_session

		bootinfo = frappe._dict()
		boot_session(bootinfo)  # Administrator: two estates here
		self.assertIsNone(bootinfo.pm_default_estate)
		self.as_user(self.restrict("Front Desk"))
		boot_session(bootinfo)
		self.assertEqual(bootinfo.pm_default_estate, "_Test Estate")

	def test_front_desk_sees_only_its_estate_everywhere(self):
		from frappe.client import get, get_list
		from frappe.desk.search import search_link
		from frappe.www.printview import get_html_and_style

		self.as_user(self.restrict("Front Desk"))
		units = get_list("Unit", fields=["name"], limit_page_length=0)
		self.assertIn(self.unit_a, {u["name"] for u in units})
		self.assertNotIn(self.other_unit, {u["name"] for u in units})
		self.assertRaises(frappe.PermissionError, get, "Unit", self.other_unit)
		self.assertRaises(frappe.PermissionError, get, "Building", self.other_building)
		self.assertRaises(frappe.PermissionError, get, "Estate", "_Test Other Estate")
		self.assertRaises(frappe.PermissionError, get_html_and_style, "Unit", self.other_unit)
		self.assertTrue(get_html_and_style("Unit", self.unit_a)["html"])

		found = [r["value"] for r in search_link("Unit", "0", page_length=100)]
		self.assertIn(self.unit_a, found)
		self.assertNotIn(self.other_unit, found)
		found = [r["value"] for r in search_link("Estate", "", page_length=100)]
		self.assertNotIn("_Test Other Estate", found)

		# residents have no estate field: scoped by where they live
		residents = set(frappe.get_list("Resident", pluck="name", limit_page_length=0))
		self.assertIn(self.resident_a, residents)
		self.assertNotIn(self.resident_other, residents)
		self.assertRaises(frappe.PermissionError, get, "Resident", self.resident_other)
		found = [r["value"] for r in search_link("Resident", "", page_length=500)]
		self.assertIn(self.resident_a, found)
		self.assertNotIn(self.resident_other, found)

		occupancies = frappe.get_list("Occupancy", pluck="unit", limit_page_length=0)
		self.assertNotIn(self.other_unit, occupancies)

	def test_report_view_obeys_the_estate(self):
		from frappe.desk.reportview import get

		self.as_user(self.restrict("Front Desk"))
		frappe.local.form_dict = frappe._dict(doctype="Unit", fields=json.dumps(["`tabUnit`.`name`"]))
		result = get()
		names = {row[0] for row in result["values"]}
		self.assertIn(self.unit_a, names)
		self.assertNotIn(self.other_unit, names)

	def test_reports_on_raw_queries_keep_to_the_estate(self):
		from pm_module.billing.report.fee_arrears.fee_arrears import execute

		self.as_user(self.restrict("Accountant"))
		self.assertRaises(frappe.PermissionError, execute, {"estate": "_Test Other Estate"})
		execute({"estate": "_Test Estate"})

	def test_complaint_and_service_totals_keep_to_the_estate(self):
		"""Reports and number cards that count with frappe.get_all refuse another estate and, without
		an estate chosen, count only the user's."""
		from pm_module.complaints.kpis import handling_rate_card
		from pm_module.complaints.report.complaint_kpis.complaint_kpis import execute as complaint_kpis
		from pm_module.permissions.scope import estate_filter
		from pm_module.service.report.monthly_service_statistics.monthly_service_statistics import (
			execute as service_statistics,
		)

		self.as_user(self.restrict("Customer Service Supervisor"))
		other = {"estate": "_Test Other Estate"}
		for report in (complaint_kpis, handling_rate_card, service_statistics):
			self.assertRaises(frappe.PermissionError, report, other)
			report({"estate": "_Test Estate"})
			report({})
		self.assertEqual(estate_filter(None), ("in", ["_Test Estate"]))

	def test_link_queries_need_read_permission(self):
		from pm_module.service.doctype.desk_log.desk_log import escalation_query
		from pm_module.service.doctype.service_order.service_order import technician_query

		args = {"txt": "", "searchfield": "name", "start": 0, "page_len": 20, "filters": {}}
		self.as_user(position_user("Customer Service Supervisor"))
		self.assertTrue(technician_query("User", **args))
		self.assertTrue(escalation_query("User", **args))
		self.as_user("Guest")
		self.assertFalse(technician_query("User", **args))
		self.assertFalse(escalation_query("User", **args))

	def test_unrestricted_user_sees_every_estate(self):
		self.as_user(position_user("Office Director"))
		units = set(frappe.get_list("Unit", pluck="name", limit_page_length=0))
		self.assertTrue({self.unit_a, self.other_unit} <= units)

	def test_cannot_create_in_another_estate(self):
		self.as_user(self.restrict("Front Desk"))
		occupancy = frappe.get_doc(
			{
				"doctype": "Occupancy",
				"unit": self.other_unit,
				"resident": self.resident_a,
				"role": "Tenant",
				"start_date": "2026-01-01",
				"end_date": "2026-12-31",
			}
		)
		self.assertRaises(frappe.PermissionError, occupancy.insert)

	# buildings of a customer-service assistant ------------------------------------------------

	def assistant_of_a(self) -> str:
		user = self.restrict("Customer Service Assistant")
		building = frappe.get_doc("Building", self.building_a)
		building.append("assistants", {"user": user})
		building.save(ignore_permissions=True)
		return user

	def test_assistant_sees_only_assigned_buildings(self):
		from frappe.client import get
		from frappe.desk.search import search_link

		self.as_user(self.assistant_of_a())
		units = set(frappe.get_list("Unit", pluck="name", limit_page_length=0))
		self.assertIn(self.unit_a, units)
		self.assertNotIn(self.unit_b, units)
		self.assertNotIn(self.other_unit, units)
		self.assertEqual(frappe.get_list("Building", pluck="name"), [self.building_a])
		self.assertRaises(frappe.PermissionError, get, "Unit", self.unit_b)
		self.assertRaises(frappe.PermissionError, get, "Building", self.building_b)

		residents = set(frappe.get_list("Resident", pluck="name", limit_page_length=0))
		self.assertEqual(
			residents & {self.resident_a, self.resident_b, self.resident_other}, {self.resident_a}
		)
		self.assertRaises(frappe.PermissionError, get, "Resident", self.resident_b)
		self.assertTrue(get("Resident", self.resident_a))

		occupancies = set(frappe.get_list("Occupancy", pluck="unit", limit_page_length=0))
		self.assertEqual(occupancies & {self.unit_a, self.unit_b}, {self.unit_a})

		found = [r["value"] for r in search_link("Unit", "0", page_length=100)]
		self.assertIn(self.unit_a, found)
		self.assertNotIn(self.unit_b, found)

	def test_assistant_without_buildings_sees_no_units(self):
		self.as_user(self.restrict("Customer Service Assistant"))
		# the shared test assistant looks after the test buildings (pm_module.tests.utils.make_building)
		self.assertNotIn(self.unit_b, frappe.get_list("Unit", pluck="name"))
		self.assertEqual(frappe.get_list("Unit", pluck="name"), [])
		self.assertEqual(frappe.get_list("Building", pluck="name"), [])
		self.assertFalse(frappe.has_permission("Unit", "read", doc=self.unit_a))

	def test_assistant_cannot_read_meters_of_another_building(self):
		from pm_module.tests.utils import make_meter, make_reading

		meter_b = make_meter(self.unit_b).name
		make_reading(meter_b, 10, "2026-01-01")
		self.as_user(self.assistant_of_a())
		self.assertNotIn(meter_b, frappe.get_list("Meter", pluck="name"))
		self.assertEqual(frappe.get_list("Meter Reading", filters={"meter": meter_b}), [])
		reading = frappe.get_doc(
			{"doctype": "Meter Reading", "meter": meter_b, "reading": 20, "reading_date": "2026-02-01"}
		)
		self.assertRaises(frappe.PermissionError, reading.insert)

	def test_technician_sees_only_orders_assigned_to_them(self):
		from frappe.client import get

		if not frappe.db.exists("DocType", "Service Order"):
			self.skipTest("no Service Order")
		technician = self.restrict("Technician")
		# working hours for the order's deadlines (rolled back with the test)
		frappe.db.set_single_value(
			"Property Management Settings",
			{"work_start_time": "08:30:00", "work_end_time": "17:30:00", "holiday_list": None},
		)
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")
		self.addCleanup(
			frappe.clear_document_cache, "Property Management Settings", "Property Management Settings"
		)
		mine, other, assigned = (
			frappe.get_doc(
				{
					"doctype": "Service Order",
					"estate": "_Test Estate",
					"unit": self.unit_a,
					"requester_name": "李四",
					"contact_phone": "13800000000",
					"content": content,
				}
			).insert(ignore_permissions=True)
			for content in ("厨房水龙头漏水", "卫生间灯不亮", "门锁坏了")
		)
		mine.db_set("technician", technician)
		other.db_set("technician", position_user("Technician"))
		assigned.db_set("_assign", json.dumps([technician]))
		self.as_user(technician)
		self.assertEqual(
			set(frappe.get_list("Service Order", pluck="name", limit_page_length=0)),
			{mine.name, assigned.name},
		)
		self.assertTrue(get("Service Order", mine.name))
		self.assertRaises(frappe.PermissionError, get, "Service Order", other.name)
		self.assertFalse(frappe.has_permission("Service Order", "write", doc=other.name))
		# the front desk of the estate sees them all
		self.as_user(self.restrict("Front Desk"))
		self.assertTrue(
			{mine.name, other.name, assigned.name} <= set(frappe.get_list("Service Order", pluck="name"))
		)

	def test_staff_outside_the_centre_see_the_complaints_they_relayed(self):
		from frappe.client import get

		try:
			from pm_module.complaints.doctype.complaint.test_complaint import make_complaint, set_calendar
		except ImportError:
			self.skipTest("no Complaint")
		set_calendar()
		self.addCleanup(
			frappe.clear_document_cache, "Property Management Settings", "Property Management Settings"
		)
		technician = scoped_user("Technician")
		self.as_user(technician)
		relayed = make_complaint(unit=self.unit_a)
		self.as_user("Administrator")
		other = make_complaint(unit=self.unit_a, description="楼道灯坏了")
		self.as_user(technician)
		names = set(frappe.get_list("Complaint", pluck="name", limit_page_length=0))
		self.assertIn(relayed.name, names)
		self.assertNotIn(other.name, names)
		self.assertTrue(get("Complaint", relayed.name))
		self.assertRaises(frappe.PermissionError, get, "Complaint", other.name)
		self.as_user(self.restrict("Front Desk"))
		self.assertTrue({relayed.name, other.name} <= set(frappe.get_list("Complaint", pluck="name")))

	def test_supervisor_sees_every_building_of_the_estate(self):
		self.as_user(self.restrict("Customer Service Supervisor"))
		units = set(frappe.get_list("Unit", pluck="name", limit_page_length=0))
		self.assertTrue({self.unit_a, self.unit_b} <= units)
		self.assertNotIn(self.other_unit, units)


# Every whitelisted method checks permission ------------------------------------------------------


def whitelisted_functions() -> list[tuple[str, ast.FunctionDef, str, ast.Module]]:
	found = []
	for path in sorted(APP.rglob("*.py")):
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		source = path.read_text(encoding="utf-8")
		tree = ast.parse(source)
		module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
		for node in ast.walk(tree):
			if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
				"whitelist" in ast.unparse(d) for d in node.decorator_list
			):
				found.append((f"{module}.{node.name}", node, source, tree))
	return found


def checks_permission(node: ast.AST, source: str, tree: ast.Module, seen: set[str] | None = None) -> bool:
	"""The function calls a permission check itself, or calls a function of its module that does."""
	body = ast.get_source_segment(source, node) or ""
	if any(f"{check}(" in body for check in PERMISSION_CHECKS):
		return True
	seen = seen or set()
	local = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
	for call in ast.walk(node):
		if not isinstance(call, ast.Call):
			continue
		name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
		if name in local and name not in seen and local[name] is not node:
			seen.add(name)
			if checks_permission(local[name], source, tree, seen):
				return True
	return False


class TestWhitelistedMethods(PMTestCase):
	def test_every_whitelisted_method_checks_permission(self):
		functions = whitelisted_functions()
		self.assertTrue(functions)
		unchecked = [
			name
			for name, node, source, tree in functions
			if name not in ALLOWED_WITHOUT_CHECK and not checks_permission(node, source, tree)
		]
		self.assertEqual(unchecked, [], "whitelisted methods without a permission check")


# Through HTTP: /api/resource and /api/method, as the users themselves --------------------------


class TestThroughTheAPI(PMTestCase):
	"""Real requests through frappe's WSGI application (in this process, no web server needed), with
	each user's API key. A request is its own transaction, so the data here is committed, in estates
	of its own, and removed afterwards."""

	ESTATE, OTHER = "_Test API Estate", "_Test API Other Estate"

	@classmethod
	def setUpClass(cls):
		from frappe.tests.test_api import FrappeAPITestCase

		super().setUpClass()
		cls.api = FrappeAPITestCase
		cls.tokens = {}
		for position in ("Front Desk", "Security Guard", "Cashier"):
			user = make_user(f"pm-api-{position.lower().replace(' ', '-')}@example.com", POSITIONS[position])
			doc = frappe.get_doc("User", user)
			doc.api_key = doc.api_key or frappe.generate_hash(length=15)
			secret = frappe.generate_hash(length=15)
			doc.api_secret = secret
			doc.save(ignore_permissions=True)
			cls.tokens[position] = (user, f"token {doc.api_key}:{secret}")
		make_estate(cls.ESTATE, "TAPI")
		make_estate(cls.OTHER, "TAPO")
		cls.unit = make_unit("0101", make_building("A", cls.ESTATE, assistants=[]))
		cls.other_unit = make_unit("0101", make_building("A", cls.OTHER, assistants=[]))
		assign_estate(cls.tokens["Front Desk"][0], cls.ESTATE)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		from pm_module.tests.utils import purge_estate

		for user, _token in cls.tokens.values():
			frappe.db.delete("User Permission", {"user": user})
			frappe.cache.hdel("user_permissions", user)
		purge_estate(cls.ESTATE, "_Test API")
		purge_estate(cls.OTHER, "_Test API")
		super().tearDownClass()

	def call(self, position: str, path: str, **params):
		from urllib.parse import urlencode

		from frappe.tests.test_api import make_request

		client = self.api.TEST_CLIENT
		url = f"/api/{path}" + (f"?{urlencode(params)}" if params else "")
		headers = {"Authorization": self.tokens[position][1]}
		return make_request(target=client.get, args=(url,), kwargs={"headers": headers})

	def post(self, position: str, path: str, data: dict):
		from frappe.tests.test_api import make_request

		headers = {"Authorization": self.tokens[position][1]}
		return make_request(
			target=self.api.TEST_CLIENT.post,
			args=(f"/api/{path}",),
			kwargs={"json": data, "headers": headers},
		)

	def names(self, response) -> set[str]:
		self.assertEqual(response.status_code, 200, response.text)
		data = response.json.get("data", response.json.get("message"))
		if isinstance(data, dict) and "values" in data:  # reportview.get
			return {row[0] for row in data["values"]}
		return {row.get("name") or row.get("value") for row in data}

	def test_resource_list_and_document_of_another_estate(self):
		self.assertEqual(
			self.names(self.call("Front Desk", "resource/Unit", limit_page_length=0)), {self.unit}
		)
		self.assertEqual(self.call("Front Desk", f"resource/Unit/{self.unit}").status_code, 200)
		self.assertEqual(self.call("Front Desk", f"resource/Unit/{self.other_unit}").status_code, 403)
		self.assertEqual(self.call("Front Desk", f"resource/Estate/{self.OTHER}").status_code, 403)
		value = self.call(
			"Front Desk",
			"method/frappe.client.get_value",
			doctype="Unit",
			fieldname="gross_area",
			filters=json.dumps({"name": self.other_unit}),
		)
		self.assertEqual((value.status_code, value.json.get("message")), (200, {}))

	def test_creating_what_the_position_may_not(self):
		estate = {
			"estate_name": "_Test API Not Allowed",
			"estate_code": "TAPN",
			"company": "_Test PM Company",
		}
		self.assertEqual(self.post("Front Desk", "resource/Estate", estate).status_code, 403)
		unit = {"building": "TAPI-A", "unit_number": "0909", "gross_area": 50}
		self.assertEqual(self.post("Security Guard", "resource/Unit", unit).status_code, 403)
		self.assertFalse(frappe.db.exists("Estate", "_Test API Not Allowed"))
		self.assertFalse(frappe.db.exists("Unit", "TAPI-A-0909"))

	def test_link_search_report_view_and_print(self):
		found = self.names(
			self.call("Front Desk", "method/frappe.desk.search.search_link", doctype="Unit", txt="0101")
		)
		self.assertIn(self.unit, found)
		self.assertNotIn(self.other_unit, found)
		report = self.call(
			"Front Desk", "method/frappe.desk.reportview.get", doctype="Unit", fields='["`tabUnit`.`name`"]'
		)
		self.assertEqual(self.names(report), {self.unit})
		printed = self.call(
			"Front Desk", "method/frappe.www.printview.get_html_and_style", doc="Unit", name=self.other_unit
		)
		self.assertEqual(printed.status_code, 403)

	def test_guard_and_cashier_cannot_read_the_register(self):
		for position, doctype in (
			("Security Guard", "Unit"),
			("Security Guard", "Resident"),
			("Security Guard", "Sales Invoice"),
			("Cashier", "Meter Reading"),
		):
			self.assertEqual(self.call(position, f"resource/{doctype}").status_code, 403, (position, doctype))
		self.assertEqual(self.call("Cashier", "resource/Sales Invoice").status_code, 200)
