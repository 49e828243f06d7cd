# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""A billing run bills every unit of an estate on one billing cycle for one period.

Procedure: the accountant creates the run (estate, cycle, first day of the period, posting and due
dates) and starts it. Background jobs take the units in batches; for each unit they compute the
charges, create and submit one Sales Invoice per payer, and record a Billing Run Result (invoiced,
already billed, skipped with the reason, or failed with the error; with warnings, e.g. the meters
without a new reading, whose consumption a later run bills). Every unit is committed on its
own, so a crash or a killed worker loses nothing: resuming processes only the units without a
result, and a unit already invoiced for the period is never invoiced again.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce, Count
from frappe.utils import cint, create_batch, flt, getdate, now_datetime
from pypika.functions import NullIf

from pm_module.billing.benchmark import record_peak_memory
from pm_module.billing.charges import (
	SkipUnit,
	compute_unit_charges,
	default_due_date,
	get_fee_items,
	period_end,
	unit_cycle,
)
from pm_module.billing.doctype.unit_charge.unit_charge import mark_billed
from pm_module.billing.invoice_key import run_invoice_name
from pm_module.billing.invoicing import find_invoice, make_invoice, sales_recount_warning
from pm_module.estate.doctype.resident.resident import customer_of
from pm_module.permissions import check_action

BATCH_SIZE = 200
UNIT_FIELDS = ["name", "estate", "building", "unit_type", "gross_area", "status", "billing_cycle"]
DONE = ("Invoiced", "Already Billed", "Skipped")


class BillingRun(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		billing_cycle: DF.Literal["Monthly", "Quarterly", "Half-yearly"]
		company: DF.Link | None
		due_date: DF.Date | None
		estate: DF.Link
		failed_units: DF.Int
		finished_on: DF.Datetime | None
		from_date: DF.Date
		invoice_count: DF.Int
		invoiced_amount: DF.Currency
		posting_date: DF.Date
		processed_units: DF.Int
		skipped_units: DF.Int
		started_on: DF.Datetime | None
		status: DF.Literal["Draft", "Queued", "Running", "Completed", "Completed with Errors"]
		to_date: DF.Date | None
		total_units: DF.Int
	# end: auto-generated types

	def validate(self):
		self.to_date = period_end(self.from_date, self.billing_cycle)
		self.due_date = self.due_date or max(
			getdate(default_due_date(self.from_date, self.billing_cycle)), getdate(self.posting_date)
		)
		if getdate(self.due_date) < getdate(self.posting_date):
			frappe.throw(_("The due date cannot be before the posting date"))
		self.validate_period_not_billed()
		self.validate_accounting_period()

	def validate_period_not_billed(self):
		other = frappe.db.get_value(
			"Billing Run",
			{
				"estate": self.estate,
				"billing_cycle": self.billing_cycle,
				"from_date": self.from_date,
				"name": ("!=", self.name),
			},
		)
		if other:
			frappe.throw(
				_(
					"{0} {1} ~ {2} is already billed by {3}. Open it and run it again to bill what it missed."
				).format(self.estate, self.from_date, self.to_date, frappe.bold(other)),
				frappe.DuplicateEntryError,
				title=_("Period Already Billed"),
			)

	def validate_accounting_period(self):
		from erpnext.accounts.doctype.accounting_period.accounting_period import (
			validate_accounting_period_on_doc_save,
		)

		validate_accounting_period_on_doc_save(
			frappe._dict(doctype="Sales Invoice", company=self.company, posting_date=self.posting_date)
		)

	def on_trash(self):
		if frappe.db.exists("Billing Run Result", {"billing_run": self.name}):
			frappe.throw(
				_("A billing run that has billed units cannot be deleted; cancel its invoices instead")
			)

	# The procedure -------------------------------------------------------------------------------

	@frappe.whitelist()
	def start(self) -> None:
		"""Bill every unit without a result yet; failed units are tried again."""
		self.check_permission("write")
		check_action("Run Billing")
		if not frappe.has_permission("Sales Invoice", "submit"):
			frappe.throw(_("Billing needs the right to submit Sales Invoices"), frappe.PermissionError)
		if self.status in ("Queued", "Running") and not self.is_stalled():
			frappe.throw(_("This billing run is already in progress"))
		frappe.db.delete("Billing Run Result", {"billing_run": self.name, "status": "Failed"})
		units = self.units_to_bill()
		self.db_set(
			{
				"status": "Queued",
				"total_units": self.count_units(),
				"started_on": now_datetime(),
				"finished_on": None,
			}
		)
		for batch in create_batch(units, BATCH_SIZE):
			frappe.enqueue(
				bill_units,
				queue="long",
				timeout=3600,
				billing_run=self.name,
				units=batch,
				enqueue_after_commit=True,
				# tests, and the demo builder, bill in this process
				now=frappe.flags.in_test or self.flags.run_now,
			)
		if not units:
			self.update_counts()
		elif warning := sales_recount_warning():
			frappe.msgprint(warning, title=_("Billing will be slow"), indicator="orange")

	@frappe.whitelist()
	def rerun(self) -> None:
		"""Run the period again: units whose invoice was cancelled are billed anew, nothing twice."""
		self.check_permission("write")
		check_action("Run Billing")
		frappe.db.delete("Billing Run Result", {"billing_run": self.name})
		self.start()

	def units_query(self):
		unit, estate = frappe.qb.DocType("Unit"), frappe.qb.DocType("Estate")
		cycle = Coalesce(NullIf(unit.billing_cycle, ""), estate.billing_cycle)
		return (
			frappe.qb.from_(unit)
			.join(estate)
			.on(estate.name == unit.estate)
			.where(unit.estate == self.estate)
			.where(cycle == self.billing_cycle)
		)

	def count_units(self) -> int:
		return self.units_query().select(Count("*")).run()[0][0]

	def units_to_bill(self) -> list[str]:
		"""Names of the run's units that have no result yet (names only: batches load the rest)."""
		unit, result = frappe.qb.DocType("Unit"), frappe.qb.DocType("Billing Run Result")
		done = (
			frappe.qb.from_(result)
			.select(result.unit)
			.where(result.billing_run == self.name)
			.where(result.status.isin(DONE))
		)
		return (
			self.units_query()
			.select(unit.name)
			.where(unit.name.notin(done))
			.orderby(unit.name)
			.run(pluck=True)
		)

	def is_stalled(self) -> bool:
		"""Queued or running, but no job of this run is left in the queue (a worker died)."""
		from frappe.utils.background_jobs import get_jobs

		queued = get_jobs(site=frappe.local.site, queue="long", key="kwargs").get(frappe.local.site, [])
		return not any((job or {}).get("billing_run") == self.name for job in queued)

	def update_counts(self) -> None:
		"""Recount the results under a lock on the run, so the last batch to finish sees them all."""
		frappe.db.sql("select name from `tabBilling Run` where name=%s for update", self.name)
		counts = dict(
			frappe.db.sql(
				"select status, count(*) from `tabBilling Run Result` where billing_run=%s group by status",
				self.name,
			)
		)
		amount = frappe.db.sql(
			"select coalesce(sum(amount), 0) from `tabBilling Run Result` where billing_run=%s and status='Invoiced'",
			self.name,
		)[0][0]
		processed = frappe.db.sql(
			"select count(distinct unit) from `tabBilling Run Result` where billing_run=%s", self.name
		)[0][0]
		total = cint(frappe.db.get_value("Billing Run", self.name, "total_units"))
		values = {
			"processed_units": processed,
			"invoice_count": counts.get("Invoiced", 0),
			"skipped_units": counts.get("Skipped", 0),
			"failed_units": counts.get("Failed", 0),
			"invoiced_amount": flt(amount),
			"status": "Running",
		}
		if processed >= total:
			values["status"] = "Completed with Errors" if values["failed_units"] else "Completed"
			values["finished_on"] = now_datetime()
		frappe.db.set_value("Billing Run", self.name, values, update_modified=False)
		frappe.publish_realtime(
			"billing_run_updated", {"name": self.name}, doctype="Billing Run", docname=self.name
		)


# Background jobs -------------------------------------------------------------------------------


def bill_units(billing_run: str, units: list[str]) -> None:
	"""One batch: bill each unit in its own transaction, then recount the run."""
	run = frappe.get_doc("Billing Run", billing_run)
	if run.status == "Queued":
		frappe.db.set_value("Billing Run", run.name, "status", "Running", update_modified=False)
	context = frappe._dict(
		fees=get_fee_items(run.estate),
		cost_center=frappe.db.get_value("Estate", run.estate, "cost_center"),
	)
	for i, unit in enumerate(units, start=1):
		bill_unit(run, unit, context)
		commit()
		if i % 10 == 0 or i == len(units):
			frappe.publish_progress(
				flt(
					frappe.db.count("Billing Run Result", {"billing_run": run.name})
					* 100
					/ (run.total_units or 1)
				),
				title=_("Billing {0}").format(run.estate),
				doctype="Billing Run",
				docname=run.name,
			)
	run.update_counts()
	commit()
	record_peak_memory(run.name)


def commit() -> None:
	# Tests run the jobs inline and roll back at the end; real jobs keep each unit's work
	if not frappe.flags.in_test:
		frappe.db.commit()


def bill_unit(run: "BillingRun", unit_name: str, context: dict) -> None:
	"""Invoice one unit's payers for the run's period and record what happened."""
	# Serialise workers on the unit: a resumed run and a late worker must not both invoice it. The
	# unit's transaction starts with that lock, so its first plain read (the check below) sees what
	# the other worker committed before letting go; a read earlier in the transaction would have fixed
	# an older snapshot (REPEATABLE READ), and a locking read of the missing result would take gap
	# locks that deadlock two workers inserting their results.
	commit()
	frappe.db.sql("select name from `tabUnit` where name=%s for update", unit_name)
	if frappe.db.sql(
		"select name from `tabBilling Run Result` where billing_run=%s and unit=%s and status in %s limit 1",
		(run.name, unit_name, DONE),
	):
		return
	unit = frappe.db.get_value("Unit", unit_name, UNIT_FIELDS, as_dict=True)
	frappe.db.savepoint("bill_unit")
	try:
		results = invoice_unit(run, unit, context)
	except SkipUnit as e:
		results = [{"status": "Skipped", "message": str(e)}]
	except Exception as e:
		undo_unit()
		results = [{"status": "Failed", "message": error_message(e)}]
	for result in results:
		frappe.get_doc(
			{
				"doctype": "Billing Run Result",
				"billing_run": run.name,
				"unit": unit.name,
				"building": unit.building,
				**result,
			}
		).db_insert()


def undo_unit() -> None:
	"""Drop the failed unit's half-done work and keep the batch going."""
	frappe.clear_messages()
	try:
		frappe.db.rollback(save_point="bill_unit")
	except Exception:
		# something committed mid-way (ERPNext does when it makes a contact): the savepoint is gone
		frappe.db.rollback()


def invoice_unit(run: "BillingRun", unit: dict, context: dict) -> list[dict]:
	if unit_cycle(unit) != run.billing_cycle:
		raise SkipUnit(_("The unit is billed {0}").format(_(unit_cycle(unit))))
	results = []
	warnings: list[str] = []
	for charges in compute_unit_charges(unit, run.from_date, run.billing_cycle, context.fees, warnings):
		customer = customer_of(charges.payer)
		existing = find_invoice(unit.name, customer, run.from_date)
		if existing:
			results.append(
				{
					"status": "Already Billed",
					"payer": charges.payer,
					"sales_invoice": existing,
					"message": _("Invoiced before this run"),
				}
			)
			continue
		si = make_invoice(
			charges,
			customer=customer,
			unit=unit,
			company=run.company,
			cost_center=context.cost_center,
			from_date=run.from_date,
			to_date=run.to_date,
			posting_date=run.posting_date,
			due_date=run.due_date,
			billing_run=run.name,
			# named after estate, period and unit: no series to lock, no number lost
			name=run_invoice_name(unit, customer, run.from_date),
		)
		mark_billed([line.unit_charge for line in charges.lines if line.unit_charge], si.name)
		results.append(
			{"status": "Invoiced", "payer": charges.payer, "sales_invoice": si.name, "amount": si.grand_total}
		)
	if not results:
		# e.g. only metered fees and no new reading: recorded, so the run completes
		raise SkipUnit("\n".join(warnings) or _("Nothing to bill for this period"))
	for result in results:
		# a meter without a new reading holds nothing back: the unit is billed, the result says so
		result["warnings"] = "\n".join(warnings) or None
	return results


def error_message(e: Exception) -> str:
	"""What went wrong, in the words the user would have seen (frappe.throw's message)."""
	from frappe.utils import strip_html

	return strip_html(str(e)) or e.__class__.__name__


# Payment notices ---------------------------------------------------------------------------------

NOTICE_FORMAT = "Payment Notice"


@frappe.whitelist()
def get_notice_invoices(billing_run: str, building: str | None = None) -> list[str]:
	"""The run's invoices (of one building, if given) in unit order, for the batch of notices."""
	frappe.get_doc("Billing Run", billing_run).check_permission("read")
	if not frappe.has_permission("Sales Invoice", "print"):
		frappe.throw(_("Not permitted to print Sales Invoices"), frappe.PermissionError)
	filters = {"billing_run": billing_run, "status": "Invoiced"}
	if building:
		filters["building"] = building
	return frappe.get_all("Billing Run Result", filters=filters, pluck="sales_invoice", order_by="unit")


@frappe.whitelist()
def download_payment_notices(billing_run: str, building: str | None = None) -> None:
	"""One PDF of payment notices (付款通知书) per building, to print and hand out."""
	from frappe.utils.print_format import download_multi_pdf

	names = get_notice_invoices(billing_run, building)
	if not names:
		frappe.throw(_("This billing run has no invoices to print"))
	download_multi_pdf({"Sales Invoice": names}, f"{billing_run}-{building or 'all'}", format=NOTICE_FORMAT)
