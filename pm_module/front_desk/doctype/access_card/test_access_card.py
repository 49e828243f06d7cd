# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Access cards: validity by card type, who may issue and approve, fees on ERPNext, the card log."""

import frappe
from frappe.utils import add_days, add_months, getdate, today

from pm_module.front_desk.cards import monthly_period_end
from pm_module.front_desk.report.card_expiry.card_expiry import execute as card_expiry
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_building,
	make_estate,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
	render_print_format,
)

FRONT_DESK = position_user("Front Desk")


class TestAccessCard(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("0606", area=90, status="Occupied")
		self.shop = make_unit("S01", unit_type="Shop", status="Occupied")
		self.owner = make_resident("门禁业主").name
		self.family = make_resident("门禁家属").name
		self.tenant = make_resident("门禁租户").name
		self.merchant = make_resident("门禁商户", resident_type="Company").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		make_occupancy(self.unit, self.family, "Family Member", "2020-01-01")
		self.lease_end = getdate(add_months(today(), 6))
		make_occupancy(self.unit, self.tenant, "Tenant", add_months(today(), -6), self.lease_end)
		make_occupancy(self.shop, self.merchant, "Merchant", "2024-01-01")
		frappe.set_user(FRONT_DESK)

	def card(self, card_type: str, number: str, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Access Card",
				"card_number": number,
				"card_type": card_type,
				"estate": TEST_ESTATE,
				"unit": kwargs.pop("unit", self.unit),
				"valid_from": kwargs.pop("valid_from", today()),
				**kwargs,
			}
		).insert()

	def test_owner_card_two_years_with_fee_invoice(self):
		card = self.card("Owner", "C0001", resident=self.owner)
		self.assertEqual(getdate(card.valid_to), monthly_period_end(today(), 24))
		self.assertEqual((card.status, card.holder_name, card.card_fee), ("Active", "门禁业主", 20))
		invoice = frappe.db.get_value(
			"Sales Invoice",
			card.sales_invoice,
			["docstatus", "grand_total", "customer", "pm_unit"],
			as_dict=True,
		)
		customer = frappe.db.get_value("Resident", self.owner, "customer")
		self.assertEqual((invoice.docstatus, invoice.grand_total, invoice.customer), (1, 20, customer))
		self.assertEqual(invoice.pm_unit, self.unit)
		card.reload()
		self.assertEqual(
			[(e.event, e.fee, e.sales_invoice) for e in card.events], [("Issued", 20, card.sales_invoice)]
		)

	def test_card_register_prints_in_chinese(self):
		card = self.card("Owner", "C0009", resident=self.owner)
		html = render_print_format("Access Card Register", card)
		for text in ("门禁卡登记表", "C0009", "门禁业主", "持卡人签名"):
			self.assertIn(text, html)

	def test_validity_beyond_the_rule_is_refused(self):
		self.assertRaisesRegex(
			frappe.ValidationError,
			"at the latest",
			self.card,
			"Owner",
			"C0002",
			resident=self.owner,
			valid_to=add_days(monthly_period_end(today(), 24), 1),
		)
		# a tenant's card ends with the lease, which here is sooner than the 12 months allowed
		tenant = self.card("Tenant", "C0003", resident=self.tenant)
		self.assertEqual(getdate(tenant.valid_to), self.lease_end)
		self.assertRaisesRegex(
			frappe.ValidationError,
			"at the latest",
			self.card,
			"Tenant",
			"C0004",
			resident=self.tenant,
			valid_to=add_days(self.lease_end, 1),
		)
		# a longer lease: at most the settings' 12 months
		frappe.set_user("Administrator")
		long_tenant = make_resident("长租租户").name
		make_occupancy(self.unit, long_tenant, "Tenant", today(), add_months(today(), 36))
		frappe.set_user(FRONT_DESK)
		card = self.card("Tenant", "C0005", resident=long_tenant)
		self.assertEqual(getdate(card.valid_to), monthly_period_end(today(), 12))
		# a shorter validity than the rule is fine
		self.assertEqual(
			str(self.card("Owner", "C0006", resident=self.owner, valid_to=add_months(today(), 1)).valid_to),
			str(getdate(add_months(today(), 1))),
		)

	def test_holder_must_be_on_record(self):
		self.assertRaisesRegex(
			frappe.ValidationError, "not registered as", self.card, "Tenant", "C0010", resident=self.owner
		)
		stranger = make_resident("未登记家属").name
		self.assertRaisesRegex(
			frappe.ValidationError,
			"not registered as",
			self.card,
			"Family Member",
			"C0011",
			resident=stranger,
		)
		card = self.card("Family Member", "C0012", resident=stranger, owner_phone_confirmed=1)
		self.assertEqual(getdate(card.valid_to), monthly_period_end(today(), 24))
		make_estate("_Test Estate 2", "TE2")
		other = make_unit("0101", make_building("A", estate="_Test Estate 2"))
		self.assertRaisesRegex(
			frappe.ValidationError,
			"belongs to estate",
			self.card,
			"Owner",
			"C0013",
			resident=self.owner,
			unit=other,
		)
		self.assertRaises(frappe.UniqueValidationError, self.card, "Owner", "C0012", resident=self.owner)

	def test_staff_cards_issued_by_the_heads_only(self):
		staff = position_user("Technician")
		self.assertRaises(frappe.PermissionError, self.card, "Staff", "S0001", unit=None, staff_user=staff)
		frappe.set_user(position_user("Front Desk Supervisor"))
		card = self.card("Staff", "S0001", unit=None, staff_user=staff, application="/files/request.pdf")
		self.assertEqual(
			(card.status, card.card_fee, card.sales_invoice, card.valid_to), ("Active", 0, None, None)
		)
		# a faulty staff card is replaced free, a lost one is charged to the staff member
		self.assertEqual(card.replace("S0002", "Faulty")["fee"], 0)
		card.report_lost()
		charged = card.replace("S0003", "Lost")
		self.assertEqual(charged["fee"], 20)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", charged["sales_invoice"], ["docstatus", "customer"]),
			(1, f"{frappe.utils.get_fullname(staff)} - {staff}"),
		)
		# a plain front-desk clerk may not replace it either
		frappe.set_user(FRONT_DESK)
		card.reload()
		self.assertRaises(frappe.PermissionError, card.replace, "S0004", "Faulty")

	def test_merchant_card_needs_department_head_approval(self):
		card = self.card("Merchant", "M0001", unit=self.shop, resident=self.merchant)
		self.assertEqual((card.status, card.sales_invoice), ("Pending Approval", None))
		self.assertEqual(getdate(card.valid_to), monthly_period_end(today(), 12))
		self.assertRaises(frappe.PermissionError, card.approve)
		card.approved_by = FRONT_DESK
		self.assertRaises(frappe.PermissionError, card.save)

		frappe.set_user(position_user("Customer Service Manager"))
		card.reload()
		self.assertRaisesRegex(frappe.ValidationError, "application", card.approve)
		card.application = "/files/application-with-seal.pdf"
		card.save()
		card.approve()
		card.reload()
		self.assertEqual(
			(card.status, card.approved_by), ("Active", position_user("Customer Service Manager"))
		)
		self.assertEqual(frappe.db.get_value("Sales Invoice", card.sales_invoice, "docstatus"), 1)
		self.assertEqual([e.event for e in card.events], ["Issued"])

	def test_replacement_fee_and_log(self):
		card = self.card("Owner", "C0020", resident=self.owner)
		self.assertEqual(card.replace("C0021", "Faulty")["fee"], 0)  # within the free months
		self.assertEqual(card.replace("C0022", "Damaged by Holder")["fee"], 20)
		# a faulty card issued longer ago than the free months is paid for
		frappe.db.set_value("Access Card Event", {"parent": card.name}, "event_time", add_months(today(), -4))
		card.reload()
		self.assertEqual(card.replacement_fee("Faulty"), 20)
		card.report_lost("丢在小区外")
		self.assertEqual(card.status, "Lost")
		self.assertRaises(frappe.ValidationError, card.renew)
		self.assertEqual(card.replace("C0023", "Lost")["fee"], 20)
		self.card("Owner", "C0099", resident=self.owner)
		self.assertRaisesRegex(frappe.ValidationError, "already registered", card.replace, "C0099", "Faulty")
		card.return_card()
		card.reload()
		self.assertEqual(
			[(e.event, e.card_number, e.fee) for e in card.events],
			[
				("Issued", "C0020", 20),
				("Replaced", "C0021", 0),
				("Replaced", "C0022", 20),
				("Lost", "C0022", 0),
				("Replaced", "C0023", 20),
				("Returned", "C0023", 0),
			],
		)
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "docstatus": 1}), 4)

	def test_renewal_before_expiry(self):
		card = self.card("Owner", "C0030", resident=self.owner, valid_from=add_months(today(), -23))
		old_to = getdate(card.valid_to)
		card.renew()
		self.assertEqual(getdate(card.valid_from), add_days(old_to, 1))
		self.assertEqual(getdate(card.valid_to), monthly_period_end(add_days(old_to, 1), 24))
		self.assertEqual(card.events[-1].event, "Renewed")

		expired = self.card(
			"Owner",
			"C0031",
			resident=self.owner,
			valid_from=add_months(today(), -3),
			valid_to=add_days(today(), -1),
		)
		self.assertRaisesRegex(frappe.ValidationError, "renewed before expiry", expired.renew)
		# a tenant's card is renewed up to the lease end, and not past it
		tenant = self.card("Tenant", "C0032", resident=self.tenant, valid_to=add_days(today(), 10))
		tenant.renew()
		self.assertEqual(getdate(tenant.valid_to), self.lease_end)
		self.assertRaisesRegex(frappe.ValidationError, "not registered as", tenant.renew)

	def test_expiry_report(self):
		soon = self.card("Owner", "C0040", resident=self.owner, valid_to=add_days(today(), 10))
		self.card("Owner", "C0041", resident=self.owner, valid_to=add_days(today(), 40))
		_columns, rows = card_expiry({"estate": TEST_ESTATE, "days": 30})
		self.assertEqual([(r["card"], r["days_left"]) for r in rows], [(soon.name, 10)])
		_columns, rows = card_expiry({"estate": TEST_ESTATE, "days": 60, "card_kind": "Access Card"})
		self.assertEqual(len(rows), 2)
