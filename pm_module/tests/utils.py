"""Fixtures for pm_module's tests: a CNY company, an estate with buildings and units, users per role.

Everything here runs in the real test site; what must outlive a test class (the company, whose
chart of accounts takes seconds to build) is committed once and reused.
"""

from collections.abc import Callable
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from pm_module.setup.positions import POSITIONS

TEST_COMPANY = "_Test PM Company"
TEST_ESTATE = "_Test Estate"
TEST_ESTATE_CODE = "TE"


def ensure_test_company() -> str:
	if not frappe.db.exists("Company", TEST_COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": TEST_COMPANY,
				"abbr": "_TPM",
				"default_currency": "CNY",
				"country": "China",
				"chart_of_accounts": "Standard",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return TEST_COMPANY


def make_estate(name: str = TEST_ESTATE, code: str = TEST_ESTATE_CODE, **kwargs) -> str:
	if not frappe.db.exists("Estate", name):
		frappe.get_doc(
			{
				"doctype": "Estate",
				"estate_name": name,
				"estate_code": code,
				"company": ensure_test_company(),
				**kwargs,
			}
		).insert(ignore_permissions=True)
	return name


def make_building(code: str = "A", estate: str = TEST_ESTATE, floors: int = 30, **kwargs) -> str:
	"""A building; the position user Customer Service Assistant looks after it unless `assistants` says
	otherwise (an assistant sees only the buildings they look after: pm_module/permissions/scope.py)."""
	make_estate() if estate == TEST_ESTATE else None
	name = f"{frappe.db.get_value('Estate', estate, 'estate_code')}-{code}"
	if "assistants" not in kwargs and frappe.db.exists("User", position_user("Customer Service Assistant")):
		kwargs["assistants"] = [{"user": position_user("Customer Service Assistant")}]
	if not frappe.db.exists("Building", name):
		frappe.get_doc(
			{"doctype": "Building", "estate": estate, "building_code": code, "floors": floors, **kwargs}
		).insert(ignore_permissions=True)
	return name


def make_unit(number: str = "1203", building: str | None = None, area: float = 98.76, **kwargs) -> str:
	building = building or make_building()
	name = f"{building}-{number}"
	if not frappe.db.exists("Unit", name):
		frappe.get_doc(
			{"doctype": "Unit", "building": building, "unit_number": number, "gross_area": area, **kwargs}
		).insert(ignore_permissions=True)
	return name


def make_resident(name: str = "张三", **kwargs):
	return frappe.get_doc({"doctype": "Resident", "resident_name": name, **kwargs}).insert(
		ignore_permissions=True
	)


def make_occupancy(unit: str, resident: str, role: str = "Owner", start_date=None, end_date=None, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Occupancy",
			"unit": unit,
			"resident": resident,
			"role": role,
			"start_date": start_date or add_days(today(), -365),
			"end_date": end_date,
			**kwargs,
		}
	).insert(ignore_permissions=True)


def make_meter(unit: str, meter_type: str = "Water", **kwargs):
	return frappe.get_doc(
		{"doctype": "Meter", "meter_type": meter_type, "scope": "Unit", "unit": unit, **kwargs}
	).insert(ignore_permissions=True)


def make_reading(meter: str, reading: float, reading_date, submit: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Meter Reading",
			"meter": meter,
			"reading": reading,
			"reading_date": reading_date,
			**kwargs,
		}
	).insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def make_user(email: str, roles: list[str]) -> str:
	"""A desk user with exactly `roles`; kept (committed) on the test site, as saving users is slow."""
	if sorted(frappe.get_roles(email)) == sorted({*roles, "All", "Guest"}):
		return email
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.set("roles", [])
	user.add_roles(*roles)
	frappe.db.commit()
	return email


def purge_estate(estate: str, resident_prefix: str) -> None:
	"""Delete an estate and what is registered under it, committed.

	For tests whose code path commits on its own (Data Import commits every row; ERPNext commits
	when a Contact with a phone number is created), so the class rollback cannot clean up."""
	for doctype in ("Meter Reading", "Meter", "Occupancy", "Unit", "Building"):
		frappe.db.delete(doctype, {"estate": estate})
	frappe.db.delete("Resident", {"name": ("like", f"{resident_prefix}%")})
	frappe.db.delete("Estate", estate)
	frappe.db.commit()


def position_user(position: str) -> str:
	"""The test user holding one position's roles, e.g. pm-security-guard@example.com."""
	return f"pm-{position.lower().replace(' ', '-')}@example.com"


def ensure_position_users() -> None:
	for position, roles in POSITIONS.items():
		make_user(position_user(position), roles)


class PMTestCase(FrappeTestCase):
	"""Each test starts from the state the class began with: its writes are rolled back.

	The position users exist before any test data, since creating them commits."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_position_users()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		super().tearDown()


def make_item(item_code: str, uom: str = "Square Meter") -> str:
	"""A non-stock sales item (a fee), as the accountant sets one up for billing."""
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_name": item_code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name", order_by="lft"),
				"stock_uom": uom,
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	return item_code


FEE_UOMS = {"Area": "Square Meter", "Fixed": "Month", "Metered": "Cubic Meter"}


def make_fee(
	item_code: str, rate: float = 0, charge_basis: str = "Area", estate: str = TEST_ESTATE, **kwargs
):
	tiers = kwargs.pop("tiers", [])
	return frappe.get_doc(
		{
			"doctype": "Fee Item",
			"fee_name": kwargs.pop("fee_name", item_code),
			"estate": estate,
			"charge_basis": charge_basis,
			"item": make_item(item_code, FEE_UOMS[charge_basis]),
			"rate": rate,
			"tiers": [{"up_to": up_to, "rate": r} for up_to, r in tiers],
			**kwargs,
		}
	).insert(ignore_permissions=True)


def bill_month(from_date, posting_date, unit: str | None = None, estate: str = TEST_ESTATE) -> str:
	"""A monthly Billing Run of the estate for the month starting `from_date`, posted on
	`posting_date`; returns a Sales Invoice it made (the unit's, when given)."""
	run = frappe.get_doc(
		{
			"doctype": "Billing Run",
			"estate": estate,
			"billing_cycle": "Monthly",
			"from_date": from_date,
			"posting_date": posting_date,
		}
	).insert()
	run.start()
	filters = {"pm_billing_run": run.name, **({"pm_unit": unit} if unit else {})}
	return frappe.db.get_value("Sales Invoice", filters)


def pay_invoice(
	invoice: str, reference_no: str = "TEST-PAY", posting_date=None, ignore_permissions: bool = False
) -> str:
	"""A bank Payment Entry for the invoice's outstanding amount, submitted; returns its name."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	pe = get_payment_entry("Sales Invoice", invoice)
	pe.update({"reference_no": reference_no, "reference_date": posting_date or today()})
	if posting_date:
		pe.posting_date = posting_date
	pe.insert(ignore_permissions=ignore_permissions)
	pe.submit()
	return pe.name


def render_print_format(name: str, doc, lang: str = "zh") -> str:
	"""A print format's own template rendered for `doc` in `lang`, as the office prints it.

	The template alone: the print view around it (frappe.get_print) needs the site's built assets."""
	frappe.local.lang, frappe.local.lang_full_dict = lang, None
	try:
		return frappe.render_template(frappe.db.get_value("Print Format", name, "html"), {"doc": doc})
	finally:
		frappe.local.lang, frappe.local.lang_full_dict = "en", None


def failing_for(record: str, fn):
	"""`fn` as it is, except that it fails when given `record` (its name, or a document of that name):
	to patch in for one bad record of a scheduled job's batch. Count its failures with job_errors."""
	token = frappe.generate_hash(length=12)

	def stand_in(*args, **kwargs):
		if any(a == record or getattr(a, "name", None) == record for a in (*args, *kwargs.values())):
			frappe.throw(f"{record} is broken ({token})")
		return fn(*args, **kwargs)

	stand_in.record, stand_in.token = record, token
	return stand_in


def job_errors(stand_in) -> int:
	"""How many Error Logs the batches left naming the record a failing_for stand-in broke (the
	Error Log is written even when the test's transaction is rolled back)."""
	return frappe.db.count(
		"Error Log", {"reference_name": stand_in.record, "error": ("like", f"%{stand_in.token}%")}
	)


def assert_batched_once(
	test: FrappeTestCase, job: Callable, records: list[str], bad: str, module, step: str, batch_size: int = 2
) -> list[str]:
	"""A scheduled job (`job(batch_size=...)`) over `records` while `module.step` fails for `bad`:
	one background job per batch, every other record done and one Error Log; run again the same day,
	only the one that failed, then nothing. Returns what the first run did."""
	broken = failing_for(bad, getattr(module, step))
	with patch.object(module, step, new=broken):
		done = job(batch_size=batch_size)
	test.assertEqual(len(done.job_ids), -(-len(records) // batch_size))
	test.assertEqual(sorted(done), sorted(r for r in records if r != bad))
	test.assertEqual(job_errors(broken), 1)
	test.assertEqual(job(batch_size=batch_size), [bad])
	test.assertEqual(job(batch_size=batch_size), [])
	return done
