"""Install, uninstall and test-site hooks."""

import frappe

from pm_module.billing.custom_fields import delete_custom_fields, make_custom_fields
from pm_module.estate.utils import working_day_is_valid
from pm_module.setup.positions import PM_ROLES, POSITIONS

SETTINGS = "Property Management Settings"
MODULES = ["Estate", "Billing", "Service", "Complaints", "Front Desk"]


def after_install():
	make_custom_fields()
	make_month_uom()
	sync_position_profiles()
	apply_permission_matrix()
	set_default_settings()
	sync_workflows()
	add_database_keys()


def after_migrate():
	make_custom_fields()
	make_month_uom()
	sync_position_profiles()
	apply_permission_matrix()
	sync_workflows()
	setup_fee_counter()
	sync_date_format()
	add_database_keys()


def sync_date_format():
	"""The site's defaults for formatting dates, times and numbers follow System Settings.

	ERPNext's install sets the default date format to dd-mm-yyyy, and the setup wizard's System
	Settings (yyyy-mm-dd for China) do not always reach it; frappe formats with the default."""
	for key in ("date_format", "time_format", "number_format"):
		value = frappe.db.get_single_value("System Settings", key, cache=False)
		if value and frappe.db.get_default(key) != value:
			frappe.db.set_default(key, value)


def setup_fee_counter():
	"""The counter's modes of payment and late-fee account for every company that has an estate."""
	from pm_module.billing.counter import setup_counter

	for company in frappe.get_all(
		"Estate", filters={"company": ("is", "set")}, pluck="company", distinct=True
	):
		setup_counter(company)


def apply_permission_matrix():
	"""Our positions' rows on ERPNext's DocTypes (Cashier on Payment Entry …) as Custom DocPerms;
	the app's own DocTypes carry theirs in their JSON (pm_module/permissions/matrix.py)."""
	from pm_module.permissions.matrix import apply_erpnext_permissions

	apply_erpnext_permissions()


def sync_workflows():
	"""The approval workflows of the procedures, with roles from positions.ACTIONS (not fixtures)."""
	from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
		sync_renovation_workflow,
	)

	sync_renovation_workflow()


def remove_workflows():
	from pm_module.front_desk.doctype.renovation_application.renovation_workflow import (
		remove_renovation_workflow,
	)

	remove_renovation_workflow()


def make_month_uom():
	"""Fixed monthly fees are billed in months, prorated to fractions of a month."""
	if not frappe.db.exists("UOM", "Month"):
		frappe.get_doc({"doctype": "UOM", "uom_name": "Month", "must_be_whole_number": 0}).insert(
			ignore_permissions=True
		)


def sync_position_profiles():
	"""One Role Profile per position, with exactly the roles of positions.py.

	Not a fixture: re-importing a Role Profile on every migrate queues a job that locks it, and
	the next migrate fails while no worker has run that job. Here it is written only when new
	(no user has it yet) or changed (then its users are updated at once)."""
	for position, roles in POSITIONS.items():
		if not frappe.db.exists("Role Profile", position):
			profile = frappe.new_doc("Role Profile")
			profile.role_profile = position
			profile.name = position
			for role in roles:
				profile.append("roles", {"role": role})
			profile.db_insert()
			for row in profile.roles:
				row.db_insert()
			continue
		profile = frappe.get_doc("Role Profile", position)
		if sorted(r.role for r in profile.roles) != sorted(roles):
			# rewritten in place and its users updated now: save() would queue that update and
			# lock the profile until a worker ran it
			frappe.db.delete("Has Role", {"parenttype": "Role Profile", "parent": position})
			profile.set("roles", [{"role": role} for role in roles])
			for row in profile.roles:
				row.db_insert()
			profile.update_all_users()


def set_default_settings():
	"""Fill the settings' ERPNext links with the site's leaf defaults (numbers come from the JSON defaults)."""
	from pm_module.estate.doctype.resident.resident import _default

	first_time = not frappe.db.get_singles_dict(SETTINGS)
	settings = frappe.get_single(SETTINGS)
	if first_time or not working_day_is_valid(settings.work_start_time, settings.work_end_time):
		# frappe gives every Time field of a new document the current time, not its default (a
		# settings record saved before ours ran holds a zero-length working day: repair it)
		for df in settings.meta.get("fields", {"fieldtype": "Time"}):
			settings.set(df.fieldname, df.default)
	for fieldname, doctype in (
		("default_customer_group", "Customer Group"),
		("default_territory", "Territory"),
	):
		# a fresh site has only the root groups until ERPNext's setup wizard runs: replace them then
		current = settings.get(fieldname)
		if not current or frappe.db.get_value(doctype, current, "is_group") != 0:
			settings.set(fieldname, _default(doctype))
	settings.flags.ignore_permissions = True
	settings.save()


def before_uninstall():
	"""Remove what the app created outside its own doctypes: custom fields, position roles and profiles."""
	drop_database_keys()  # first: the billing key is computed from custom fields
	delete_custom_fields()
	remove_workflows()
	from pm_module.permissions.matrix import remove_erpnext_permissions

	remove_erpnext_permissions()
	for profile in POSITIONS:
		frappe.delete_doc("Role Profile", profile, ignore_missing=True, force=True, ignore_permissions=True)
	for role in PM_ROLES:
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_missing=True, force=True, ignore_permissions=True)


def before_tests():
	# `run-tests --app pm_module` runs our hook only, so complete ERPNext's test setup first (its
	# setup wizard makes the warehouse types, customer groups and territories its test records
	# need); it does nothing more than reset defaults on a site that already has a company.
	from erpnext.setup.utils import before_tests as erpnext_before_tests

	erpnext_before_tests()
	set_default_settings()
	frappe.db.commit()


def find_leftovers() -> list[str]:
	"""What of the app is still on the site (run after uninstall-app; an empty list is clean)."""
	found = []
	for doctype, filters in (
		("Module Def", {"app_name": "pm_module"}),
		("DocType", {"module": ("in", MODULES)}),
		("Workspace", {"module": ("in", MODULES)}),
		("Report", {"module": ("in", MODULES)}),
		("Number Card", {"module": ("in", MODULES)}),
		("Role", {"name": ("in", PM_ROLES)}),
		("Role Profile", {"name": ("in", list(POSITIONS))}),
		("Custom Field", {"fieldname": ("like", "pm\\_%")}),
	):
		found += [f"{doctype}: {name}" for name in frappe.get_all(doctype, filters, pluck="name")]
	found += [
		f"table: {t}"
		for t in frappe.db.get_tables()
		if t in ("tabEstate", "tabUnit", "tabResident", "tabMeter Reading", "tabFee Item", "tabBilling Run")
	]
	found += database_keys_left()
	return found


def add_database_keys():
	"""The unique key of billing-run invoices and the indexes of the scheduled jobs (after the custom
	fields they read)."""
	from pm_module.billing.invoice_key import add_billing_key
	from pm_module.jobs import add_indexes

	add_billing_key()
	add_indexes()


def drop_database_keys():
	from pm_module.billing.invoice_key import drop_billing_key
	from pm_module.jobs import drop_indexes

	drop_billing_key()
	drop_indexes()


def database_keys_left() -> list[str]:
	from pm_module.billing.invoice_key import KEY_COLUMN, has_billing_key
	from pm_module.jobs import ERPNEXT_TABLES, INDEXES

	found = [f"column: tabSales Invoice.{KEY_COLUMN}"] if has_billing_key() else []
	for doctype in ERPNEXT_TABLES:
		found += [
			f"index: tab{doctype}.{name}"
			for name in INDEXES[doctype]
			if frappe.db.has_index(f"tab{doctype}", name)
		]
	return found
