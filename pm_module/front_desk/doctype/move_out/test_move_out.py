# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Move-out settlement on ERPNext's books: final readings, the part period billed by the billing
code, credit for fees billed in advance, the arrears gate, deposits, cards, the register."""

import frappe
from frappe.utils import flt, getdate

from pm_module.billing.counter import setup_counter, take_payment, unpaid_invoices
from pm_module.front_desk.cards import bill_at_desk
from pm_module.tests.utils import (
	TEST_COMPANY,
	TEST_ESTATE,
	PMTestCase,
	bill_month,
	make_estate,
	make_fee,
	make_item,
	make_meter,
	make_occupancy,
	make_reading,
	make_resident,
	make_unit,
	pay_invoice,
	position_user,
	render_print_format,
)

CASH = "现金"


def set_settings(**values) -> None:
	for field, value in values.items():
		frappe.db.set_single_value("Property Management Settings", field, value)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def gl(voucher: str) -> dict[str, float]:
	"""Account -> debit minus credit of a voucher's live GL entries."""
	out: dict[str, float] = {}
	for row in frappe.get_all(
		"GL Entry", {"voucher_no": voucher, "is_cancelled": 0}, ["account", "debit", "credit"]
	):
		out[row.account] = flt(out.get(row.account, 0) + row.debit - row.credit, 2)
	return out


def move_out(unit: str, occupancy: str, move_out_date, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Move Out",
			"estate": TEST_ESTATE,
			"unit": unit,
			"occupancy": occupancy,
			"move_out_date": move_out_date,
			**kwargs,
		}
	).insert()


def pay_everything(unit: str, customer: str) -> str:
	"""The cashier takes what the payer owes for the unit, with the late fees, in cash."""
	owed = unpaid_invoices(unit, customer=customer)
	total = flt(sum(i.outstanding_amount + i.late_fee for i in owed), 2)
	frappe.set_user(position_user("Cashier"))
	result = take_payment(
		unit,
		customer,
		[{"mode_of_payment": CASH, "amount": total}],
		[{"name": i.name, "outstanding": i.outstanding_amount} for i in owed],
	)
	frappe.set_user("Administrator")
	return result["payment_entry"]


class MoveOutTestCase(PMTestCase):
	def setUp(self):
		make_estate()
		setup_counter(TEST_COMPANY)
		self.deposit_item = make_item("PM Utility Deposit", "Nos")
		set_settings(utility_deposit=500, utility_deposit_item=self.deposit_item, card_fee=0)
		make_fee("PM Property Fee", 2.5)
		make_fee("PM Water Fee", 5, "Metered", meter_type="Water")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


class TestTenantMoveOut(MoveOutTestCase):
	"""A tenant paying the fees of a 100 m² unit (250 a month, water 5 a m³) leaves on 15 November,
	billed up to October, October unpaid, with a utility deposit paid, an access and a parking card."""

	def setUp(self):
		super().setUp()
		self.unit = make_unit("2201", area=100, status="Occupied")
		self.owner = make_resident("迁出房东").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		self.tenant = make_resident("迁出租户").name
		self.occupancy = make_occupancy(
			self.unit, self.tenant, "Tenant", "2026-09-01", "2027-08-31", pays_fees=1
		).name
		self.customer = frappe.get_doc("Resident", self.tenant).ensure_customer()
		self.meter = make_meter(self.unit, "Water").name
		make_reading(self.meter, 100, "2026-08-31", reading_type="Base Reading")
		self.september = bill_month("2026-09-01", "2026-09-01", self.unit)
		make_reading(self.meter, 110, "2026-09-30")
		self.october = bill_month("2026-10-01", "2026-10-01", self.unit)  # 250 + 10 m³ × 5
		make_reading(self.meter, 118, "2026-10-31")  # not billed yet: the November run bills it
		pay_invoice(self.september)
		self.deposit = bill_at_desk(
			estate=TEST_ESTATE,
			unit=self.unit,
			customer=self.customer,
			resident=self.tenant,
			item_code=self.deposit_item,
			qty=1,
			rate=500,
			description="水电预收款",
		)
		pay_invoice(self.deposit)
		self.access_card = (
			frappe.get_doc(
				{
					"doctype": "Access Card",
					"card_number": "MO-T-0001",
					"card_type": "Tenant",
					"estate": TEST_ESTATE,
					"unit": self.unit,
					"resident": self.tenant,
					"valid_from": "2026-09-01",
				}
			)
			.insert()
			.name
		)
		self.parking_card = (
			frappe.get_doc(
				{
					"doctype": "Parking Card",
					"card_number": "MO-P-0001",
					"estate": TEST_ESTATE,
					"unit": self.unit,
					"resident": self.tenant,
					"vehicle_plate": "粤B12345",
					"driving_licence": "/private/files/dl.jpg",
					"vehicle_licence": "/private/files/vl.jpg",
					"parking_lease": "/private/files/lease.pdf",
					"monthly_rent": 300,
				}
			)
			.insert()
			.name
		)

	def test_tenant_moves_out_mid_month(self):
		frappe.set_user(position_user("Front Desk"))
		doc = move_out(self.unit, self.occupancy, "2026-11-15")
		self.assertEqual((doc.resident, doc.role, doc.customer), (self.tenant, "Tenant", self.customer))
		(row,) = doc.meter_readings
		self.assertEqual((row.meter, row.last_reading), (self.meter, 118))
		self.assertEqual({c.card for c in doc.cards}, {self.access_card, self.parking_card})
		# what the tenant owes is on the form before anything is billed: October with its late fee
		self.assertEqual([(r.kind, r.sales_invoice) for r in doc.invoices], [("Arrears", self.october)])
		self.assertEqual(doc.total_outstanding, 300)
		self.assertGreater(doc.total_late_fee, 0)

		# step 1: the final reading is a submitted Meter Reading dated the move-out day
		doc.meter_readings[0].final_reading = 123
		doc.save()
		doc.post_final_readings()
		reading = frappe.get_doc("Meter Reading", doc.meter_readings[0].meter_reading)
		self.assertEqual(
			(reading.docstatus, str(reading.reading_date), reading.consumption), (1, "2026-11-15", 5)
		)

		# step 2: 1–15 November (15 of 30 days × 100 m² × 2.5) and the water since October's
		# reading (8 + 5 m³ × 5), billed by the billing code on one submitted invoice
		doc.make_final_invoice()
		si = frappe.get_doc("Sales Invoice", doc.final_invoice)
		self.assertEqual(
			(si.docstatus, si.customer, si.pm_unit, si.pm_estate, si.pm_resident),
			(1, self.customer, self.unit, TEST_ESTATE, self.tenant),
		)
		self.assertEqual(
			(str(si.from_date), str(si.to_date), str(si.pm_readings_until)),
			("2026-11-01", "2026-11-15", "2026-11-15"),
		)
		self.assertEqual(
			[(i.item_code, i.qty, i.rate, i.amount) for i in si.items],
			[("PM Property Fee", 50, 2.5, 125), ("PM Water Fee", 13, 5, 65)],
		)
		self.assertIn("15 of 30 days", si.items[0].description)
		self.assertEqual(
			(doc.final_amount, str(doc.billed_from), str(doc.billed_to)), (190, "2026-11-01", "2026-11-15")
		)
		ledger = gl(si.name)
		self.assertEqual(ledger[si.debit_to], 190)
		self.assertEqual(flt(sum(ledger.values()), 2), 0)
		self.assertEqual(sum(v for a, v in ledger.items() if a != si.debit_to), -190)
		self.assertRaisesRegex(frappe.ValidationError, "made already", doc.make_final_invoice)

		# step 3: the move-out waits until everything is paid at the counter
		doc.reload()
		self.assertEqual(doc.total_outstanding, 490)
		self.assertRaisesRegex(frappe.ValidationError, "still owes", doc.submit)
		frappe.set_user("Administrator")
		pe = pay_everything(self.unit, self.customer)
		frappe.set_user(position_user("Front Desk"))
		doc.reload()
		doc.save()
		self.assertEqual(doc.total_outstanding, 0)
		october = next(r for r in doc.invoices if r.sales_invoice == self.october)
		self.assertGreater(october.late_fee_paid, 0)
		self.assertIn(frappe.db.get_value("Payment Entry", pe, "pm_receipt_no") or pe, october.receipts)
		doc.submit()
		frappe.set_user("Administrator")
		doc.reload()

		# the lease ends on the move-out day; the owner remains, so the unit stays occupied
		self.assertEqual(str(frappe.db.get_value("Occupancy", self.occupancy, "end_date")), "2026-11-15")
		self.assertEqual((doc.unit_status_before, doc.unit_status_after), ("Occupied", "Occupied"))
		# the cards are returned through their own procedure (the access card logs it)
		self.assertEqual(frappe.db.get_value("Access Card", self.access_card, "status"), "Returned")
		self.assertEqual(frappe.get_doc("Access Card", self.access_card).events[-1].event, "Returned")
		self.assertEqual(frappe.db.get_value("Parking Card", self.parking_card, "status"), "Returned")
		self.assertTrue(all(c.returned for c in doc.cards))
		# the utility deposit goes back on a Fee Refund waiting for finance's approval
		(deposit,) = doc.deposits
		refund = frappe.get_doc("Fee Refund", deposit.fee_refund)
		self.assertEqual(
			(refund.docstatus, refund.approval_status, refund.sales_invoice, refund.amount, refund.move_out),
			(0, "Pending", self.deposit, 500, doc.name),
		)
		self.assertEqual((doc.status, deposit.refund_status), ("Refunds Pending", "Pending"))
		# finance approves and pays it: the move-out is completed, and can no longer be cancelled
		refund.approve("押金退还")
		refund.reload()
		refund.submit()
		doc.reload()
		self.assertEqual((doc.status, doc.deposits[0].refund_status), ("Completed", "Refunded"))
		self.assertRaisesRegex(frappe.ValidationError, "refunded already", doc.cancel)

		# the next billing run bills the owner from the 16th, and the tenant nothing twice
		november = bill_month("2026-11-01", "2026-11-29")
		billed = frappe.get_all(
			"Sales Invoice",
			filters={
				"pm_billing_run": frappe.db.get_value("Sales Invoice", november, "pm_billing_run"),
				"pm_unit": self.unit,
			},
			fields=["name", "pm_resident", "grand_total"],
		)
		self.assertEqual([(b.pm_resident, b.grand_total) for b in billed], [(self.owner, 125)])

	def test_cancelled_and_amended(self):
		doc = move_out(self.unit, self.occupancy, "2026-11-15")
		doc.meter_readings[0].final_reading = 123
		doc.save()
		doc.post_final_readings()
		doc.make_final_invoice()
		pay_everything(self.unit, self.customer)
		doc.reload()
		doc.submit()
		doc.cancel()
		self.assertEqual(str(frappe.db.get_value("Occupancy", self.occupancy, "end_date")), "2027-08-31")
		self.assertFalse(frappe.db.exists("Fee Refund", {"move_out": doc.name}))  # the request withdrawn
		# the amendment takes over the final reading and the final invoice, billing nothing twice
		amended = frappe.copy_doc(doc)
		amended.update({"amended_from": doc.name, "docstatus": 0})
		amended.insert()
		self.assertEqual(amended.meter_readings[0].meter_reading, doc.meter_readings[0].meter_reading)
		amended.make_final_invoice()
		self.assertEqual(amended.final_invoice, doc.final_invoice)
		self.assertEqual(
			frappe.db.count("Sales Invoice", {"pm_unit": self.unit, "pm_readings_until": ("is", "set")}), 1
		)
		amended.submit()
		self.assertEqual(str(frappe.db.get_value("Occupancy", self.occupancy, "end_date")), "2026-11-15")

	def test_reading_below_the_last_is_refused(self):
		doc = move_out(self.unit, self.occupancy, "2026-11-15")
		doc.meter_readings[0].final_reading = 90
		doc.save()
		self.assertRaisesRegex(
			frappe.ValidationError, "lower than the previous reading", doc.post_final_readings
		)
		self.assertFalse(
			frappe.db.exists("Meter Reading", {"meter": self.meter, "reading_date": "2026-11-15"})
		)
		doc.reload()
		self.assertFalse(doc.meter_readings[0].meter_reading)
		self.assertRaisesRegex(frappe.ValidationError, "final readings first", doc.make_final_invoice)

	def test_prepared_ahead_but_done_on_the_day(self):
		doc = move_out(self.unit, self.occupancy, "2027-01-15")
		doc.meter_readings[0].final_reading = 130
		doc.save()
		self.assertRaisesRegex(frappe.ValidationError, "on or after that day", doc.post_final_readings)
		self.assertRaisesRegex(frappe.ValidationError, "on or after that day", doc.submit)

	def test_one_move_out_per_occupancy_and_only_for_household_heads(self):
		move_out(self.unit, self.occupancy, "2026-11-15")
		self.assertRaises(frappe.DuplicateEntryError, move_out, self.unit, self.occupancy, "2026-11-20")
		family = make_occupancy(self.unit, make_resident("租户家属").name, "Family Member", "2026-09-01").name
		self.assertRaisesRegex(
			frappe.ValidationError, "owner, a tenant or a merchant", move_out, self.unit, family, "2026-11-15"
		)
		# the tenant's household is ticked to leave with them
		doc = frappe.get_last_doc("Move Out")
		doc.save()
		self.assertEqual([(h.occupancy, h.leaves) for h in doc.household], [(family, 1)])

	def test_owner_cannot_leave_while_the_tenant_stays(self):
		owner_occupancy = frappe.db.get_value("Occupancy", {"unit": self.unit, "role": "Owner"})
		self.assertRaisesRegex(
			frappe.ValidationError, "moves out first", move_out, self.unit, owner_occupancy, "2026-11-15"
		)

	def test_print_format(self):
		doc = move_out(self.unit, self.occupancy, "2026-11-15")
		doc.meter_readings[0].final_reading = 123
		doc.save()
		doc.post_final_readings()
		doc.make_final_invoice()
		html = render_print_format("Move Out Settlement", doc)
		for text in ("迁出结算单", "2201", "迁出租户", "末期账单", "MO-T-0001", "123"):
			self.assertIn(text, html)

	def test_demo_move_out(self):
		from pm_module.front_desk.demo_move_out import make_demo

		made = make_demo(TEST_ESTATE)
		(name,) = made["Move Out"]
		doc = frappe.get_doc("Move Out", name)
		self.assertEqual((doc.docstatus, doc.occupancy, doc.total_outstanding), (1, self.occupancy, 0))
		self.assertTrue(doc.final_invoice)
		self.assertEqual(frappe.db.get_value("Sales Invoice", doc.final_invoice, "outstanding_amount"), 0)
		self.assertEqual(make_demo(TEST_ESTATE), {})


class TestOwnerMoveOut(MoveOutTestCase):
	"""An owner of an 80 m² unit (200 a month) billed and paid up to December leaves on 20 November
	with their family: the days after are credited back, everyone's occupancy ends, the unit is vacant."""

	def setUp(self):
		super().setUp()
		self.unit = make_unit("2202", area=80, status="Occupied")
		self.owner = make_resident("离开业主").name
		self.occupancy = make_occupancy(self.unit, self.owner, "Owner", "2025-01-01").name
		self.family = make_occupancy(self.unit, make_resident("业主家属").name, "Family Member", "2025-01-01")
		self.customer = frappe.get_doc("Resident", self.owner).ensure_customer()
		self.november = bill_month("2026-11-01", "2026-11-01", self.unit)
		self.december = bill_month("2026-12-01", "2026-11-15", self.unit)  # billed in advance
		pay_invoice(self.november)
		pay_invoice(self.december)
		self.family_card = (
			frappe.get_doc(
				{
					"doctype": "Access Card",
					"card_number": "MO-F-0001",
					"card_type": "Family Member",
					"estate": TEST_ESTATE,
					"unit": self.unit,
					"resident": self.family.resident,
					"valid_from": "2025-01-01",
				}
			)
			.insert()
			.name
		)

	def test_owner_leaves_with_the_household(self):
		frappe.set_user(position_user("Front Desk Supervisor"))
		doc = move_out(self.unit, self.occupancy, "2026-11-20")
		self.assertEqual([(h.occupancy, h.leaves) for h in doc.household], [(self.family.name, 1)])
		self.assertEqual([c.card for c in doc.cards], [self.family_card])
		doc.post_final_readings()  # the unit has no meter
		doc.make_final_invoice()
		# nothing is left to bill; 21–30 November and December go back on credit notes
		self.assertFalse(doc.final_invoice)
		credits = {r.sales_invoice: r for r in doc.invoices if r.kind == "Credit Note"}
		self.assertEqual(len(credits), 2)
		by_original = {frappe.db.get_value("Sales Invoice", n, "return_against"): n for n in credits}
		november = frappe.get_doc("Sales Invoice", by_original[self.november])
		self.assertEqual((november.is_return, november.grand_total), (1, -66.67))
		self.assertEqual([(i.item_code, i.qty) for i in november.items], [("PM Property Fee", -26.667)])
		december = frappe.get_doc("Sales Invoice", by_original[self.december])
		self.assertEqual(december.grand_total, -200)
		self.assertEqual(doc.credit_amount, 266.67)
		# both invoices were paid: the credit stays with the owner to be refunded
		self.assertEqual(doc.credit_balance, 266.67)
		ledger = gl(november.name)
		self.assertEqual(ledger[november.debit_to], -66.67)
		self.assertEqual(flt(sum(ledger.values()), 2), 0)

		doc.submit()
		doc.reload()
		for name in (self.occupancy, self.family.name):
			self.assertEqual(str(frappe.db.get_value("Occupancy", name, "end_date")), "2026-11-20")
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Vacant")
		self.assertFalse(frappe.db.get_value("Unit", self.unit, "current_owner"))
		self.assertEqual(frappe.db.get_value("Access Card", self.family_card, "status"), "Returned")
		# the credit both paid invoices hold goes back on Fee Refunds of type Credit Note
		self.assertEqual(
			sorted((r.sales_invoice, r.amount, r.refund_status) for r in doc.deposits),
			sorted((n, -frappe.db.get_value("Sales Invoice", n, "grand_total"), "Pending") for n in credits),
		)
		self.assertEqual(
			{frappe.db.get_value("Fee Refund", r.fee_refund, "refund_type") for r in doc.deposits},
			{"Credit Note"},
		)
		self.assertEqual(doc.status, "Refunds Pending")
		# nobody pays for the vacant unit after the owner: nothing is billed to anyone
		self.assertFalse([r for r in doc.invoices if r.kind == "Next Payer Invoice"])

		# cancelling puts the register back and the credit notes are cancelled; the card stays returned
		doc.cancel()
		self.assertIsNone(frappe.db.get_value("Occupancy", self.occupancy, "end_date"))
		self.assertIsNone(frappe.db.get_value("Occupancy", self.family.name, "end_date"))
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Occupied")
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "current_owner"), self.owner)
		for name in credits:
			self.assertEqual(frappe.db.get_value("Sales Invoice", name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Access Card", self.family_card, "status"), "Returned")

	def test_unpaid_credit_reduces_what_is_owed(self):
		frappe.set_user("Administrator")
		unpaid = bill_month("2027-01-01", "2026-11-20", self.unit)
		doc = move_out(self.unit, self.occupancy, "2026-11-20")
		doc.post_final_readings()
		doc.make_final_invoice()
		# January was not paid: its credit note takes it off what the owner owes
		self.assertEqual(frappe.db.get_value("Sales Invoice", unpaid, "outstanding_amount"), 0)
		self.assertEqual(doc.credit_balance, 266.67)
		self.assertEqual(doc.total_outstanding, 0)
		self.assertEqual(getdate(doc.billed_to), getdate("2026-11-20"))


class TestTenantLeavesABilledMonth(MoveOutTestCase):
	"""A tenant paying the fees of a 100 m² unit (250 a month) was billed November in advance and paid
	it, and paid three months of parking (1 October to 31 December, 300 a month); they leave on
	15 November: 16–30 November and the parking they will not use go back to them, and the owner is
	billed for the rest of November."""

	def setUp(self):
		super().setUp()
		frappe.db.delete("Fee Item", {"item": "PM Water Fee"})  # no meter: fixed fees only
		self.unit = make_unit("2203", area=100, status="Occupied")
		self.owner = make_resident("接续业主").name
		make_occupancy(self.unit, self.owner, "Owner", "2020-01-01")
		self.tenant = make_resident("整月租户").name
		self.occupancy = make_occupancy(
			self.unit, self.tenant, "Tenant", "2026-10-01", "2027-09-30", pays_fees=1
		).name
		self.customer = frappe.get_doc("Resident", self.tenant).ensure_customer()
		self.owner_customer = frappe.get_doc("Resident", self.owner).ensure_customer()
		self.november = bill_month("2026-11-01", "2026-11-01", self.unit)
		pay_invoice(self.november)
		card = frappe.get_doc(
			{
				"doctype": "Parking Card",
				"card_number": "MO-P-0003",
				"estate": TEST_ESTATE,
				"unit": self.unit,
				"resident": self.tenant,
				"vehicle_plate": "粤B54321",
				"driving_licence": "/private/files/dl.jpg",
				"vehicle_licence": "/private/files/vl.jpg",
				"parking_lease": "/private/files/lease.pdf",
				"monthly_rent": 300,
			}
		).insert()
		self.parking_invoice = card.top_up(3, "2026-10-01")["sales_invoice"]
		pay_invoice(self.parking_invoice)
		self.card = card.name

	def settle(self):
		frappe.set_user(position_user("Front Desk"))
		doc = move_out(self.unit, self.occupancy, "2026-11-15")
		doc.post_final_readings()
		doc.make_final_invoice()
		doc.reload()
		return doc

	def test_credit_refunded_and_the_owner_billed(self):
		doc = self.settle()
		self.assertFalse(doc.final_invoice)  # November was billed to the tenant already
		credits = {
			frappe.db.get_value("Sales Invoice", r.sales_invoice, "return_against"): r.sales_invoice
			for r in doc.invoices
			if r.kind == "Credit Note"
		}
		self.assertEqual(set(credits), {self.november, self.parking_invoice})
		fees = frappe.get_doc("Sales Invoice", credits[self.november])
		self.assertEqual(
			(fees.grand_total, str(fees.from_date), str(fees.to_date)), (-125, "2026-11-16", "2026-11-30")
		)
		# parking: half of November (15 of 30 days) and December, at 300 a month
		parking = frappe.get_doc("Sales Invoice", credits[self.parking_invoice])
		self.assertEqual([(i.qty, i.rate) for i in parking.items], [(-1.5, 300)])
		self.assertEqual(parking.grand_total, -450)
		self.assertEqual((doc.credit_amount, doc.credit_balance), (575, 575))

		doc.submit()
		doc.reload()
		frappe.set_user("Administrator")
		# the owner pays for 16–30 November from the day after the move-out
		(taken,) = [r for r in doc.invoices if r.kind == "Next Payer Invoice"]
		owner_invoice = frappe.get_doc("Sales Invoice", taken.sales_invoice)
		self.assertEqual(
			(
				owner_invoice.customer,
				owner_invoice.pm_resident,
				str(owner_invoice.from_date),
				str(owner_invoice.to_date),
				owner_invoice.grand_total,
				owner_invoice.docstatus,
			),
			(self.owner_customer, self.owner, "2026-11-16", "2026-11-30", 125, 1),
		)
		self.assertEqual(gl(owner_invoice.name)[owner_invoice.debit_to], 125)
		# a run of November again bills nobody twice; December's bills the owner the whole month
		frappe.get_doc(
			"Billing Run", frappe.db.get_value("Sales Invoice", self.november, "pm_billing_run")
		).start()
		self.assertEqual(
			frappe.db.count(
				"Sales Invoice",
				{
					"pm_unit": self.unit,
					"docstatus": 1,
					"is_return": 0,
					"from_date": ("between", ["2026-11-01", "2026-11-30"]),
				},
			),
			2,
		)
		december = bill_month("2026-12-01", "2026-11-29", self.unit)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", december, ["customer", "grand_total"]),
			(self.owner_customer, 250),
		)

		# both credits go back to the tenant on Fee Refunds of type Credit Note, after approval
		refunds = {r.sales_invoice: frappe.get_doc("Fee Refund", r.fee_refund) for r in doc.deposits}
		self.assertEqual(set(refunds), set(credits.values()))
		refund = refunds[parking.name]
		self.assertEqual(
			(refund.refund_type, refund.customer, refund.amount, refund.approval_status),
			("Credit Note", self.customer, 450, "Pending"),
		)
		refund.amount = 451
		self.assertRaisesRegex(frappe.ValidationError, "more than the credit left", refund.save)
		refund.reload()
		frappe.set_user(position_user("Accountant"))
		refund.approve("车位费退还")
		refund.reload()
		refund.submit()
		pe = frappe.get_doc("Payment Entry", refund.payment_entry)
		self.assertEqual(
			(pe.payment_type, pe.paid_amount, pe.references[0].reference_name), ("Pay", 450, parking.name)
		)
		ledger = gl(pe.name)
		self.assertEqual(ledger[parking.debit_to], 450)
		self.assertEqual(flt(sum(ledger.values()), 2), 0)
		self.assertEqual(frappe.db.get_value("Sales Invoice", parking.name, "outstanding_amount"), 0)
		frappe.set_user("Administrator")
		doc.reload()
		self.assertEqual(doc.status, "Refunds Pending")  # the fees' credit is not paid yet
		self.assertRaisesRegex(frappe.ValidationError, "refunded already", doc.cancel)

	def test_cancel_takes_back_the_owner_invoice(self):
		doc = self.settle()
		doc.submit()
		frappe.set_user("Administrator")
		doc.reload()
		(taken,) = [r.sales_invoice for r in doc.invoices if r.kind == "Next Payer Invoice"]
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", taken, "docstatus"), 2)
		self.assertFalse(frappe.db.exists("Fee Refund", {"move_out": doc.name}))
		for row in doc.invoices:
			if row.kind == "Credit Note":
				self.assertEqual(frappe.db.get_value("Sales Invoice", row.sales_invoice, "docstatus"), 2)

	def test_part_refund_of_a_credit_note(self):
		doc = self.settle()
		(credit,) = [
			r.sales_invoice
			for r in doc.invoices
			if frappe.db.get_value("Sales Invoice", r.sales_invoice, "return_against") == self.november
		]
		frappe.set_user(position_user("Cashier"))
		refund = frappe.get_doc(
			{
				"doctype": "Fee Refund",
				"refund_type": "Credit Note",
				"unit": self.unit,
				"customer": self.customer,
				"credit_note": credit,
				"amount": 100,
				"reason": "部分退回",
			}
		).insert()
		self.assertEqual(refund.refundable_amount, 125)
		frappe.set_user(position_user("Accountant"))
		refund.approve()
		refund.reload()
		refund.submit()
		self.assertEqual(frappe.db.get_value("Sales Invoice", credit, "outstanding_amount"), -25)
		html = render_print_format("Fee Refund", refund)
		for text in ("红字发票余额退还", credit, self.november, "壹佰元整"):
			self.assertIn(text, html)
		# another customer's credit note, or more than is left, is refused
		other = frappe.get_doc(
			{
				"doctype": "Fee Refund",
				"refund_type": "Credit Note",
				"unit": self.unit,
				"customer": self.owner_customer,
				"credit_note": credit,
				"amount": 10,
				"reason": "x",
			}
		)
		self.assertRaisesRegex(frappe.ValidationError, "goes back to them only", other.insert)
		more = frappe.copy_doc(refund)
		more.amount = 30
		self.assertRaisesRegex(frappe.ValidationError, "more than the credit left", more.insert)


class TestPartPeriods(PMTestCase):
	"""The billing code's general helpers for billing a part period."""

	def test_billing_periods_follow_the_runs_grid(self):
		from pm_module.billing.charges import billing_periods

		d = getdate
		self.assertEqual(
			billing_periods("2026-11-10", "2027-01-05", "Monthly", "2026-01-01"),
			[
				(d("2026-11-01"), d("2026-11-30")),
				(d("2026-12-01"), d("2026-12-31")),
				(d("2027-01-01"), d("2027-01-31")),
			],
		)
		self.assertEqual(
			billing_periods("2026-05-10", "2026-07-02", "Quarterly", "2026-01-01"),
			[(d("2026-04-01"), d("2026-06-30")), (d("2026-07-01"), d("2026-09-30"))],
		)
		# an anchor after the days counts back
		self.assertEqual(
			billing_periods("2026-11-15", "2026-11-20", "Monthly", "2027-03-01"),
			[(d("2026-11-01"), d("2026-11-30"))],
		)

	def test_unbilled_days(self):
		from pm_module.billing.charges import unbilled_days

		d = getdate
		self.assertEqual(
			unbilled_days("2026-11-01", "2026-11-30", [("2026-11-01", "2026-11-15")]),
			[(d("2026-11-16"), d("2026-11-30"))],
		)
		self.assertEqual(
			unbilled_days(
				"2026-11-01", "2026-11-30", [("2026-11-20", "2026-12-05"), ("2026-11-05", "2026-11-10")]
			),
			[(d("2026-11-01"), d("2026-11-04")), (d("2026-11-11"), d("2026-11-19"))],
		)
		self.assertEqual(unbilled_days("2026-11-01", "2026-11-30", [("2026-10-01", "2026-12-31")]), [])
