# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Release slips: identity checks, the arrears gate on real ERPNext invoices, and the gate check."""

import frappe
from frappe.utils import add_days, add_months, get_first_day, now_datetime, today

from pm_module.front_desk.doctype.release_slip.release_slip import get_slip_for_gate, mark_slip_used
from pm_module.permissions.scope import assign_estate
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	bill_month,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
	pay_invoice,
	position_user,
	render_print_format,
)

GUARD = position_user("Security Guard")


def bill_this_month() -> str:
	"""This month's fees, posted on the 15th of last month: overdue since the 22nd of last month."""
	first = get_first_day(today())
	return bill_month(first, add_days(add_months(first, -1), 14))


class TestReleaseSlip(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("0808", area=100, status="Occupied")
		self.owner = make_resident("放行业主").name
		self.tenant = make_resident("放行租户").name
		self.family = make_resident("放行家属").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		make_occupancy(self.unit, self.tenant, "Tenant", add_months(today(), -6), add_months(today(), 6))
		make_occupancy(self.unit, self.family, "Family Member", "2020-01-01")

	def slip(self, relation: str, resident: str | None = None, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Release Slip",
				"estate": TEST_ESTATE,
				"unit": self.unit,
				"move_date": today(),
				"applicant_name": kwargs.pop("applicant_name", "申请人"),
				"relation": relation,
				"resident": resident,
				"vehicle_plate": "粤B12345",
				"goods": [
					{"category": "Furniture", "description": "沙发", "qty": 1},
					{"category": "Boxes and Personal Effects", "qty": 6},
				],
				**kwargs,
			}
		).insert()

	def phone_call(self) -> dict:
		return {
			"owner_call_time": now_datetime(),
			"owner_call_number": "13800000001",
			"owner_called_by": position_user("Front Desk"),
		}

	def test_tenant_with_arrears_needs_recorded_confirmation(self):
		make_fee("PM Property Fee", 2.5)
		invoice = bill_this_month()
		self.assertTrue(invoice)
		frappe.set_user(position_user("Front Desk"))
		slip = self.slip("Tenant", self.tenant)
		self.assertEqual(slip.arrears_amount, 250)
		self.assertRaisesRegex(frappe.ValidationError, "owes", slip.submit)
		self.assertEqual(frappe.db.get_value("Release Slip", slip.name, "docstatus"), 0)

		# a confirmation needs its type, details and time
		slip.reload()
		slip.arrears_confirmation = "Owner"
		self.assertRaisesRegex(frappe.ValidationError, "owes", slip.submit)
		slip.reload()
		slip.update(
			{
				"arrears_confirmation": "Police Witness",
				"confirmation_details": "业主电话及紧急联系人均无法接通，警务室李警官见证，记录号 2026-118",
				"confirmation_time": now_datetime(),
			}
		)
		slip.submit()
		self.assertEqual((slip.status, len(slip.gate_token) >= 24), ("Issued", True))

		# once the unit has paid, the tenant's slip needs no confirmation
		frappe.set_user("Administrator")
		pay_invoice(invoice, "RS-TEST")
		frappe.set_user(position_user("Front Desk"))
		slip = self.slip("Tenant", self.tenant)
		self.assertEqual(slip.arrears_amount, 0)
		slip.submit()
		self.assertEqual(slip.status, "Issued")

	def test_owner_with_arrears_is_reminded_not_blocked(self):
		make_fee("PM Property Fee", 2.5)
		bill_this_month()
		frappe.message_log = []
		slip = self.slip("Owner")
		slip.submit()
		self.assertEqual((slip.resident, slip.status), (self.owner, "Issued"))
		self.assertIn("remind the owner", str(frappe.message_log))

	def test_identity_checks(self):
		# a family member on record passes; one who is not needs the owner's phone confirmation
		self.assertEqual(self.slip("Family Member", self.family).family_on_record, 1)
		self.slip("Family Member", self.family).submit()
		stranger = self.slip("Family Member", applicant_name="亲戚")
		self.assertRaisesRegex(frappe.ValidationError, "not a family member on record", stranger.submit)
		self.slip("Family Member", applicant_name="亲戚", **self.phone_call()).submit()

		# an agent needs both the written authorisation and the phone call
		no_call = self.slip("Agent", applicant_name="搬家公司", authorisation="/files/authorisation.pdf")
		self.assertRaisesRegex(frappe.ValidationError, "phone", no_call.submit)
		self.assertRaisesRegex(
			frappe.ValidationError,
			"uthorisation",
			lambda: self.slip("Agent", applicant_name="搬家公司", **self.phone_call()).submit(),
		)
		self.slip("Agent", authorisation="/files/authorisation.pdf", **self.phone_call()).submit()

		# a claimed relation must be the register's
		self.assertRaisesRegex(frappe.ValidationError, "not registered as", self.slip, "Tenant", self.family)
		self.assertRaisesRegex(frappe.ValidationError, "not registered as", self.slip, "Owner", self.tenant)

	def test_bad_input(self):
		make_estate("_Test Estate 2", "TE2")
		other_unit = make_unit("0101", make_building("A", estate="_Test Estate 2"))
		self.assertRaisesRegex(
			frappe.ValidationError, "belongs to estate", self.slip, "Owner", unit=other_unit
		)
		self.assertRaisesRegex(frappe.ValidationError, "goods", self.slip, "Owner", goods=[])
		past = self.slip("Owner", move_date=add_days(today(), -1))
		self.assertRaisesRegex(frappe.ValidationError, "has passed", past.submit)

	def test_gate_check_once_and_on_its_date_only(self):
		slip = self.slip("Owner")
		slip.submit()
		tomorrow = self.slip("Owner", move_date=add_days(today(), 1))
		tomorrow.submit()
		self.assertTrue(slip.gate_qr_data_uri().startswith("data:image/png;base64,"))
		self.assertIn(f"/app/gate-check?token={slip.gate_token}", slip.gate_url())
		template = frappe.db.get_value("Print Format", "Release Slip", "html")
		html = frappe.render_template(template, {"doc": slip})
		self.assertIn("data:image/png;base64,", html)

		# only the security guard opens slips by their code
		for user in (position_user("Front Desk"), position_user("Customer Service Manager")):
			frappe.set_user(user)
			self.assertRaises(frappe.PermissionError, get_slip_for_gate, slip.gate_token)
			self.assertRaises(frappe.PermissionError, mark_slip_used, slip.gate_token)

		frappe.set_user(GUARD)
		self.assertRaises(frappe.DoesNotExistError, get_slip_for_gate, "not-a-code")
		seen = get_slip_for_gate(slip.gate_token)
		self.assertEqual((seen["unit"], seen["problem"], len(seen["goods"])), (self.unit, None, 2))
		self.assertNotIn("applicant_phone", seen)
		self.assertRegex(get_slip_for_gate(tomorrow.gate_token)["problem"], "Valid only on")
		self.assertRaisesRegex(frappe.ValidationError, "Valid only on", mark_slip_used, tomorrow.gate_token)

		used = mark_slip_used(slip.gate_token)
		self.assertEqual(used["status"], "Used")
		slip.reload()
		self.assertEqual((slip.status, slip.verified_by), ("Used", GUARD))
		self.assertTrue(slip.used_at)
		self.assertRaisesRegex(frappe.ValidationError, "Already used", mark_slip_used, slip.gate_token)

		frappe.set_user("Administrator")
		self.assertRaisesRegex(frappe.ValidationError, "no longer be cancelled", slip.cancel)
		tomorrow.cancel()
		frappe.set_user(GUARD)
		self.assertRaises(frappe.DoesNotExistError, get_slip_for_gate, tomorrow.gate_token)

	def test_guard_of_another_estate_is_refused(self):
		slip = self.slip("Owner")
		slip.submit()
		make_estate("_Test Estate 2", "TE2")
		assign_estate(GUARD, "_Test Estate 2")
		try:
			frappe.set_user(GUARD)
			self.assertRaisesRegex(frappe.PermissionError, "not yours", get_slip_for_gate, slip.gate_token)
			self.assertRaises(frappe.PermissionError, mark_slip_used, slip.gate_token)
			frappe.set_user("Administrator")
			assign_estate(GUARD, TEST_ESTATE)  # a guard of both estates
			frappe.set_user(GUARD)
			self.assertEqual(get_slip_for_gate(slip.gate_token)["name"], slip.name)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
			frappe.cache.hdel("user_permissions", GUARD)

	def test_gate_check_page_is_the_guards(self):
		from frappe.desk.desk_page import get as get_page

		frappe.set_user(GUARD)
		page = get_page("gate-check")
		self.assertIn("mark_slip_used", page.script)
		frappe.set_user(position_user("Front Desk"))
		self.assertRaises(frappe.PermissionError, get_page, "gate-check")

	def test_printed_slip_in_chinese(self):
		slip = self.slip("Owner")
		slip.submit()
		html = render_print_format("Release Slip", slip)
		for text in ("物资搬运放行条", "家具", "业主", "粤B12345", "门岗安全员扫码核验"):
			self.assertIn(text, html)
