"""Scheduled jobs in batches: the scheduler finds the work, background jobs do it, a record at a time.

A daily job that works through every overdue record itself outlives its queue's timeout on a large
site, and one record that fails would stop the rest. So each scheduled job (dunning, custody patrol
reminders, renovation status, overdue visits and replies, parking expiry, complaint escalation) is
split in two, as the billing run is:

- the scheduler entry only finds the records with one indexed query and hands them to
  `enqueue_batches`, which queues them in batches under ids made from the job, the day and the
  batch's place: run again while its batches wait, the job queues nothing twice;
- each batch checks every record's state again before it acts (a rerun, or a later batch, finds it
  done) and handles it in `for_each`: in its own savepoint, committed on its own; a record that
  fails is rolled back and logged under its name, and the batch goes on.
"""

from collections.abc import Callable, Iterable
from functools import reduce

import frappe
from frappe import _
from frappe.query_builder import Criterion, Field
from frappe.query_builder.functions import IfNull
from frappe.utils import create_batch, today

BATCH_SIZE = 200


class Batches(list):
	"""What the batches run here did (their results, one list), with the ids of all the batches."""

	job_ids: list[str]


def enqueue_batches(
	method: str,
	names: list[str],
	*,
	job_key: str,
	batch_size: int = BATCH_SIZE,
	queue: str = "long",
	timeout: int = 1500,
	**kwargs,
) -> Batches:
	"""Queue `method(names=batch, **kwargs)` for each batch of `names`.

	A single batch, and every batch in tests, runs here and now (tests stay synchronous; a small job
	needs no second hop). Returns the results of the batches run here, with every batch's job id.
	A batch whose id still waits in the queue is not queued again (its records, if they differ, are
	found by the next run). `kwargs` must not use frappe.enqueue's own names (now, queue, timeout …)."""
	day = today()
	batches = list(create_batch(names, batch_size))
	out = Batches()
	out.job_ids = [f"{job_key}:{day}:{i}" for i in range(len(batches))]
	inline = frappe.flags.in_test or len(batches) == 1
	for job_id, batch in zip(out.job_ids, batches, strict=True):
		if inline:
			out.extend(frappe.get_attr(method)(names=batch, **kwargs) or [])
		else:
			frappe.enqueue(
				method,
				queue=queue,
				timeout=timeout,
				job_id=job_id,
				deduplicate=True,
				names=batch,
				**kwargs,
			)
	return out


def for_each(
	names: Iterable[str], fn: Callable[[str], object], title: str, doctype: str | None = None
) -> list[str]:
	"""Call `fn(name)` for each record, each in its own savepoint (and transaction, outside tests).

	With `doctype`, the record's row is locked first, so two workers never handle one record at
	once and `fn` reads what the other committed. A record whose `fn` fails is rolled back and
	logged (Error Log, naming it); the others go on. Returns the records for which `fn` returned a
	true value (what was done)."""
	done = []
	for name in names:
		frappe.db.savepoint("pm_job_record")
		try:
			if doctype:
				frappe.db.sql(f"select name from `tab{doctype}` where name=%s for update", name)
			if fn(name):
				done.append(name)
		except Exception:
			undo_record()
			frappe.log_error(
				title=_("{0}: {1} failed").format(title, name),
				reference_doctype=doctype,
				reference_name=name,
			)
		if not frappe.flags.in_test:
			frappe.db.commit()
	return done


def undo_record() -> None:
	"""Drop the failed record's half-done work (its messages too) and keep the batch going."""
	frappe.clear_messages()
	try:
		frappe.db.rollback(save_point="pm_job_record")
	except Exception:
		# something committed mid-way (ERPNext does when it makes a contact): the savepoint is gone
		frappe.db.rollback()


# The indexes the jobs' finders and re-checks, and the large reports, read by (made on install and
# migrate; those on ERPNext's tables are dropped on uninstall, ours go with their tables). Measured
# with scripts/benchmark.sh --scale (600,000 invoices): the reports read only these indexes, not the
# invoices' wide rows.
INDEXES: dict[str, dict[str, list[str]]] = {
	"Sales Invoice": {
		# dunning's unpaid fee invoices (a tenth of them, or less), and the Fee Arrears report
		"pm_unpaid_cover_index": [
			"docstatus",
			"outstanding_amount",
			"due_date",
			"is_return",
			"pm_unit",
			"pm_estate",
			"pm_resident",
			"company",
		],
		# the Collection Rate report: a year of fee invoices by period and estate
		"pm_period_index": [
			"docstatus",
			"from_date",
			"pm_estate",
			"to_date",
			"is_return",
			"pm_unit",
			"company",
			"grand_total",
			"outstanding_amount",
		],
	},
	# the dunnings of an invoice
	"Overdue Payment": {"pm_sales_invoice_index": ["sales_invoice"]},
	# overdue answers and return visits, parking expiry, complaint escalation
	"Service Order": {
		"pm_reply_due_index": ["status", "reply_due"],
		"pm_return_visit_due_index": ["status", "return_visit_due"],
	},
	"Parking Card": {"pm_status_valid_to_index": ["status", "valid_to"]},
	"Complaint": {"pm_status_index": ["status"]},
}
ERPNEXT_TABLES = ("Sales Invoice", "Overdue Payment")
# made by earlier versions, replaced by the above
OBSOLETE_INDEXES = {"Sales Invoice": ["pm_unpaid_index"]}


def add_indexes() -> None:
	for doctype, indexes in INDEXES.items():
		for index_name, fields in indexes.items():
			frappe.db.add_index(doctype, fields, index_name)
	drop_indexes(OBSOLETE_INDEXES)


def drop_indexes(indexes: dict[str, list[str]] | None = None) -> None:
	"""Our indexes on ERPNext's tables (or the given ones)."""
	if indexes is None:
		indexes = {
			doctype: [*INDEXES[doctype], *OBSOLETE_INDEXES.get(doctype, [])] for doctype in ERPNEXT_TABLES
		}
	for doctype, names in indexes.items():
		for index_name in names:
			if frappe.db.has_index(f"tab{doctype}", index_name):
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{index_name}`")


def not_done_today(*dates: Field) -> Criterion:
	"""The finder's condition for a job done once a day: none of these date columns (e.g. when a
	record was last reminded of) is today; never set counts as never done."""
	return reduce(lambda a, b: a & b, (IfNull(d, "1900-01-01") < today() for d in dates))


def done_today(*dates) -> bool:
	"""The batch's re-check of the same: one of these dates (as read from the record) is today."""
	return any(d and str(d) >= today() for d in dates)
