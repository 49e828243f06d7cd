"""Scale benchmark: a company's whole portfolio on one site, every screen and daily job timed.

Run it with `scripts/benchmark.sh --scale [--estates N --units N --months N]`; by hand:

    bench --site S execute pm_module.scale_benchmark.run --kwargs '{"estates": 2, "units": 200}'

It builds `estates` estates of `units` units each (once; billing/benchmark.py's register, written
directly as an import would), `months` of monthly fee invoices per unit in ERPNext's tables
(billing/history.py, a tenth unpaid) and a few hundred Service Orders per estate. Then, as a
customer-service assistant looking after two buildings, a front-desk user restricted to one estate
and an accountant, it times what their desk asks for (the same whitelisted calls the browser makes):
list views and counts, link search on Unit, three reports, the unit arrears check and the workspace
number cards, `runs` times each (median and worst; target 0.5 s). Last, it times each scheduled
job of hooks.py on the built data, its batches run here, beside the number of overdue invoices.
"""

import inspect
import json
import statistics
import time
from collections.abc import Callable

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, today

from pm_module import hooks
from pm_module.billing.benchmark import ESTATE, build_estate, ensure_company
from pm_module.billing.history import build_history
from pm_module.permissions.scope import assign_estate
from pm_module.setup.positions import ACCOUNTANT, CS_ASSISTANT, FRONT_DESK, POSITIONS

TARGET = 0.5  # seconds, for each desk request
ORDERS_PER_ESTATE = 300
OVERDUE_DUNNED = 10_000  # the dunning job is timed on this many overdue invoices
LISTED = ("Unit", "Resident", "Sales Invoice", "Service Order")
NO_ACCESS = "no access"


def run(
	estates: int = 5,
	units: int = 10_000,
	months: int = 12,
	runs: int = 5,
	jobs: bool = True,
	build: bool = True,
) -> dict:
	"""`build=False` times the estates built before (after a migrate that added indexes, say)."""
	frappe.flags.mute_emails = True
	company = ensure_company()
	if build:
		names = build_estates(company, estates, units, months)
	else:
		names = [estate_of(i)[0] for i in range(estates) if frappe.db.exists("Estate", estate_of(i)[0])]
	users = make_users(names)
	desk = {user: time_desk(user, context, runs) for user, context in users.items()}
	frappe.set_user("Administrator")
	print_desk(desk, estates, units, months, runs)
	report = {"estates": estates, "units": units, "months": months, "desk": desk}
	if jobs:
		report["jobs"] = time_jobs()
	return report


# The data ----------------------------------------------------------------------------------------


def estate_of(index: int) -> tuple[str, str]:
	"""Name and code of the index-th estate; the first is billing/benchmark.py's own."""
	return (ESTATE, "BM") if index == 0 else (f"Benchmark Estate {index + 1}", f"BM{index + 1}")


def build_estates(company: str, estates: int, units: int, months: int) -> list[str]:
	names = []
	for i in range(estates):
		estate, code = estate_of(i)
		started = time.monotonic()
		build_estate(company, units, estate, code)
		history = build_history(estate, months=months, unpaid_every=10, limit=units)
		make_service_orders(estate, code)
		frappe.db.commit()
		print(f"{estate}: {units} units, history {history}, {time.monotonic() - started:.0f} s")
		names.append(estate)
	return names


def make_service_orders(estate: str, code: str) -> None:
	"""A few hundred orders spread over the estate's units (bulk, as an import would): open ones,
	some past their answer deadline, and accepted ones, some past their return visit."""
	have = frappe.db.count("Service Order", {"estate": estate})
	units = frappe.get_all("Unit", {"estate": estate}, ["name", "building"], order_by="name")
	if have >= ORDERS_PER_ESTATE or not units:
		return
	now, user = now_datetime(), frappe.session.user
	fields = [
		"name", "naming_series", "estate", "unit", "building", "status", "order_kind", "received_at",
		"content", "reply_due", "return_visit_due", "received_by", "creation", "modified", "owner",
		"modified_by",
	]  # fmt: skip
	rows = []
	for n in range(have, ORDERS_PER_ESTATE):
		unit = units[(n * 37) % len(units)]
		received = add_to_date(now, hours=-(n % 240))
		accepted = n % 3 == 0
		rows.append(
			(
				f"SO-{code}-{n + 1:05d}", "SO-.YYYY.-.#####", estate, unit.name, unit.building,
				"Accepted" if accepted else "Open", "Routine Repair", received, f"Benchmark order {n + 1}",
				add_to_date(received, hours=2), add_to_date(received, days=1) if accepted else None,
				user, received, received, user, user,
			)
		)  # fmt: skip
	frappe.db.bulk_insert("Service Order", fields, rows)


def make_users(estates: list[str]) -> dict[str, dict]:
	"""The three desk users and what their screens ask for (filters, a unit, a search)."""
	from pm_module.tests.utils import make_user

	first, last = estates[0], estates[-1]
	buildings = frappe.get_all("Building", {"estate": first}, pluck="name", order_by="name", limit=2)
	assistant = make_user("pm-scale-assistant@example.com", POSITIONS[CS_ASSISTANT])
	for building in buildings:
		doc = frappe.get_doc("Building", building)
		if assistant not in [row.user for row in doc.get("assistants")]:
			doc.append("assistants", {"user": assistant})
			doc.save(ignore_permissions=True)
	front_desk = make_user("pm-scale-front-desk@example.com", POSITIONS[FRONT_DESK])
	assign_estate(front_desk, last)
	accountant = make_user("pm-scale-accountant@example.com", POSITIONS[ACCOUNTANT])
	frappe.db.commit()
	return {
		assistant: {"estate": first, "unit": owing_unit(first, buildings[0])},
		front_desk: {"estate": last, "unit": owing_unit(last)},
		accountant: {"estate": None, "unit": owing_unit(first)},
	}


def owing_unit(estate: str, building: str | None = None) -> str | None:
	"""A unit with unpaid invoices (the arrears check's worst case), of `building` if given."""
	filters = {"pm_estate": estate, "docstatus": 1, "outstanding_amount": (">", 0)}
	if building:
		filters["pm_unit"] = ("like", f"{building}-%")
	return frappe.db.get_value("Sales Invoice", filters, "pm_unit")


# The desk ----------------------------------------------------------------------------------------


def time_desk(user: str, context: dict, runs: int) -> dict[str, dict]:
	"""Each of the user's requests, `runs` times: {label: {median, worst}} or {error: ...}."""
	frappe.set_user(user)
	results = {}
	for label, call in desk_requests(context).items():
		results[label] = measure(call, runs)
	frappe.set_user("Administrator")
	return results


def desk_requests(context: dict) -> dict[str, Callable]:
	from frappe.desk import reportview
	from frappe.desk.search import search_link

	from pm_module.billing.arrears import get_unit_arrears

	estate = context["estate"]
	as_on = today()
	requests: dict[str, Callable] = {}
	for doctype in LISTED:
		requests[f"{doctype} list"] = lambda d=doctype: form_call(reportview.get, **list_args(d))
		requests[f"{doctype} count"] = lambda d=doctype: form_call(reportview.get_count, doctype=d)
	requests["Unit link search"] = lambda: search_link("Unit", "101", page_length=10)
	estate_filter = {"estate": estate} if estate else {}
	reports = {
		"Unit Register": estate_filter,
		"Fee Arrears": {**estate_filter, "group_by": "Unit", "as_on_date": as_on},
		"Collection Rate": {
			**estate_filter,
			"from_date": str(getdate(add_days(as_on, -365))),
			"to_date": as_on,
		},
	}
	for name, filters in reports.items():
		requests[f"{name} report"] = lambda n=name, f=filters: run_report(n, f)
	if context["unit"]:
		requests["unit arrears check"] = lambda: get_unit_arrears(context["unit"])
	for card in number_cards():
		requests[f"card: {card.name}"] = lambda c=card: card_result(c)
	return requests


def list_args(doctype: str) -> dict:
	"""What the list view asks for: its list-view fields, the first 20 rows by its sort field."""
	meta = frappe.get_meta(doctype)
	fields = ["name", "owner", "modified", "docstatus"]
	fields += [f.fieldname for f in meta.fields if f.in_list_view and f.fieldname not in fields]
	if meta.title_field and meta.title_field not in fields:
		fields.append(meta.title_field)
	table = f"`tab{doctype}`"
	return {
		"doctype": doctype,
		"fields": json.dumps([f"{table}.`{f}`" for f in fields]),
		"order_by": f"{table}.`{meta.sort_field or 'modified'}` {meta.sort_order or 'desc'}",
		"start": 0,
		"page_length": 20,
		"filters": "[]",
	}


def form_call(fn: Callable, **form):
	"""A whitelisted method that reads its arguments from the request, as the browser calls it."""
	frappe.local.form_dict = frappe._dict(form)
	return fn()


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	return run(name, filters=json.dumps(filters), ignore_prepared_report=True)


def number_cards() -> list:
	modules = frappe.get_module_list("pm_module")
	return frappe.get_all(
		"Number Card",
		{"module": ("in", modules)},
		["name", "type", "method", "function", "document_type", "parent_document_type",
		 "aggregate_function_based_on", "filters_json"],
		order_by="name",
	)  # fmt: skip


def card_result(card):
	from frappe.desk.doctype.number_card.number_card import get_result

	if card.type == "Custom":
		return frappe.call(card.method, filters=card.filters_json or "[]")
	return get_result(json.dumps(card), card.filters_json or "[]")


def measure(call: Callable, runs: int) -> dict:
	times = []
	for _ in range(runs):
		started = time.perf_counter()
		try:
			call()
		except frappe.PermissionError:
			frappe.clear_messages()
			return {"error": NO_ACCESS}
		except Exception as e:
			frappe.clear_messages()
			frappe.db.rollback()
			return {"error": f"{type(e).__name__}: {str(e)[:80]}"}
		times.append(time.perf_counter() - started)
	return {"median": round(statistics.median(times), 3), "worst": round(max(times), 3)}


def print_desk(desk: dict, estates: int, units: int, months: int, runs: int) -> None:
	print()
	print(f"{estates} estate(s) x {units} units, {months} months of invoices; median / worst of {runs} runs")
	print(f"target: every request under {TARGET} s")
	for user, results in desk.items():
		print(f"\n{user}")
		for label, r in results.items():
			if "error" in r:
				print(f"  {label:<42} {r['error']}")
				continue
			slow = "  SLOW" if r["worst"] >= TARGET else ""
			print(f"  {label:<42} {r['median']:>7.3f} {r['worst']:>7.3f}{slow}")


# The scheduled jobs --------------------------------------------------------------------------------


def scheduled_jobs() -> list[str]:
	events = hooks.scheduler_events
	methods = [m for key, value in events.items() if key != "cron" for m in value]
	return methods + [m for value in events.get("cron", {}).values() for m in value]


def time_jobs() -> dict:
	"""Each scheduled job of hooks.py, as Administrator (the scheduler's user), its batches run here
	(a batch size above the work makes one batch, which enqueue_batches runs inline and commits
	record by record). Dunning is timed on the first OVERDUE_DUNNED overdue invoices: its finder,
	then its batches."""
	from pm_module.billing import dunning
	from pm_module.jobs import BATCH_SIZE

	frappe.set_user("Administrator")
	on_date = today()
	overdue = frappe.db.count(
		"Sales Invoice", {"docstatus": 1, "outstanding_amount": (">", 0), "due_date": ("<", on_date)}
	)
	print(f"\nscheduled jobs ({overdue} overdue invoices on the site)")
	results = {"overdue_invoices": overdue}
	for method in scheduled_jobs():
		errors = frappe.db.count("Error Log")
		started = time.perf_counter()
		try:
			if method == "pm_module.billing.dunning.raise_due_dunnings":
				names = dunning.overdue_fee_invoices(on_date)[:OVERDUE_DUNNED]
				done = []
				for i in range(0, len(names), BATCH_SIZE):
					done += dunning.raise_dunnings(names[i : i + BATCH_SIZE], on_date)
				note = f"{len(done)} dunnings for {len(names)} overdue invoices"
				if done:
					each = (time.perf_counter() - started) / len(done)
					note += f" ({each:.2f} s each: {each * OVERDUE_DUNNED / 60:.0f} min for {OVERDUE_DUNNED})"
			else:
				fn = frappe.get_attr(method)
				kwargs = {"batch_size": 10**9} if "batch_size" in inspect.signature(fn).parameters else {}
				done = inline(fn, **kwargs)
				note = f"{len(done)} done" if isinstance(done, list) else ""
			frappe.db.commit()
		except Exception as e:
			frappe.db.rollback()
			note = f"FAILED {type(e).__name__}: {str(e)[:80]}"
		seconds = time.perf_counter() - started
		failed = frappe.db.count("Error Log") - errors
		if failed:
			note += f", {failed} record(s) failed (Error Log)"
		results[method] = {"seconds": round(seconds, 2), "note": note}
		print(f"  {method.rsplit('.', 1)[-1]:<32} {seconds:>8.2f} s  {note}")
	return results


def inline(fn: Callable, **kwargs):
	"""A job without a batch size runs its batches inline as in tests."""
	if kwargs:
		return fn(**kwargs)
	in_test, frappe.flags.in_test = frappe.flags.in_test, True
	try:
		return fn()
	finally:
		frappe.flags.in_test = in_test
