# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, flt, getdate, today

from pm_module.front_desk.doctype.move_in.move_in import REQUIRED_DOCUMENTS
from pm_module.tests.utils import (
	TEST_ESTATE,
	PMTestCase,
	make_building,
	make_estate,
	make_fee,
	make_item,
	make_meter,
	make_occupancy,
	make_reading,
	make_resident,
	make_unit,
	position_user,
	render_print_format,
)


def set_settings(**values) -> None:
	for field, value in values.items():
		frappe.db.set_single_value("Property Management Settings", field, value)
	frappe.clear_document_cache("Property Management Settings", "Property Management Settings")


def move_in_doc(unit: str, estate: str = TEST_ESTATE, **kwargs):
	"""A move-in filled in as the clerk completes it: documents, card, readings, agreements."""
	buyer_type = kwargs.pop("buyer_type", "Owner")
	# water first, then electricity (as the technician reads them)
	meters = frappe.get_all("Meter", filters={"unit": unit}, pluck="name", order_by="meter_type desc")
	doc = frappe.get_doc(
		{
			"doctype": "Move In",
			"estate": estate,
			"unit": unit,
			"move_in_date": today(),
			"buyer_type": buyer_type,
			"resident_name": "入伙业主",
			"id_type": "Resident Identity Card",
			"id_number": "11010519491231002X",
			"bank_name": "招商银行",
			"bank_account_no": "6225880100001234",
			"documents": [
				{"document": d, "checked": 1, "attachment": f"/private/files/{i}.pdf"}
				for i, d in enumerate(REQUIRED_DOCUMENTS[buyer_type])
			],
			"inspection_signed": 1,
			"inspection_sheet": "/private/files/inspection.pdf",
			"meter_readings": [{"meter": m, "reading": 10 + i} for i, m in enumerate(meters)],
			"defects": [{"location": "主卧", "description": "窗框渗水"}],
			"agreements": [
				{"agreement": "Bank Direct Debit Authorisation", "signed": 1},
				{"agreement": "Utility Accounts", "signed": 1},
				{"agreement": "Parking Lease", "not_applicable": 1},
				{"agreement": "Decoration Agreement", "signed": 1},
			],
			**kwargs,
		}
	)
	return doc


class TestMoveIn(PMTestCase):
	def setUp(self):
		make_estate()
		self.unit = make_unit("1801", area=100)
		self.water = make_meter(self.unit, "Water").name
		self.power = make_meter(self.unit, "Electricity").name
		make_fee("PM Property Fee", 2.5)
		set_settings(
			move_in_advance_months=3,
			utility_deposit=500,
			utility_deposit_item=make_item("PM Utility Deposit", "Nos"),
			# the working day the service desk counts its reply deadline in
			work_start_time="08:30:00",
			work_end_time="17:30:00",
		)

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("Property Management Settings", "Property Management Settings")

	def test_move_in_registers_owner_readings_and_posts_fees(self):
		frappe.set_user(position_user("Front Desk"))
		doc = move_in_doc(self.unit).insert()
		self.assertEqual((doc.property_fee_amount, doc.utility_deposit, doc.total_amount), (750, 500, 1250))
		self.assertEqual(len(doc.handover_items), 5)  # the default list of the form
		doc.submit()
		frappe.set_user("Administrator")
		doc.reload()

		# the card became a Resident, an ERPNext Customer and the owner's occupancy
		resident = frappe.get_doc("Resident", doc.resident)
		self.assertEqual((resident.resident_name, resident.bank_account_no), ("入伙业主", "6225880100001234"))
		self.assertTrue(frappe.db.exists("Customer", resident.customer))
		from pm_module.estate.register import get_owner

		self.assertEqual(get_owner(self.unit), doc.resident)
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Occupied")

		# the base readings are the first submitted readings of each meter
		for row in doc.meter_readings:
			reading = frappe.get_doc("Meter Reading", row.meter_reading)
			self.assertEqual(
				(reading.docstatus, reading.reading_type, reading.reading), (1, "Base Reading", row.reading)
			)
		self.assertEqual(frappe.db.get_value("Meter", self.water, "last_reading"), 10)

		# 3 months × 100 m² × 2.5 + the deposit, one submitted invoice with a balanced ledger
		si = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		self.assertEqual(
			(si.docstatus, si.customer, si.pm_unit, si.grand_total), (1, resident.customer, self.unit, 1250)
		)
		self.assertEqual([(i.item_code, i.qty, i.rate) for i in si.items][-1], ("PM Utility Deposit", 1, 500))
		self.assertEqual(sum(1 for i in si.items if i.item_code == "PM Property Fee"), 3)
		gl = frappe.get_all(
			"GL Entry", filters={"voucher_no": si.name, "is_cancelled": 0}, fields=["debit", "credit"]
		)
		self.assertEqual(flt(sum(g.debit for g in gl), 2), 1250)
		self.assertEqual(flt(sum(g.credit for g in gl), 2), 1250)

		# the defect became a warranty work order (or stays a tracked row until the service desk lands)
		(defect,) = doc.defects
		if frappe.db.exists("DocType", "Service Order"):
			order = frappe.get_doc("Service Order", defect.service_order)
			self.assertEqual(
				(order.unit, order.requester, order.reference_name), (self.unit, doc.resident, doc.name)
			)
		else:
			self.assertFalse(defect.service_order)
		self.assertEqual(doc.status, "Defects Open")

	def test_billing_runs_skip_the_months_paid_at_move_in(self):
		from pm_module.billing.charges import SkipUnit, prepaid_until
		from pm_module.billing.doctype.billing_run.test_billing_run import charges

		doc = move_in_doc(self.unit, move_in_date="2026-11-23").insert()
		doc.submit()
		# 3 months from 23 Nov are paid up to 22 Feb: December and January are not billed again
		for month in ("2026-12-01", "2027-01-01"):
			with self.assertRaises(SkipUnit):
				charges(self.unit, month)
		# February is billed from the 23rd: 6 of its 28 days
		(lines,) = charges(self.unit, "2027-02-01").values()
		self.assertEqual(
			[(item, qty) for item, qty, *_ in lines], [("PM Property Fee", flt(100 * 6 / 28, 3))]
		)
		# cancelling the move-in (and with it its invoice) leaves nothing paid in advance
		self.assertEqual(prepaid_until(self.unit, "2026-12-01"), getdate("2027-02-22"))
		doc.reload()
		doc.cancel()
		self.assertIsNone(prepaid_until(self.unit, "2026-12-01"))

	def test_occupied_unit_refused(self):
		frappe.db.set_value("Unit", self.unit, "status", "Occupied")
		self.assertRaisesRegex(frappe.ValidationError, "already occupied", move_in_doc(self.unit).insert)

	def test_unit_of_another_estate_refused(self):
		other = make_estate("_Test Estate Two", "TT")
		unit = make_unit("0101", building=make_building("B", estate=other), area=50)
		self.assertRaisesRegex(frappe.ValidationError, "belongs to estate", move_in_doc(unit).insert)

	def test_unit_with_another_owner_needs_a_transfer(self):
		make_occupancy(self.unit, make_resident("原业主").name, "Owner", "2020-01-01")
		self.assertRaisesRegex(frappe.ValidationError, "Ownership Transfer", move_in_doc(self.unit).insert)

	def test_unit_in_custody_refused(self):
		owner = make_resident("托管业主").name
		make_occupancy(self.unit, owner, "Owner", "2020-01-01")
		frappe.get_doc(
			{
				"doctype": "Custody Agreement",
				"estate": TEST_ESTATE,
				"unit": self.unit,
				"start_date": today(),
				"agreement_file": "/private/files/custody.pdf",
				"meter_readings": [{"meter": self.water, "reading": 1}, {"meter": self.power, "reading": 1}],
			}
		).insert().submit()
		self.assertRaisesRegex(
			frappe.ValidationError, "in custody", move_in_doc(self.unit, resident=owner).insert
		)

	def test_steps_are_checked_before_submit(self):
		doc = move_in_doc(self.unit, buyer_type="Agent with Power of Attorney", agent_name="代理人")
		doc.documents[3].checked = 0  # the power of attorney
		doc.insert()
		self.assertRaisesRegex(frappe.ValidationError, "Power of Attorney", doc.submit)
		doc.reload()
		doc.documents[3].checked = 1
		doc.meter_readings = doc.meter_readings[:1]
		doc.save()
		self.assertRaisesRegex(frappe.ValidationError, self.power, doc.submit)
		doc.reload()
		doc.append("meter_readings", {"meter": self.power, "reading": 3})
		doc.agreements[0].signed = 0
		doc.save()
		self.assertRaisesRegex(frappe.ValidationError, "Agreements", doc.submit)
		doc.reload()
		doc.agreements[0].signed = 1
		doc.inspection_signed = 0
		doc.save()
		self.assertRaisesRegex(frappe.ValidationError, "inspection", doc.submit)
		doc.reload()
		doc.inspection_signed = 1
		doc.save()
		doc.submit()
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Occupied")
		# a second move-in for the now occupied unit
		self.assertRaisesRegex(frappe.ValidationError, "already occupied", move_in_doc(self.unit).insert)

	def test_keys_after_fees_against_signature(self):
		doc = move_in_doc(self.unit).insert()
		doc.handover_items[0].handed_over = 1
		self.assertRaisesRegex(frappe.ValidationError, "submit the move-in first", doc.save)
		doc.reload()
		doc.submit()
		for row in doc.handover_items:
			row.handed_over = 1
		self.assertRaisesRegex(frappe.ValidationError, "signature", doc.save)
		doc.reload()
		for row in doc.handover_items:
			row.handed_over = 1
		doc.handover_signed = 1
		doc.defects[0].status = "Accepted"
		doc.defects[0].reinspected_on = today()
		doc.save()
		self.assertEqual((doc.status, str(doc.handed_over_on)), ("Completed", today()))

	def test_meter_already_read_continues_its_chain(self):
		make_reading(self.water, 5, add_days(today(), -30), reading_type="Base Reading")
		doc = move_in_doc(self.unit).insert()
		doc.submit()
		(row,) = [r for r in doc.meter_readings if r.meter == self.water]
		reading = frappe.get_doc("Meter Reading", row.meter_reading)
		self.assertEqual(
			(reading.meter, reading.reading_type, reading.consumption), (self.water, "Normal", 5)
		)

	def test_no_deposit_where_meters_are_read_per_household(self):
		doc = move_in_doc(self.unit, collect_utility_deposit=0).insert()
		doc.submit()
		self.assertEqual(frappe.db.get_value("Sales Invoice", doc.sales_invoice, "grand_total"), 750)

	def test_cancel_undoes_the_move_in(self):
		doc = move_in_doc(self.unit).insert()
		doc.submit()
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", doc.sales_invoice, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Unit", self.unit, "status"), "Vacant")
		self.assertFalse(frappe.db.exists("Occupancy", {"unit": self.unit}))
		self.assertFalse(frappe.db.exists("Meter Reading", {"meter": self.water, "docstatus": 1}))

	def test_print_format(self):
		doc = move_in_doc(self.unit).insert()
		html = render_print_format("Move-in Handover Form", doc)
		self.assertIn("入伙手续", html)
		self.assertIn("窗框渗水", html)
		self.assertIn("1801", html)
