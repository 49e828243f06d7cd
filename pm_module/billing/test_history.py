"""The fee history written as an import (history.py): its copies are the rows ERPNext writes."""

import frappe
from frappe.utils import add_months, flt, get_first_day, getdate, today

from pm_module.billing.charges import fees_for_unit, fixed_lines, get_fee_items, period_end
from pm_module.billing.counter import (
	CASH,
	get_account,
	mode_account,
	prepaid_balance,
	setup_counter,
	take_payment,
)
from pm_module.billing.history import Bill, amounts_of, build_history, history_mode, history_payers, make_real
from pm_module.tests.utils import (
	TEST_COMPANY,
	PMTestCase,
	make_building,
	make_estate,
	make_fee,
	make_occupancy,
	make_resident,
	make_unit,
)

ESTATE = "_Test History Estate"
# what differs between two invoices of one bill besides their names: when they were written
WHEN = {"name", "creation", "modified", "posting_time", "to_rename"}
# a payment's balances are a snapshot of the books at the time
SNAPSHOTS = {"party_balance", "paid_from_account_balance", "paid_to_account_balance"}


def rows_of(invoice: str) -> dict[str, list[dict]]:
	"""Every row ERPNext keeps of an invoice and the payments of it, with its names made neutral."""
	payments = frappe.get_all(
		"Payment Entry Reference", {"reference_name": invoice, "docstatus": 1}, pluck="parent"
	)
	names = {invoice: "<invoice>", **{p: "<payment>" for p in payments}}
	rows = {
		"Sales Invoice": frappe.db.sql(
			"select * from `tabSales Invoice` where name = %s", invoice, as_dict=1
		),
		"Sales Invoice Item": frappe.db.sql(
			"select * from `tabSales Invoice Item` where parent = %s order by idx", invoice, as_dict=1
		),
		"Payment Schedule": frappe.db.sql(
			"select * from `tabPayment Schedule` where parent = %s", invoice, as_dict=1
		),
		"Payment Entry": frappe.db.sql(
			"select * from `tabPayment Entry` where name in %s", [payments or [""]], as_dict=1
		),
		"Payment Entry Reference": frappe.db.sql(
			"select * from `tabPayment Entry Reference` where parent in %s", [payments or [""]], as_dict=1
		),
		"GL Entry": frappe.db.sql(
			"select * from `tabGL Entry` where voucher_no in %s order by voucher_type, account",
			[[invoice, *payments]],
			as_dict=1,
		),
		"Payment Ledger Entry": frappe.db.sql(
			"select * from `tabPayment Ledger Entry` where voucher_no in %s order by voucher_type",
			[[invoice, *payments]],
			as_dict=1,
		),
	}

	def neutral(value):
		if isinstance(value, str):
			for name, placeholder in names.items():
				value = value.replace(name, placeholder)
		return value

	return {
		table: [
			{k: neutral(v) for k, v in row.items() if k not in WHEN | SNAPSHOTS and not k.startswith("_")}
			for row in table_rows
		]
		for table, table_rows in rows.items()
	}


class TestHistory(PMTestCase):
	"""Four units of an owner each: two months of history, every second unit's unpaid. Per month the
	first paid and the first unpaid unit are billed by ERPNext, the other two are copies."""

	def setUp(self):
		make_estate(ESTATE, "TH")
		setup_counter(TEST_COMPANY)
		building = make_building("H", estate=ESTATE)
		make_fee("PM History Property Fee", 2.5, estate=ESTATE)
		make_fee("PM History Waste Fee", 10, "Fixed", estate=ESTATE)
		self.units = []
		for i, area in enumerate((88.31, 101.17, 64.5, 120.03)):
			unit = make_unit(f"10{i + 1}", building=building, area=area, status="Occupied")
			resident = make_resident(f"历史业主{i + 1}")
			make_occupancy(unit, resident.name, "Owner", "2020-01-01")
			resident.ensure_customer()
			self.units.append(unit)
		self.months = [getdate(add_months(get_first_day(today()), m)) for m in (-2, -1)]

	def build(self) -> dict:
		return build_history(ESTATE, months=2, unpaid_every=2, commit=False)

	def invoice(self, unit: str, month) -> str:
		return frappe.db.get_value("Sales Invoice", {"pm_unit": unit, "from_date": month, "docstatus": 1})

	def test_copies_are_what_erpnext_writes(self):
		self.assertEqual(self.build()["copied"], 4)
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_estate": ESTATE, "docstatus": 1}), 8)
		for unit in self.units[2:]:  # the copies (the first two of each month were made by ERPNext)
			copy = self.invoice(unit, self.months[1])
			copied = rows_of(copy)
			# the same bill made by ERPNext itself, in place of the copy
			bill = self.bill(unit, self.months[1])
			self.delete(copy)
			cost_center = frappe.get_cached_value("Company", TEST_COMPANY, "cost_center")
			real, _payment = make_real(bill, TEST_COMPANY, cost_center, history_mode(TEST_COMPANY))
			made = rows_of(real)
			for table in made:
				self.assertEqual(len(copied[table]), len(made[table]), f"{unit}: {table}")
				for copy_row, made_row in zip(copied[table], made[table], strict=True):
					differ = {k: (v, made_row.get(k)) for k, v in copy_row.items() if v != made_row.get(k)}
					self.assertFalse(differ, f"{unit}: {table}")
			self.assertTrue(made["GL Entry"] and made["Payment Ledger Entry"] and made["Payment Schedule"])

	def test_counter_and_ledger_see_the_copies(self):
		from erpnext.accounts.utils import get_outstanding_invoices

		from pm_module.billing.report.fee_arrears.fee_arrears import execute

		self.build()
		paid, unpaid = self.units[2], self.units[3]  # copies both
		for month in self.months:
			self.assertEqual(
				frappe.db.get_value("Sales Invoice", self.invoice(paid, month), "status"), "Paid"
			)
		customer = frappe.db.get_value("Sales Invoice", self.invoice(unpaid, self.months[0]), "customer")
		owed = get_account(unpaid)
		receivable = flt(120.03 * 2.5 + 10, 2)
		self.assertEqual(
			[(i.name, i.outstanding_amount) for i in owed["invoices"]],
			[(self.invoice(unpaid, m), receivable) for m in self.months],
		)
		self.assertTrue(all(i.late_fee > 0 for i in owed["invoices"]))
		self.assertEqual(owed["payers"][0]["prepaid"], 0)
		debtors = frappe.db.get_value("Sales Invoice", self.invoice(unpaid, self.months[0]), "debit_to")
		ledger = get_outstanding_invoices("Customer", customer, [debtors])
		self.assertEqual(
			sorted((i.voucher_no, i.outstanding_amount) for i in ledger),
			sorted((self.invoice(unpaid, m), receivable) for m in self.months),
		)
		_columns, rows, *_rest = execute({"estate": ESTATE, "group_by": "Unit"})
		self.assertEqual({r["party"]: r["invoices"] for r in rows}, {self.units[1]: 2, unpaid: 2})

		# paid at the counter with the late fees, as any invoice
		fees = flt(sum(i.late_fee for i in owed["invoices"]), 2)
		result = take_payment(
			unpaid,
			customer,
			[{"mode_of_payment": "现金", "amount": flt(2 * receivable + fees, 2)}],
			[{"name": i.name, "outstanding": i.outstanding_amount} for i in owed["invoices"]],
		)
		self.assertEqual(result["late_fee"], fees)
		self.assertEqual(result["advance"], 0)
		self.assertFalse(get_account(unpaid)["invoices"])
		for month in self.months:
			self.assertEqual(
				frappe.db.get_value("Sales Invoice", self.invoice(unpaid, month), "status"), "Paid"
			)
		self.assertEqual(prepaid_balance(customer), 0)
		self.assertFalse(get_outstanding_invoices("Customer", customer, [debtors]))
		cash = mode_account("现金", TEST_COMPANY)
		self.assertEqual(
			frappe.db.get_value(
				"GL Entry", {"voucher_no": result["payment_entry"], "account": cash}, "debit"
			),
			flt(2 * receivable + fees, 2),
		)

	def test_twice_makes_nothing_twice(self):
		self.build()
		again = self.build()
		self.assertEqual((again["copied"], again["made_by_erpnext"], again["already_billed"]), (0, 0, 8))
		self.assertEqual(frappe.db.count("Sales Invoice", {"pm_estate": ESTATE, "docstatus": 1}), 8)

	def bill(self, unit: str, month) -> Bill:
		row = frappe.db.get_value(
			"Unit",
			unit,
			["name", "estate", "building", "unit_type", "gross_area", "status", "billing_cycle"],
			as_dict=1,
		)
		payer = history_payers([row], self.months[0], period_end(self.months[-1], "Monthly"), TEST_COMPANY)[
			unit
		]
		end = period_end(month, "Monthly")
		fees = fees_for_unit(get_fee_items(ESTATE), row)
		bill = Bill(
			row, payer.resident, payer, fixed_lines(row, fees, "Monthly", month, end, month, end), True, month
		)
		bill.paid = self.units.index(unit) % 2 == 0
		bill.roles = amounts_of(bill, frappe.get_cached_value("Company", TEST_COMPANY, "default_currency"))
		return bill

	def delete(self, invoice: str) -> None:
		"""Take an invoice and its payments out of the books (a test's own transaction only)."""
		payments = frappe.get_all("Payment Entry Reference", {"reference_name": invoice}, pluck="parent")
		for name in [invoice, *payments]:
			for table, key in (
				("GL Entry", "voucher_no"),
				("Payment Ledger Entry", "voucher_no"),
				("Sales Invoice Item", "parent"),
				("Payment Schedule", "parent"),
				("Payment Entry Reference", "parent"),
				("Sales Invoice", "name"),
				("Payment Entry", "name"),
			):
				frappe.db.delete(table, {key: name})
