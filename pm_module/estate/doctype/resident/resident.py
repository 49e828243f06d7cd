# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import flt

from pm_module.estate.utils import clean_code, get_settings

CHINESE_ID_CARD = "Resident Identity Card"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CODES = "10X98765432"


def is_valid_chinese_id(number: str) -> bool:
	"""18-character resident identity card number with its GB 11643 check character."""
	if len(number) != 18 or not number[:17].isdigit():
		return False
	total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
	return _ID_CHECK_CODES[total % 11] == number[17]


class Resident(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bank_account_holder: DF.Data | None
		bank_account_no: DF.Data | None
		bank_name: DF.Data | None
		customer: DF.Link | None
		email: DF.Data | None
		emergency_contact_name: DF.Data | None
		emergency_contact_phone: DF.Data | None
		emergency_contact_relation: DF.Data | None
		id_copy_back: DF.Attach | None
		id_copy_front: DF.Attach | None
		id_number: DF.Data | None
		id_type: DF.Literal[
			"",
			"Resident Identity Card",
			"Passport",
			"Mainland Travel Permit (HK/Macau)",
			"Mainland Travel Permit (Taiwan)",
			"Business Licence",
			"Other",
		]
		mobile_no: DF.Data | None
		phone: DF.Data | None
		remarks: DF.SmallText | None
		resident_code: DF.Data | None
		resident_name: DF.Data
		resident_type: DF.Literal["Person", "Company"]
		user: DF.Link | None

	# end: auto-generated types
	def onload(self):
		"""The payer's balance on the form, for who may read the payer's invoices; the portal login."""
		from pm_module.portal.invite import portal_login_status

		self.set_onload("portal_login", portal_login_status(self))
		if self.customer and frappe.has_permission("Sales Invoice", "read"):
			from pm_module.billing.counter import prepaid_balance

			outstanding = frappe.get_all(
				"Sales Invoice",
				{"customer": self.customer, "docstatus": 1, "outstanding_amount": (">", 0)},
				["sum(outstanding_amount) as total"],
			)
			self.set_onload(
				"fee_account",
				{"outstanding": flt(outstanding[0].total), "prepaid": prepaid_balance(self.customer)},
			)

	def autoname(self):
		if self.resident_code:
			self.resident_code = clean_code(self.resident_code, "Resident Code")
		else:
			self.resident_code = make_autoname("RES.#####", "Resident")  # a valid code itself
		self.name = self.resident_code

	def validate(self):
		self.resident_name = (self.resident_name or "").strip()
		self.validate_id_number()

	def on_update(self):
		if self.customer and self.has_value_changed("resident_name"):
			frappe.db.set_value("Customer", self.customer, "customer_name", self.resident_name)

	def validate_id_number(self):
		if not self.id_number:
			return
		self.id_number = self.id_number.strip().upper()
		if self.id_type == CHINESE_ID_CARD and not is_valid_chinese_id(self.id_number):
			frappe.throw(
				_("{0} is not a valid resident identity card number").format(self.id_number),
				title=_("Invalid ID Number"),
			)
		duplicate = frappe.db.get_value(
			"Resident", {"id_number": self.id_number, "id_type": self.id_type, "name": ("!=", self.name)}
		)
		if duplicate:
			frappe.throw(
				_("Resident {0} already has ID number {1}").format(frappe.bold(duplicate), self.id_number),
				frappe.DuplicateEntryError,
				title=_("Duplicate Resident"),
			)

	def ensure_customer(self) -> str:
		"""Link the resident to an ERPNext Customer, creating one the first time they are billed."""
		if self.customer and frappe.db.exists("Customer", self.customer):
			return self.customer
		customer = self._find_existing_customer() or self._make_customer()
		self.db_set("customer", customer)
		return customer

	def _find_existing_customer(self) -> str | None:
		# A company that is already an ERPNext customer is recognised by its tax ID (credit code)
		if self.resident_type == "Company" and self.id_number:
			return frappe.db.get_value("Customer", {"tax_id": self.id_number})
		# A customer named after this resident's code was made for it (before it was re-created)
		own = self._namesake_name()
		if frappe.db.exists("Customer", own) and not frappe.db.exists(
			"Resident", {"customer": own, "name": ("!=", self.name)}
		):
			return own
		return None

	def _namesake_name(self) -> str:
		return f"{self.resident_name} - {self.name}"

	def _make_customer(self) -> str:
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": self.resident_name,
				"customer_type": "Company" if self.resident_type == "Company" else "Individual",
				"customer_group": get_settings().default_customer_group or _default("Customer Group"),
				"territory": get_settings().default_territory or _default("Territory"),
				"tax_id": self.id_number if self.resident_type == "Company" else None,
				"mobile_no": self.mobile_no,
				"email_id": self.email,
			}
		)
		# Billing a resident is a consequence of recording their ownership or lease: the clerk who
		# may do that needs no right on Customer of their own.
		customer.flags.ignore_permissions = True
		# Namesakes are common (王伟): the resident code tells two customers of one name apart
		name = self.resident_name
		if frappe.db.exists("Customer", name):
			name = self._namesake_name()
		customer.insert(set_name=name)
		return customer.name


def _default(doctype: str) -> str | None:
	"""A leaf Customer Group / Territory: the Selling Settings default, else the first leaf."""
	field = {"Customer Group": "customer_group", "Territory": "territory"}[doctype]
	default = frappe.db.get_single_value("Selling Settings", field)
	if default and frappe.db.get_value(doctype, default, "is_group") == 0:
		return default
	return frappe.db.get_value(doctype, {"is_group": 0}, "name", order_by="lft")


def customer_of(resident: str) -> str:
	"""The resident's ERPNext Customer (Resident.ensure_customer), read in one query when it exists:
	billing asks it for the payer of every unit, where loading the whole resident costs more."""
	found = frappe.db.sql(
		"""select r.customer from `tabResident` r join `tabCustomer` c on c.name = r.customer
		where r.name = %s""",
		resident,
	)
	return found[0][0] if found else frappe.get_doc("Resident", resident).ensure_customer()


@frappe.whitelist()
def make_customer(resident: str) -> str:
	doc = frappe.get_doc("Resident", resident)
	doc.check_permission("write")
	return doc.ensure_customer()
