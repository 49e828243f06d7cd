# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt


import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, today

from pm_module.front_desk.doctype.renovation_application.renovation_accounts import DEPOSIT_ACCOUNT
from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
	APPROVE,
	REJECT,
	SUBMIT_FOR_REVIEW,
	sync_renovation_workflow,
)
from pm_module.tests.utils import (
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

FRONT_DESK = position_user("Front Desk")
CS_SUPERVISOR = position_user("Customer Service Supervisor")


def make_owned_unit(number: str = "0801", owner_name: str = "业主甲") -> tuple[str, str]:
	"""A unit of the test estate with an owner since last year: (unit, owner)."""
	unit = make_unit(number)
	frappe.db.set_value("Unit", unit, "status", "Occupied")
	owner = make_resident(owner_name).name
	make_occupancy(unit, owner, "Owner", start_date=add_days(today(), -365))
	return unit, owner


def make_application(unit: str, applicant: str, insert: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Renovation Application",
			"estate": make_estate(),
			"unit": unit,
			"applicant": applicant,
			"id_checked": 1,
			"ownership_checked": 1,
			"agreement_signed": 1,
			"contractor_name": "好家装饰工程有限公司",
			"contractor_contact": "李工",
			"contractor_phone": "13800000001",
			"planned_start": today(),
			"planned_end": add_days(today(), 60),
			"scope_of_work": "厨房、卫生间翻新，铺设木地板",
			"garbage_fee": 300,
			"deposit_amount": 2000,
			**kwargs,
		}
	)
	return doc.insert() if insert else doc


def approve(doc, user: str = CS_SUPERVISOR):
	"""Front desk sends it for review, the supervisor approves it, as in the form."""
	frappe.set_user(FRONT_DESK)
	doc = apply_workflow(doc, SUBMIT_FOR_REVIEW)
	frappe.set_user(user)
	doc = apply_workflow(doc, APPROVE)
	frappe.set_user("Administrator")
	return frappe.get_doc("Renovation Application", doc.name)


def make_approved_application(number: str = "0801", **kwargs):
	unit, owner = make_owned_unit(number)
	frappe.set_user(FRONT_DESK)
	doc = make_application(unit, owner, **kwargs)
	return approve(doc)


def gl_balance(voucher_no: str) -> dict[str, float]:
	"""Debit minus credit per account of a voucher's GL entries."""
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": voucher_no, "is_cancelled": 0},
		fields=["account", "sum(debit) - sum(credit) as balance"],
		group_by="account",
	)
	return {r.account: r.balance for r in rows}


class TestRenovationApplication(PMTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		sync_renovation_workflow()
		frappe.db.commit()

	def test_front_desk_cannot_approve_and_supervisor_can(self):
		unit, owner = make_owned_unit()
		frappe.set_user(FRONT_DESK)
		doc = make_application(unit, owner)
		doc = apply_workflow(doc, SUBMIT_FOR_REVIEW)
		self.assertEqual(doc.status, "Submitted for Review")
		# the form offers no Approve to the front desk, and the API refuses it
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(doc, APPROVE)
		doc = frappe.get_doc("Renovation Application", doc.name)
		with self.assertRaises(frappe.PermissionError):
			doc.submit()
		self.assertEqual(frappe.db.get_value("Renovation Application", doc.name, "docstatus"), 0)

		frappe.set_user(CS_SUPERVISOR)
		doc = apply_workflow(frappe.get_doc("Renovation Application", doc.name), APPROVE)
		doc.reload()
		self.assertEqual((doc.docstatus, doc.status, doc.workflow_state), (1, "Approved", "Approved"))
		self.assertTrue(doc.permit_number.startswith("RP-"))
		self.assertEqual(doc.approved_by, CS_SUPERVISOR)

	def test_approval_invoices_fee_and_deposit(self):
		doc = make_approved_application()
		si = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		self.assertEqual(si.docstatus, 1)
		self.assertEqual(si.customer, frappe.db.get_value("Resident", doc.unit_owner, "customer"))
		self.assertEqual(si.grand_total, 2300)
		self.assertEqual((si.pm_unit, si.pm_estate), (doc.unit, doc.estate))
		deposit_account = frappe.db.get_value(
			"Account",
			{"account_name": DEPOSIT_ACCOUNT, "company": si.company},
			["name", "root_type"],
			as_dict=True,
		)
		self.assertEqual(deposit_account.root_type, "Liability")
		gl = gl_balance(si.name)
		self.assertEqual(gl[si.debit_to], 2300)
		self.assertEqual(gl[deposit_account.name], -2000)
		income = [a for a in gl if frappe.db.get_value("Account", a, "root_type") == "Income"]
		self.assertEqual([gl[a] for a in income], [-300])
		self.assertEqual(doc.deposit_status, "Held")

	def test_approval_notifies_maintenance_and_security_and_unit_renovates(self):
		doc = make_approved_application()
		notified = frappe.get_all(
			"Notification Log",
			filters={"document_type": "Renovation Application", "document_name": doc.name},
			pluck="for_user",
		)
		self.assertIn(position_user("Maintenance Supervisor"), notified)
		self.assertIn(position_user("Security Guard"), notified)
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Renovating")
		self.assertEqual(doc.unit_status_before, "Occupied")

	def test_unit_renovates_from_the_permits_first_day_to_its_last(self):
		from pm_module.front_desk.doctype.renovation_application.renovation_application import (
			sync_renovating_units,
		)

		doc = make_approved_application(planned_start=add_days(today(), 3))
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Occupied")
		frappe.db.set_value("Renovation Application", doc.name, "permit_valid_from", today())
		sync_renovating_units()
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Renovating")
		sync_renovating_units()  # nothing changes while the permit runs
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Renovating")
		frappe.db.set_value(
			"Renovation Application",
			doc.name,
			{"permit_valid_from": add_days(today(), -60), "permit_valid_to": add_days(today(), -1)},
		)
		sync_renovating_units()
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Occupied")

	def test_daily_status_sync_in_batches(self):
		from pm_module.front_desk.doctype.renovation_application import renovation_application as module

		apps = [
			make_approved_application(number, planned_start=add_days(today(), 3))
			for number in ("0801", "0802", "0803", "0804", "0805")
		]
		for app in apps:
			frappe.db.set_value("Renovation Application", app.name, "permit_valid_from", today())
		names = [a.name for a in apps]
		assert_batched_once(self, module.sync_renovating_units, names, names[1], module, "start_renovation")
		self.assertEqual({frappe.db.get_value("Unit", a.unit, "status") for a in apps}, {"Renovating"})

	def test_structural_changes_need_government_approval_before_approval(self):
		unit, owner = make_owned_unit()
		frappe.set_user(FRONT_DESK)
		doc = make_application(unit, owner, structural_changes=1)
		doc = apply_workflow(doc, SUBMIT_FOR_REVIEW)
		frappe.set_user(CS_SUPERVISOR)
		with self.assertRaisesRegex(frappe.ValidationError, "government approval"):
			apply_workflow(doc, APPROVE)
		self.assertEqual(frappe.db.get_value("Renovation Application", doc.name, "docstatus"), 0)
		doc = frappe.get_doc("Renovation Application", doc.name)
		doc.government_approval = "/files/gov-approval.pdf"
		doc.save()
		doc = apply_workflow(doc, APPROVE)
		self.assertEqual(doc.docstatus, 1)

	def test_rejection_issues_no_permit_and_no_invoice(self):
		unit, owner = make_owned_unit()
		frappe.set_user(FRONT_DESK)
		doc = apply_workflow(make_application(unit, owner), SUBMIT_FOR_REVIEW)
		frappe.set_user(CS_SUPERVISOR)
		doc = apply_workflow(doc, REJECT)
		doc.reload()
		self.assertEqual((doc.docstatus, doc.status), (1, "Rejected"))
		self.assertFalse(doc.permit_number or doc.sales_invoice)
		self.assertEqual(frappe.db.get_value("Unit", unit, "status"), "Occupied")

	def test_applicant_must_be_owner_or_agent_with_power_of_attorney(self):
		unit, _owner = make_owned_unit()
		stranger = make_resident("路人乙").name
		with self.assertRaisesRegex(frappe.ValidationError, "power of attorney"):
			make_application(unit, stranger)
		with self.assertRaisesRegex(frappe.ValidationError, "power of attorney"):
			make_application(unit, stranger, acting_as_agent=1)
		doc = make_application(unit, stranger, acting_as_agent=1, power_of_attorney="/files/poa.pdf")
		self.assertEqual(doc.unit_owner, _owner)

	def test_former_owner_is_not_the_owner(self):
		unit = make_unit("0802")
		former, current = make_resident("前业主").name, make_resident("现业主").name
		make_occupancy(
			unit, former, "Owner", start_date=add_days(today(), -700), end_date=add_days(today(), -30)
		)
		make_occupancy(unit, current, "Owner", start_date=add_days(today(), -29))
		with self.assertRaisesRegex(frappe.ValidationError, "not the owner"):
			make_application(unit, former)
		self.assertEqual(make_application(unit, current).unit_owner, current)

	def test_unit_of_another_estate_is_refused(self):
		other_estate = make_estate("_Test Estate Renovation", "TRN")
		unit = make_unit("0101", building=make_building("R", estate=other_estate))
		owner = make_resident("外区业主").name
		make_occupancy(unit, owner)
		with self.assertRaisesRegex(frappe.ValidationError, "belongs to estate"):
			make_application(unit, owner)  # the test estate, not the unit's

	def test_worker_passes_within_the_permit_period(self):
		unit, owner = make_owned_unit()
		with self.assertRaisesRegex(frappe.ValidationError, "outside the permit period"):
			make_application(
				unit,
				owner,
				worker_passes=[
					{
						"worker_name": "王师傅",
						"id_number": "420106199001011234",
						"valid_from": today(),
						"valid_to": add_days(today(), 90),
					}
				],
			)
		frappe.set_user(FRONT_DESK)
		doc = make_application(
			unit,
			owner,
			worker_passes=[
				{
					"worker_name": "王师傅",
					"id_number": "420106199001011234",
					"valid_from": today(),
					"valid_to": add_days(today(), 30),
				}
			],
		)
		doc = approve(doc)
		self.assertEqual(doc.worker_passes[0].pass_number, f"{doc.permit_number}-01")

		# the desk issues more passes while the permit runs, never beyond it
		frappe.set_user(FRONT_DESK)
		doc.append(
			"worker_passes",
			{
				"worker_name": "赵师傅",
				"id_number": "420106199202022345",
				"valid_from": today(),
				"valid_to": add_days(today(), 61),
			},
		)
		with self.assertRaisesRegex(frappe.ValidationError, "outside the permit period"):
			doc.save()
		doc.reload()
		doc.append(
			"worker_passes",
			{
				"worker_name": "赵师傅",
				"id_number": "420106199202022345",
				"valid_from": today(),
				"valid_to": add_days(today(), 60),
			},
		)
		doc.save()
		self.assertEqual(doc.worker_passes[1].pass_number, f"{doc.permit_number}-02")

	def test_identity_checks_complete_before_approval(self):
		unit, owner = make_owned_unit()
		frappe.set_user(FRONT_DESK)
		doc = apply_workflow(make_application(unit, owner, agreement_signed=0), SUBMIT_FOR_REVIEW)
		frappe.set_user(CS_SUPERVISOR)
		with self.assertRaisesRegex(frappe.ValidationError, "identity checks"):
			apply_workflow(doc, APPROVE)

	def test_cancelling_cancels_the_invoice_and_ends_the_renovation(self):
		doc = make_approved_application()
		frappe.set_user(CS_SUPERVISOR)
		doc.cancel()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Sales Invoice", doc.sales_invoice, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Unit", doc.unit, "status"), "Occupied")
		self.assertEqual(frappe.db.get_value("Renovation Application", doc.name, "status"), "Cancelled")

	def test_permit_prints_in_chinese(self):
		doc = make_approved_application(
			worker_passes=[
				{
					"worker_name": "王师傅",
					"id_number": "420106199001011234",
					"valid_from": today(),
					"valid_to": add_days(today(), 30),
				}
			]
		)
		permit, passes = (
			render_print_format(name, doc) for name in ("Renovation Permit", "Renovation Worker Pass")
		)
		self.assertIn("装修许可证", permit)
		self.assertIn(doc.permit_number, permit)
		self.assertIn("施工人员出入证", passes)
		self.assertIn("王师傅", passes)

	def test_demo(self):
		from pm_module.front_desk.doctype.renovation_application.renovation_demo import make_demo

		for number in ("0901", "0902", "0903"):
			make_owned_unit(number, f"业主{number}")
		names = make_demo(make_estate())
		self.assertEqual(
			[frappe.db.get_value("Renovation Application", n, "status") for n in names],
			["Submitted for Review", "Approved", "Completed"],
		)
		self.assertEqual(make_demo(make_estate()), [])  # once
