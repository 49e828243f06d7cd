# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Parking cards: the monthly period arithmetic, validity following the rent paid, ERPNext invoices."""

from datetime import date
from functools import partial

import frappe
from frappe.utils import add_days, getdate, today

from pm_module.front_desk.cards import expire_parking_cards, monthly_period_end
from pm_module.front_desk.report.card_expiry.card_expiry import execute as card_expiry
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	assert_batched_once,
	make_building,
	make_estate,
	make_occupancy,
	make_resident,
	make_unit,
	position_user,
	render_print_format,
)


class TestMonthlyPeriod(PMTestCase):
	def test_month_runs_to_the_day_before_the_same_date(self):
		cases = [
			(date(2026, 5, 10), 1, date(2026, 6, 9)),
			(date(2026, 1, 1), 1, date(2026, 1, 31)),
			(date(2026, 12, 15), 1, date(2027, 1, 14)),
			(date(2026, 12, 31), 1, date(2027, 1, 30)),
			(date(2026, 11, 23), 3, date(2027, 2, 22)),
			(date(2026, 11, 23), 24, date(2028, 11, 22)),
			# the same date does not exist next month: the month ends on the short month's last day
			(date(2027, 1, 31), 1, date(2027, 2, 28)),
			(date(2027, 1, 30), 1, date(2027, 2, 28)),
			(date(2027, 1, 29), 1, date(2027, 2, 28)),
			(date(2027, 1, 28), 1, date(2027, 2, 27)),
			(date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
			(date(2028, 1, 30), 1, date(2028, 2, 29)),
			(date(2026, 3, 31), 1, date(2026, 4, 30)),
			(date(2026, 8, 31), 1, date(2026, 9, 30)),
			(date(2027, 1, 31), 2, date(2027, 3, 30)),
			(date(2028, 2, 29), 12, date(2029, 2, 28)),
		]
		for start, months, end in cases:
			self.assertEqual(monthly_period_end(start, months), end, f"{start} + {months} month(s)")


class TestParkingCard(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("0505", status="Occupied")
		self.space = make_unit("P001", unit_type="Parking Space", area=12)
		self.holder = make_resident("车主").name
		make_occupancy(self.unit, self.holder, "Owner", "2020-01-01")
		frappe.set_user(position_user("Front Desk"))

	def card(self, number: str = "P-0001", **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Parking Card",
				"card_number": number,
				"estate": TEST_ESTATE,
				"unit": self.unit,
				"resident": self.holder,
				"vehicle_plate": kwargs.pop("vehicle_plate", "粤b88888"),
				"vehicle_model": "比亚迪 秦",
				"driving_licence": "/files/driving-licence.jpg",
				"vehicle_licence": "/files/vehicle-licence.jpg",
				"parking_lease": "/files/parking-lease.pdf",
				"parking_space": kwargs.pop("parking_space", self.space),
				"monthly_rent": 300,
				**kwargs,
			}
		).insert()

	def test_card_register_prints_in_chinese(self):
		card = self.card()
		card.top_up(2)
		html = render_print_format("Parking Card Register", card)
		for text in ("车场卡登记表", "粤B88888", "P001", "持卡人签名"):
			self.assertIn(text, html)

	def test_validity_follows_the_rent_paid(self):
		card = self.card()
		self.assertEqual((card.status, card.valid_to, card.vehicle_plate), ("Unpaid", None, "粤B88888"))

		paid = card.top_up(1)
		self.assertEqual(
			(paid["period_from"], paid["period_to"]), (getdate(today()), monthly_period_end(today()))
		)
		self.assertEqual((card.status, getdate(card.valid_to)), ("Active", monthly_period_end(today())))
		invoice = frappe.db.get_value(
			"Sales Invoice", paid["sales_invoice"], ["docstatus", "grand_total", "pm_unit"], as_dict=True
		)
		self.assertEqual((invoice.docstatus, invoice.grand_total, invoice.pm_unit), (1, 300, self.unit))

		# topping up a valid card continues from the day after it is paid until
		more = card.top_up(3)
		self.assertEqual(more["period_from"], add_days(paid["period_to"], 1))
		self.assertEqual(getdate(card.valid_to), monthly_period_end(more["period_from"], 3))
		self.assertEqual(frappe.db.get_value("Sales Invoice", more["sales_invoice"], "grand_total"), 900)
		self.assertEqual([t.months for t in card.top_ups], [1, 3])

		self.assertRaisesRegex(frappe.ValidationError, "at least one month", card.top_up, 0)

		# the daily job: once the paid months have run out the card shows as Expired
		self.assertEqual(expire_parking_cards(card.valid_to), [])
		self.assertEqual(expire_parking_cards(add_days(card.valid_to, 1)), [card.name])
		self.assertEqual(frappe.db.get_value("Parking Card", card.name, "status"), "Expired")

	def test_expiry_in_batches_each_card_once(self):
		from pm_module.front_desk import cards

		names = []
		for i in range(1, 6):
			space = make_unit(f"P00{i}", unit_type="Parking Space", area=12)
			card = self.card(f"P-000{i}", vehicle_plate=f"粤B8888{i}", parking_space=space)
			card.top_up(1)
			names.append(card.name)
		day_after = add_days(monthly_period_end(today()), 1)
		frappe.set_user("Administrator")
		assert_batched_once(
			self, partial(cards.expire_parking_cards, day_after), names, names[4], cards, "expire_card"
		)
		self.assertEqual(frappe.db.get_value("Parking Card", names[4], "status"), "Expired")

	def test_expired_card_restarts_on_the_top_up_day(self):
		card = self.card()
		card.top_up(1, add_days(today(), -60))
		self.assertEqual(card.status, "Expired")
		paid = card.top_up(1)
		self.assertEqual(paid["period_from"], getdate(today()))
		self.assertEqual(card.status, "Active")
		_columns, rows = card_expiry({"estate": TEST_ESTATE, "days": 31, "card_kind": "Parking Card"})
		self.assertEqual([r["card"] for r in rows], [card.name])

	def test_bad_input(self):
		first = self.card()
		self.assertRaisesRegex(frappe.ValidationError, "already used by", self.card, "P-0002")
		first.return_card()
		self.assertRaisesRegex(frappe.ValidationError, "was returned", first.top_up, 1)
		self.card("P-0002")  # the space is free again
		self.assertRaisesRegex(
			frappe.ValidationError, "not a parking space", self.card, "P-0003", parking_space=self.unit
		)
		stranger = make_resident("路人").name
		self.assertRaisesRegex(
			frappe.ValidationError,
			"not registered",
			self.card,
			"P-0004",
			parking_space=None,
			resident=stranger,
		)
		make_estate("_Test Estate 2", "TE2")
		other = make_unit("0101", make_building("A", estate="_Test Estate 2"))
		self.assertRaisesRegex(
			frappe.ValidationError, "belongs to estate", self.card, "P-0005", parking_space=None, unit=other
		)
		self.assertRaises(
			frappe.MandatoryError, self.card, "P-0006", parking_space=None, driving_licence=None
		)
