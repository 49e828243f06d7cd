# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Move-in (入伙 / 房屋交付): the unit is handed over to its buyer at the desk.

1. Documents checked: move-in notice, ID, purchase contract; an agent's power of attorney, a company
   buyer's letter (copies attached).
2. The owner/resident card: becomes the Resident (and ERPNext Customer) and the owner's Occupancy.
3. Joint inspection: each meter's base reading becomes its first Meter Reading; each defect becomes
   a warranty work order; re-inspection until accepted; the owner signs the inspection sheet.
4. Agreements signed: direct debit, utility accounts, parking, decoration.
5. Fees: N months of property fee in advance and the utility deposit, one submitted Sales Invoice.
6. Keys, access cards, handbook, wiring plan and gifts handed over against the owner's signature,
   once the fees are paid (after submit).
On submit the unit becomes occupied.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, today

from pm_module.estate.register import get_owner
from pm_module.estate.utils import get_settings
from pm_module.front_desk.move_in_fees import advance_fee_lines, make_move_in_invoice
from pm_module.front_desk.residency import (
	active_custody,
	cancel_meter_readings,
	fill_card_from_resident,
	get_unit_of_estate,
	open_owner_occupancy,
	save_resident_card,
	set_unit_status,
	submit_meter_readings,
	validate_card,
	validate_meter_rows,
)

OWNER, AGENT, COMPANY = "Owner", "Agent with Power of Attorney", "Company Buyer"
REQUIRED_DOCUMENTS = {
	OWNER: ["Move-in Notice", "Owner's ID", "Purchase Contract"],
	AGENT: ["Move-in Notice", "Owner's ID", "Purchase Contract", "Power of Attorney", "Agent's ID"],
	COMPANY: [
		"Move-in Notice",
		"Purchase Contract",
		"Company Letter",
		"Business Licence",
		"Representative's ID",
	],
}
AGREEMENTS = ["Bank Direct Debit Authorisation", "Utility Accounts", "Parking Lease", "Decoration Agreement"]
HANDOVER_ITEMS = ["Keys", "Access Card", "Resident Handbook", "Wiring Plan", "Gift"]
SERVICE_ORDER = "Service Order"  # the warranty work order of the service desk


class MoveIn(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.handover_meter_reading.handover_meter_reading import (
			HandoverMeterReading,
		)
		from pm_module.front_desk.doctype.move_in_agreement.move_in_agreement import MoveInAgreement
		from pm_module.front_desk.doctype.move_in_defect.move_in_defect import MoveInDefect
		from pm_module.front_desk.doctype.move_in_document.move_in_document import MoveInDocument
		from pm_module.front_desk.doctype.move_in_handover_item.move_in_handover_item import (
			MoveInHandoverItem,
		)

		advance_months: DF.Int
		agent_id_number: DF.Data | None
		agent_name: DF.Data | None
		agreements: DF.Table[MoveInAgreement]
		amended_from: DF.Link | None
		bank_account_copy: DF.Attach | None
		bank_account_holder: DF.Data | None
		bank_account_no: DF.Data | None
		bank_name: DF.Data | None
		building: DF.Link | None
		buyer_type: DF.Literal["Owner", "Agent with Power of Attorney", "Company Buyer"]
		collect_utility_deposit: DF.Check
		defects: DF.Table[MoveInDefect]
		documents: DF.Table[MoveInDocument]
		email: DF.Data | None
		emergency_contact_name: DF.Data | None
		emergency_contact_phone: DF.Data | None
		emergency_contact_relation: DF.Data | None
		estate: DF.Link
		handed_over_on: DF.Date | None
		handover_items: DF.Table[MoveInHandoverItem]
		handover_receipt: DF.Attach | None
		handover_signed: DF.Check
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
		inspected_by: DF.Link | None
		inspection_date: DF.Date | None
		inspection_sheet: DF.Attach | None
		inspection_signed: DF.Check
		meter_readings: DF.Table[HandoverMeterReading]
		mobile_no: DF.Data | None
		move_in_date: DF.Date
		naming_series: DF.Literal["MI-.YYYY.-.#####"]
		occupancy: DF.Link | None
		property_fee_amount: DF.Currency
		remarks: DF.SmallText | None
		resident: DF.Link | None
		resident_name: DF.Data
		resident_type: DF.Literal["Person", "Company"]
		sales_invoice: DF.Link | None
		status: DF.Literal["Draft", "Defects Open", "Handover Pending", "Completed", "Cancelled"]
		total_amount: DF.Currency
		unit: DF.Link
		utility_deposit: DF.Currency
	# end: auto-generated types

	def validate(self):
		self.unit_row = get_unit_of_estate(self.unit, self.estate)
		self.validate_unit_free()
		if self.buyer_type == COMPANY:
			self.resident_type = "Company"
		fill_card_from_resident(self)
		validate_card(self)
		self.set_default_checklists()
		validate_meter_rows(self.meter_readings, self.unit, require_all=False)
		self.set_fees()
		self.validate_handover()
		self.status = "Draft"

	def before_submit(self):
		self.validate_documents()
		validate_meter_rows(self.meter_readings, self.unit, require_all=True)
		self.validate_inspection()
		self.validate_agreements()
		advance_fee_lines(self.unit, self.move_in_date, self.advance_months)  # refuses an unpriced unit

	def on_submit(self):
		save_resident_card(self)
		self.db_set("resident", self.resident)
		if get_owner(self.unit, self.move_in_date) != self.resident:  # else registered as owner before
			self.db_set(
				"occupancy",
				open_owner_occupancy(
					self.unit, self.resident, self.move_in_date, _("Move-in {0}").format(self.name)
				),
			)
		submit_meter_readings(
			self.meter_readings, self.inspection_date or self.move_in_date, _("Move-in {0}").format(self.name)
		)
		self.raise_warranty_orders()
		self.db_set("sales_invoice", make_move_in_invoice(self))
		set_unit_status(self.unit, "Occupied")
		self.db_set("status", self.progress())

	def before_update_after_submit(self):
		self.validate_handover()
		self.status = self.progress()

	def on_cancel(self):
		if self.sales_invoice and frappe.db.get_value("Sales Invoice", self.sales_invoice, "docstatus") == 1:
			invoice = frappe.get_doc("Sales Invoice", self.sales_invoice)
			invoice.flags.ignore_permissions = True
			invoice.cancel()  # ERPNext refuses while a payment is still linked to it
		cancel_meter_readings(self.meter_readings)
		if self.occupancy and frappe.db.exists("Occupancy", self.occupancy):
			frappe.delete_doc("Occupancy", self.occupancy, ignore_permissions=True, force=True)
		set_unit_status(self.unit, "Vacant")
		self.db_set("status", "Cancelled")

	# Checks --------------------------------------------------------------------------------------

	def validate_unit_free(self):
		if self.unit_row.status == "Occupied":
			frappe.throw(
				_(
					"Unit {0} is already occupied: a move-in is only for a unit handed over for the first time"
				).format(frappe.bold(self.unit)),
				title=_("Unit Occupied"),
			)
		if active_custody(self.unit):
			frappe.throw(
				_("Unit {0} is in custody ({1}): end the custody agreement first").format(
					frappe.bold(self.unit), active_custody(self.unit)
				)
			)
		owner = get_owner(self.unit, self.move_in_date)
		if owner and owner != self.resident:
			frappe.throw(
				_(
					"Unit {0} already has owner {1}: a new owner of a unit that changed hands moves in by an Ownership Transfer"
				).format(frappe.bold(self.unit), frappe.bold(owner)),
				title=_("Unit Has an Owner"),
			)

	def validate_documents(self):
		checked = {d.document for d in self.documents if d.checked}
		missing = [doc for doc in REQUIRED_DOCUMENTS[self.buyer_type] if doc not in checked]
		if missing:
			frappe.throw(
				_("{0}: check these documents first: {1}").format(
					_(self.buyer_type), ", ".join(_(d) for d in missing)
				),
				title=_("Documents Missing"),
			)
		without_copy = [_(d.document) for d in self.documents if d.checked and not d.attachment]
		if without_copy:
			frappe.throw(_("Attach the copy of: {0}").format(", ".join(without_copy)))
		if self.buyer_type != OWNER and not self.agent_name:
			frappe.throw(_("Enter the agent or representative who came to the desk"))

	def validate_inspection(self):
		if not self.inspection_signed:
			frappe.throw(
				_("The owner has not signed the joint inspection sheet"), title=_("Inspection Not Signed")
			)

	def validate_agreements(self):
		unsigned = [_(a.agreement) for a in self.agreements if not a.signed and not a.not_applicable]
		if unsigned:
			frappe.throw(
				_("Agreements neither signed nor marked not applicable: {0}").format(", ".join(unsigned)),
				title=_("Agreements Missing"),
			)

	def validate_handover(self):
		handed = [row for row in self.handover_items if row.handed_over]
		if not handed:
			return
		if self.docstatus == 0:
			frappe.throw(
				_("Keys and items are handed over against the fee receipt: submit the move-in first"),
				title=_("Fees Not Collected"),
			)
		if not self.handover_signed:
			frappe.throw(_("Items are handed over against the owner's signature: tick that the owner signed"))
		self.handed_over_on = self.handed_over_on or today()

	# Defaults and amounts ------------------------------------------------------------------------------

	def set_default_checklists(self):
		if not self.documents:
			for document in REQUIRED_DOCUMENTS[self.buyer_type]:
				self.append("documents", {"document": document})
		if not self.agreements:
			for agreement in AGREEMENTS:
				self.append("agreements", {"agreement": agreement})
		if not self.handover_items:
			for item in HANDOVER_ITEMS:
				self.append("handover_items", {"item": item, "quantity": 1})

	def set_fees(self):
		settings = get_settings()
		self.advance_months = settings.move_in_advance_months or 0
		self.utility_deposit = flt(settings.utility_deposit) if self.collect_utility_deposit else 0
		lines = advance_fee_lines(self.unit, self.move_in_date, self.advance_months, strict=False)
		self.property_fee_amount = flt(sum(line.amount for line in lines), 2)
		self.total_amount = flt(self.property_fee_amount + flt(self.utility_deposit), 2)

	# Warranty work orders ------------------------------------------------------------------------------

	def raise_warranty_orders(self):
		"""Each defect found in the inspection becomes a warranty work order of the service desk.

		Until the Service Order DocType exists, the defect stays a row tracked on this form."""
		if not frappe.db.exists("DocType", SERVICE_ORDER):
			return
		for defect in self.defects:
			if defect.service_order:
				continue
			order = frappe.get_doc(
				{
					"doctype": SERVICE_ORDER,
					"estate": self.estate,
					"unit": self.unit,
					"requester": self.resident,
					"content": ": ".join(filter(None, [defect.location, defect.description])),
					"order_kind": "Warranty Defect",
					"channel": "Move-in Inspection",
					"reference_doctype": self.doctype,
					"reference_name": self.name,
				}
			)
			order.flags.ignore_permissions = True  # part of the move-in the clerk submits
			order.insert()
			defect.db_set({"reference_doctype": SERVICE_ORDER, "service_order": order.name})

	def progress(self) -> str:
		if any(d.status != "Accepted" for d in self.defects):
			return "Defects Open"
		if not self.handover_signed:
			return "Handover Pending"
		return "Completed"


@frappe.whitelist()
def get_checklists(buyer_type: str) -> dict:
	"""The form's default rows for a buyer type."""
	frappe.has_permission("Move In", "create", throw=True)
	if buyer_type not in REQUIRED_DOCUMENTS:
		frappe.throw(_("Unknown buyer type {0}").format(buyer_type))
	return {
		"documents": REQUIRED_DOCUMENTS[buyer_type],
		"agreements": AGREEMENTS,
		"handover_items": HANDOVER_ITEMS,
	}


@frappe.whitelist()
def get_unit_meters(unit: str) -> list[dict]:
	"""The unit's active meters with their last reading, for the inspection rows."""
	frappe.has_permission("Unit", "read", unit, throw=True)
	return frappe.get_all(
		"Meter",
		filters={"unit": unit, "is_active": 1},
		fields=["name as meter", "meter_type", "last_reading", "last_reading_date"],
		order_by="meter_type, name",
		ignore_permissions=True,
	)
