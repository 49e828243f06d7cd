# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Move-out settlement (迁出结算): a tenant's lease ends, a merchant leaves or an owner departs.

The desk prepares the move-out (it may be drafted ahead) and walks it on or after the move-out day:
1. Final readings: every active meter of the unit is read; the readings become submitted Meter
   Readings dated the move-out day (their own checks refuse a reading below the last one unless it
   is a roll-over).
2. Final invoice: the billing code bills the leaving payer up to the move-out day - the days of
   fixed fees not billed yet, prorated as the billing runs prorate, the consumption up to the final
   readings and pending one-off charges - on one submitted Sales Invoice; fees already billed in
   advance for later days go back on a Credit Note (pm_module.billing.invoicing.bill_up_to).
3. Settle: everything the resident owes for the unit (arrears with their late fee, the final
   invoice) is paid at the fee counter first: the move-out is refused while anything is
   outstanding (an owner's departure also waits for the unit's arrears). The rent a leaving parking
   card paid for later days goes back on a Credit Note too (made with the final invoice).
4. Refunds: the utility deposit collected at move-in, and the credit the credit notes hold once
   their invoices were paid, go back on Fee Refund requests, which finance approves and pays (the
   move-out does not wait for that).
On submit the leaving household's access and parking cards are returned, their occupancies end on
the move-out day, whoever pays for the unit after them (the owner after a tenant) is billed for the
days credited back to the leaver (pm_module.billing.invoicing.bill_taken_over), and the unit
becomes Vacant when nobody remains.

Cancel undoes the register (occupancies, unit status), withdraws refund requests still in draft,
cancels the next payer's invoices and the credit notes; it is refused once a refund was paid or the
next payer paid their invoice. The final readings, the final
invoice and its receipts are facts that stay (correct them on their own documents); returned cards
stay returned (a resident who stays is issued new cards).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, flt, fmt_money, formatdate, getdate, today

from pm_module.billing.arrears import ensure_no_arrears
from pm_module.billing.counter import unpaid_invoices
from pm_module.billing.dunning import late_fee
from pm_module.billing.invoicing import bill_up_to
from pm_module.estate.register import (
	PAYING_ROLES,
	get_occupancies,
	get_occupancies_between,
	refresh_unit_occupants,
)
from pm_module.front_desk.residency import (
	end_occupancy,
	get_unit_of_estate,
	set_unit_status,
	validate_meter_rows,
)

OWNER = "Owner"
LEAVING_ROLES = (OWNER, *PAYING_ROLES)
HOUSEHOLD_ROLES = ("Family Member", "Other Occupant")
PROCEDURE = "move-out"
ACCESS_CARD, PARKING_CARD = "Access Card", "Parking Card"
FEE_REFUND = "Fee Refund"
ARREARS, FINAL_INVOICE, CREDIT_NOTE = "Arrears", "Final Invoice", "Credit Note"
# the days credited back to the leaver, billed to whoever pays for the unit after them
NEXT_PAYER = "Next Payer Invoice"
# a unit in these states becomes Vacant when nobody remains (custody is ended on its own agreement)
LIVED_IN = ("Occupied", "Renovating")


class MoveOut(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from pm_module.front_desk.doctype.move_out_card.move_out_card import MoveOutCard
		from pm_module.front_desk.doctype.move_out_deposit.move_out_deposit import MoveOutDeposit
		from pm_module.front_desk.doctype.move_out_invoice.move_out_invoice import MoveOutInvoice
		from pm_module.front_desk.doctype.move_out_meter_reading.move_out_meter_reading import (
			MoveOutMeterReading,
		)
		from pm_module.front_desk.doctype.move_out_occupant.move_out_occupant import MoveOutOccupant

		amended_from: DF.Link | None
		billed_from: DF.Date | None
		billed_to: DF.Date | None
		billing_done: DF.Check
		building: DF.Link | None
		cards: DF.Table[MoveOutCard]
		credit_amount: DF.Currency
		credit_balance: DF.Currency
		customer: DF.Link | None
		deposits: DF.Table[MoveOutDeposit]
		end_date_before: DF.Date | None
		estate: DF.Link
		final_amount: DF.Currency
		final_invoice: DF.Link | None
		household: DF.Table[MoveOutOccupant]
		invoices: DF.Table[MoveOutInvoice]
		meter_readings: DF.Table[MoveOutMeterReading]
		move_out_date: DF.Date
		naming_series: DF.Literal["MO-.YYYY.-.#####"]
		occupancy: DF.Link
		occupancy_start: DF.Date | None
		remarks: DF.SmallText | None
		resident: DF.Link | None
		resident_name: DF.Data | None
		role: DF.Literal["", "Owner", "Tenant", "Merchant"]
		status: DF.Literal["Draft", "Refunds Pending", "Completed", "Cancelled"]
		total_late_fee: DF.Currency
		total_outstanding: DF.Currency
		unit: DF.Link
		unit_status_after: DF.Data | None
		unit_status_before: DF.Data | None
	# end: auto-generated types

	def before_insert(self):
		if self.amended_from:
			self.start_amendment()

	def validate(self):
		get_unit_of_estate(self.unit, self.estate)
		self.set_leaving_resident()
		if self.docstatus == 0 or self._action == "submit":
			self.forget_cancelled_steps()
			self.set_household()
			self.set_meter_rows()
			self.set_cards()
			self.refresh_invoices()
			self.refresh_deposits()
			self.status = "Draft"

	def before_submit(self):
		self.check_date_reached()
		self.check_readings_posted()
		if not self.billing_done:
			frappe.throw(
				_("Make the final invoice first (step 2), after the final readings"),
				title=_("Final Invoice Missing"),
			)
		self.check_settled()

	def on_submit(self):
		for row in self.request_refunds():
			row.db_insert()
		self.return_cards()
		self.end_occupancies()
		self.bill_next_payer()
		self.update_unit_status()
		self.db_set("status", self.settlement_status())

	def before_cancel(self):
		paid = [
			row.fee_refund
			for row in self.deposits
			if row.fee_refund and refund_docstatus(row.fee_refund) == 1
		]
		if paid:
			frappe.throw(
				_(
					"The deposit was refunded already ({0}): a move-out whose refund was paid cannot be cancelled"
				).format(", ".join(paid)),
				title=_("Refund Paid"),
			)
		paid = [
			row.sales_invoice
			for row in self.invoices
			if row.kind == NEXT_PAYER
			and frappe.db.get_value("Sales Invoice", row.sales_invoice, "docstatus") == 1
			and flt(frappe.db.get_value("Sales Invoice", row.sales_invoice, "outstanding_amount"))
			< flt(frappe.db.get_value("Sales Invoice", row.sales_invoice, "grand_total"))
		]
		if paid:
			frappe.throw(
				_(
					"The next payer paid part of invoice {0} already: cancel that payment first, then the move-out"
				).format(", ".join(paid)),
				title=_("Invoice Paid"),
			)

	def on_cancel(self):
		self.restore_occupancies()
		self.restore_unit_status()
		self.withdraw_refunds()
		self.cancel_next_payer_invoices()
		self.cancel_credit_notes()
		self.db_set("status", "Cancelled")
		frappe.msgprint(
			_(
				"The occupancies and the unit's status are back as they were, refund requests in draft are withdrawn, the next payer's invoices and the credit notes cancelled. The final readings and the final invoice stay on the books; returned cards stay returned (issue new cards if the resident stays)."
			),
			title=_("Move-out Cancelled"),
		)

	def on_trash(self):
		if self.docstatus == 2:
			return  # what it posted stays on the books either way
		posted = [row.meter_reading for row in self.meter_readings if row.meter_reading]
		posted += [self.final_invoice] if self.final_invoice else []
		posted += [row.sales_invoice for row in self.invoices if row.kind == CREDIT_NOTE]
		if posted:
			frappe.throw(
				_(
					"The final readings or the final invoice of this move-out are posted ({0}): submit the move-out, or cancel those documents before deleting it"
				).format(", ".join(posted)),
				title=_("Documents Posted"),
			)

	def start_amendment(self):
		"""An amendment keeps the final readings (they stay on the books) and makes the final invoice
		step again (it takes over the final invoice and credits again what the cancel restored)."""
		self.set("invoices", [])
		self.set("cards", [])
		self.set(
			"deposits",
			[r for r in self.deposits if r.fee_refund and refund_status(r.fee_refund) != "Withdrawn"],
		)
		self.update(
			{
				"final_invoice": None,
				"final_amount": 0,
				"credit_amount": 0,
				"billing_done": 0,
				"billed_from": None,
				"billed_to": None,
				"unit_status_before": None,
				"unit_status_after": None,
				"status": "Draft",
			}
		)

	def forget_cancelled_steps(self):
		"""A final reading or final invoice cancelled on its own document is done again."""
		for row in self.meter_readings:
			if (
				row.meter_reading
				and frappe.db.get_value("Meter Reading", row.meter_reading, "docstatus") == 2
			):
				row.meter_reading, row.consumption = None, 0
		if self.final_invoice and frappe.db.get_value("Sales Invoice", self.final_invoice, "docstatus") == 2:
			self.final_invoice, self.final_amount, self.billing_done = None, 0, 0
			self.billed_from = self.billed_to = None

	# The leaving resident and who goes with them --------------------------------------------------

	def set_leaving_resident(self):
		occ = frappe.db.get_value(
			"Occupancy",
			self.occupancy,
			["unit", "resident", "resident_name", "role", "start_date", "end_date", "pays_fees"],
			as_dict=True,
		)
		if not occ or occ.unit != self.unit:
			frappe.throw(
				_("Occupancy {0} is not one of unit {1}").format(self.occupancy, frappe.bold(self.unit))
			)
		if occ.role not in LEAVING_ROLES:
			frappe.throw(
				_(
					"A move-out is made for the owner, a tenant or a merchant; {0} is registered as {1} and leaves with them"
				).format(occ.resident_name, _(occ.role)),
				title=_("Not a Household Head"),
			)
		self.resident, self.resident_name, self.role = occ.resident, occ.resident_name, occ.role
		self.occupancy_start = occ.start_date
		self.customer = frappe.db.get_value("Resident", occ.resident, "customer")
		if self.docstatus == 1 and self._action != "submit":
			return
		move_out = getdate(self.move_out_date)
		if move_out < getdate(occ.start_date):
			frappe.throw(
				_("{0}'s occupancy began on {1}: the move-out cannot be on {2}").format(
					occ.resident_name, formatdate(occ.start_date), formatdate(move_out)
				)
			)
		if occ.end_date and move_out > getdate(occ.end_date):
			frappe.throw(
				_(
					"{0}'s occupancy ended on {1}: the move-out cannot be later (extend the end date on the occupancy first)"
				).format(occ.resident_name, formatdate(occ.end_date)),
				title=_("Occupancy Ended"),
			)
		self.end_date_before = occ.end_date
		other = frappe.db.get_value(
			"Move Out", {"occupancy": self.occupancy, "docstatus": ("<", 2), "name": ("!=", self.name or "")}
		)
		if other:
			frappe.throw(
				_("Move-out {0} is already made for this occupancy").format(frappe.bold(other)),
				frappe.DuplicateEntryError,
				title=_("Already Moving Out"),
			)
		if self.role == OWNER:
			self.check_no_tenant_stays()

	def check_no_tenant_stays(self):
		"""An owner's departure leaves nobody to pay for a tenant or merchant who stays."""
		staying = [
			o
			for o in get_occupancies_between(
				self.unit, add_days(self.move_out_date, 1), "9999-12-31", PAYING_ROLES
			)
		]
		if staying:
			frappe.throw(
				_(
					"{0} ({1}) stays at unit {2} after {3}: the tenant moves out first, or the unit changes hands by an Ownership Transfer"
				).format(
					staying[0].resident_name, _(staying[0].role), self.unit, formatdate(self.move_out_date)
				),
				title=_("Occupant Stays"),
			)

	def set_household(self):
		"""Family members and other occupants: an owner's household leaves with them; a tenant's or
		merchant's (those who came with them) is ticked to leave and the desk may untick."""
		chosen = {row.occupancy: row.leaves for row in self.household}
		self.set("household", [])
		for occ in get_occupancies(self.unit, self.move_out_date, roles=HOUSEHOLD_ROLES):
			came_with = getdate(occ.start_date) >= getdate(self.occupancy_start)
			leaves = 1 if self.role == OWNER else chosen.get(occ.name, 1 if came_with else 0)
			self.append(
				"household",
				{
					"occupancy": occ.name,
					"resident": occ.resident,
					"resident_name": occ.resident_name,
					"role": occ.role,
					"start_date": occ.start_date,
					"end_date_before": occ.end_date,
					"leaves": leaves,
				},
			)

	def pays_fees(self) -> bool:
		"""The owner pays for the unit, a tenant or merchant when their lease says so."""
		return self.role == OWNER or bool(frappe.db.get_value("Occupancy", self.occupancy, "pays_fees"))

	def leaving_residents(self) -> list[str]:
		return [self.resident, *(row.resident for row in self.household if row.leaves)]

	# Step 1: final readings --------------------------------------------------------------------------

	def set_meter_rows(self):
		"""Every active meter of the unit has a row, with its last reading until the final one is posted."""
		meters = {
			m.name: m
			for m in frappe.get_all(
				"Meter",
				filters={"unit": self.unit, "is_active": 1},
				fields=["name", "meter_type", "last_reading", "last_reading_date"],
				order_by="meter_type, name",
			)
		}
		listed = {row.meter for row in self.meter_readings}
		for name, meter in meters.items():
			if name not in listed:
				self.append("meter_readings", {"meter": name, "meter_type": meter.meter_type})
		validate_meter_rows(
			[row for row in self.meter_readings if not row.meter_reading], self.unit, require_all=False
		)
		for row in self.meter_readings:
			if not row.meter_reading:
				self.adopt_final_reading(row)
			if not row.meter_reading:
				meter = meters[row.meter]
				row.meter_type, row.last_reading, row.last_reading_date = (
					meter.meter_type,
					meter.last_reading,
					meter.last_reading_date,
				)
				row.reading_type = row.reading_type or "Normal"

	def adopt_final_reading(self, row):
		"""The meter was read on the move-out day already (by the move-out this one amends)."""
		reading = frappe.db.get_value(
			"Meter Reading",
			{"meter": row.meter, "docstatus": 1, "reading_date": self.move_out_date},
			["name", "reading", "reading_type", "consumption", "previous_reading", "previous_reading_date"],
			as_dict=True,
		)
		if reading:
			row.update(
				{
					"meter_reading": reading.name,
					"final_reading": reading.reading,
					"reading_type": reading.reading_type if reading.reading_type == "Roll-over" else "Normal",
					"consumption": reading.consumption,
					"last_reading": reading.previous_reading,
					"last_reading_date": reading.previous_reading_date,
				}
			)

	@frappe.whitelist()
	def post_final_readings(self):
		"""Step 1: the final readings become submitted Meter Readings dated the move-out day."""
		self.check_permission("write")
		self.ensure_draft()
		self.check_date_reached()
		self.save()
		frappe.db.savepoint("final_readings")
		for row in self.meter_readings:
			if row.meter_reading:
				continue
			reading = frappe.get_doc(
				{
					"doctype": "Meter Reading",
					"meter": row.meter,
					"reading_date": self.move_out_date,
					"reading": row.final_reading,
					"reading_type": row.reading_type or "Normal",
					"remarks": _("Final reading of move-out {0}").format(self.name),
				}
			)
			reading.flags.ignore_permissions = True  # part of the move-out the clerk may make
			try:
				reading.insert()
				reading.submit()
			except frappe.ValidationError as e:
				frappe.db.rollback(save_point="final_readings")
				frappe.clear_last_message()
				frappe.throw(
					_("Meter {0}: {1}").format(row.meter, frappe.utils.strip_html(str(e))),
					title=_("Final Reading Refused"),
				)
			row.meter_reading, row.consumption = reading.name, reading.consumption
		self.save()

	def check_readings_posted(self):
		validate_meter_rows(self.meter_readings, self.unit, require_all=True)
		unposted = [row.meter for row in self.meter_readings if not row.meter_reading]
		if unposted:
			frappe.throw(
				_("Post the final readings first (step 1): {0}").format(", ".join(unposted)),
				title=_("Final Readings Missing"),
			)

	# Step 2: the final invoice --------------------------------------------------------------------------

	@frappe.whitelist()
	def make_final_invoice(self):
		"""Step 2: bill the leaving payer up to the move-out day and credit back what was billed beyond."""
		self.check_permission("write")
		self.ensure_draft()
		self.check_date_reached()
		self.check_readings_posted()
		if self.billing_done:
			frappe.throw(_("The final invoice was made already"))
		if self.pays_fees():
			result = bill_up_to(
				self.unit,
				self.resident,
				self.move_out_date,
				remarks=_("Final invoice of move-out {0}: unit {1} up to {2}").format(
					self.name, self.unit, self.move_out_date
				),
			)
			self.final_invoice = result["invoice"]
			self.billed_from, self.billed_to = result["from_date"], result["to_date"]
			self.final_amount = (
				frappe.db.get_value("Sales Invoice", self.final_invoice, "grand_total")
				if self.final_invoice
				else 0
			)
			self.customer = frappe.db.get_value("Resident", self.resident, "customer")
			for name in result["credit_notes"]:
				self.append("invoices", {"kind": CREDIT_NOTE, "sales_invoice": name})
			self.credit_amount = flt(
				-sum(frappe.db.get_value("Sales Invoice", n, "grand_total") for n in result["credit_notes"]),
				2,
			)
		else:
			frappe.msgprint(
				_("{0} does not pay the unit's fees (the owner does): nothing to bill").format(
					self.resident_name
				)
			)
		parking = self.credit_parking_rent()
		for name in parking:
			self.append("invoices", {"kind": CREDIT_NOTE, "sales_invoice": name})
		self.credit_amount = flt(
			flt(self.credit_amount)
			- sum(frappe.db.get_value("Sales Invoice", n, "grand_total") for n in parking),
			2,
		)
		self.billing_done = 1
		self.save()

	def credit_parking_rent(self) -> list[str]:
		"""The rent the leaving parking cards paid for the days after the move-out goes back on Credit
		Notes (the cards are returned on submit)."""
		from pm_module.front_desk.doctype.parking_card.parking_card import credit_unused_rent

		made = []
		for row in self.cards:
			if row.card_doctype == PARKING_CARD and row.status_before in ("Active", "Expired"):
				made += credit_unused_rent(row.card, self.move_out_date)
		return made

	# Step 3: what is owed, settled at the counter -----------------------------------------------------

	def refresh_invoices(self):
		"""Everything the resident owes for the unit (their unpaid invoices, with the late fee accrued
		to today), the final invoice and credit notes, each with the receipts that paid it."""
		rows = {row.sales_invoice: row for row in self.invoices}
		if self.final_invoice and self.final_invoice not in rows:
			rows[self.final_invoice] = self.append(
				"invoices", {"kind": FINAL_INVOICE, "sales_invoice": self.final_invoice}
			)
		if self.customer:
			for inv in unpaid_invoices(self.unit, customer=self.customer):
				if inv.name not in rows:
					rows[inv.name] = self.append("invoices", {"kind": ARREARS, "sales_invoice": inv.name})
		if not rows:
			self.total_outstanding = self.total_late_fee = self.credit_balance = 0
			return
		names = list(rows)
		invoices = {
			i.name: i
			for i in frappe.get_all(
				"Sales Invoice",
				filters={"name": ("in", names)},
				fields=[
					"name",
					"docstatus",
					"from_date",
					"to_date",
					"due_date",
					"grand_total",
					"outstanding_amount",
				],
			)
		}
		receipts, fees_paid = invoice_payments(names)
		kept = []
		for row in self.invoices:
			inv = invoices.get(row.sales_invoice)
			if not inv or inv.docstatus != 1:
				continue  # cancelled meanwhile
			row.from_date, row.to_date, row.due_date = inv.from_date, inv.to_date, inv.due_date
			row.grand_total, row.outstanding_amount = inv.grand_total, inv.outstanding_amount
			row.late_fee = (
				late_fee(inv.outstanding_amount, inv.due_date)[1] if inv.outstanding_amount > 0 else 0
			)
			row.late_fee_paid = fees_paid.get(inv.name, 0)
			row.receipts = "\n".join(receipts.get(inv.name, []))
			kept.append(row)
		self.set("invoices", kept)
		for i, row in enumerate(self.invoices, start=1):
			row.idx = i
		owed = [
			r for r in self.invoices if r.kind in (ARREARS, FINAL_INVOICE) and flt(r.outstanding_amount) > 0
		]
		self.total_outstanding = flt(sum(flt(r.outstanding_amount) for r in owed), 2)
		self.total_late_fee = flt(sum(flt(r.late_fee) for r in owed), 2)
		self.credit_balance = flt(
			-sum(
				flt(r.outstanding_amount)
				for r in self.invoices
				if r.kind == CREDIT_NOTE and flt(r.outstanding_amount) < 0
			),
			2,
		)

	def check_settled(self):
		"""The arrears gate: nothing the resident owes for the unit is left unpaid (for an owner, the
		unit's arrears too)."""
		owed = [
			r for r in self.invoices if r.kind in (ARREARS, FINAL_INVOICE) and flt(r.outstanding_amount) > 0
		]
		if owed:
			frappe.throw(
				_(
					"{0} still owes {1} (and a late fee of {2}) for unit {3} on {4}: settle at the fee counter before the move-out"
				).format(
					self.resident_name,
					fmt_money(self.total_outstanding),
					fmt_money(self.total_late_fee),
					self.unit,
					", ".join(r.sales_invoice for r in owed),
				),
				title=_("Unpaid Fees"),
			)
		if self.role == OWNER:
			ensure_no_arrears(self.unit, PROCEDURE)

	# Step 4: deposits ------------------------------------------------------------------------------------

	@frappe.whitelist()
	def request_deposit_refunds(self):
		"""Step 4: a Fee Refund request for each deposit the resident paid for the unit."""
		self.check_permission("write")
		self.ensure_draft()
		if not fee_refunds_available():
			frappe.throw(_("Fee refunds are not set up on this site"))
		if not self.request_refunds():
			frappe.msgprint(_("No deposit is left to refund"))
		self.save()

	def request_refunds(self) -> list:
		"""Ask finance to refund every refundable deposit not asked for yet; returns the new rows."""
		if not self.customer or not fee_refunds_available():
			return []
		if not frappe.has_permission(FEE_REFUND, "create"):
			frappe.msgprint(
				_(
					"You may not ask for refunds: the front desk or the cashier asks finance to refund the deposit"
				),
				alert=True,
			)
			return []
		from pm_module.billing.doctype.fee_refund.fee_refund import (
			make_credit_refund,
			make_deposit_refund,
			refundable_deposits,
		)

		asked = {(row.sales_invoice, row.item) for row in self.deposits if row.fee_refund}
		rows = []
		for credit in self.refundable_credits():
			if (credit.name, None) in asked:
				continue
			refund = make_credit_refund(
				self.unit,
				credit.customer,
				credit.name,
				-flt(credit.outstanding_amount),
				_("Move-out {0} of unit {1}: credit for days not used").format(self.name, self.unit),
				move_out=self.name,
			)
			rows.append(
				self.append(
					"deposits",
					{
						"sales_invoice": credit.name,
						"amount": -flt(credit.outstanding_amount),
						"fee_refund": refund.name,
						"refund_status": refund_status(refund.name),
					},
				)
			)
		for deposit in refundable_deposits(self.unit, self.customer):
			deposit = frappe._dict(deposit)
			if (deposit.sales_invoice, deposit.item) in asked:
				continue
			refund = make_deposit_refund(
				self.unit,
				self.customer,
				deposit.sales_invoice,
				deposit.amount,
				_("Move-out {0} of unit {1}").format(self.name, self.unit),
				move_out=self.name,
			)
			name = getattr(refund, "name", refund)
			rows.append(
				self.append(
					"deposits",
					{
						"sales_invoice": deposit.sales_invoice,
						"item": deposit.item,
						"amount": deposit.amount,
						"fee_refund": name,
						"refund_status": refund_status(name),
					},
				)
			)
		return rows

	def refundable_credits(self) -> list[frappe._dict]:
		"""The credit notes of this move-out that hold a credit of their own (their invoice was paid)."""
		names = [row.sales_invoice for row in self.invoices if row.kind == CREDIT_NOTE]
		if not names:
			return []
		return frappe.get_all(
			"Sales Invoice",
			filters={"name": ("in", names), "docstatus": 1, "outstanding_amount": ("<", 0)},
			fields=["name", "customer", "outstanding_amount"],
			order_by="name",
		)

	def refresh_deposits(self):
		for row in self.deposits:
			if row.fee_refund:
				row.refund_status = refund_status(row.fee_refund)

	@frappe.whitelist()
	def refresh_refund_status(self):
		"""The refunds' progress on a submitted move-out (finance approves and pays them later)."""
		self.check_permission("read")
		if self.docstatus != 1:
			return
		for row in self.deposits:
			if row.fee_refund:
				row.db_set("refund_status", refund_status(row.fee_refund), update_modified=False)
		self.db_set("status", self.settlement_status(), update_modified=False)

	def settlement_status(self) -> str:
		pending = [
			row
			for row in self.deposits
			if row.fee_refund and refund_docstatus(row.fee_refund) == 0 and row.refund_status != "Rejected"
		]
		return "Refunds Pending" if pending else "Completed"

	def withdraw_refunds(self):
		for row in self.deposits:
			if row.fee_refund and refund_docstatus(row.fee_refund) == 0:
				frappe.delete_doc(FEE_REFUND, row.fee_refund, ignore_permissions=True, force=True)
				row.db_set({"fee_refund": None, "refund_status": "Withdrawn"})

	# On submit: cards, occupancies, the unit ------------------------------------------------------------

	def set_cards(self):
		"""The cards of everyone leaving that are still in use: returned on submit."""
		leaving = self.leaving_residents()
		self.set("cards", [])
		for doctype, states in (
			(ACCESS_CARD, ("Active", "Pending Approval")),
			(PARKING_CARD, ("Unpaid", "Active", "Expired")),
		):
			for card in frappe.get_all(
				doctype,
				filters={"unit": self.unit, "resident": ("in", leaving), "status": ("in", states)},
				fields=["name", "card_number", "holder_name", "status"],
				order_by="name",
			):
				self.append(
					"cards",
					{
						"card_doctype": doctype,
						"card": card.name,
						"card_number": card.card_number,
						"holder_name": card.holder_name,
						"status_before": card.status,
					},
				)

	def return_cards(self):
		"""Each card is returned by its own procedure (the access card logs it)."""
		for row in self.cards:
			card = frappe.get_doc(row.card_doctype, row.card)
			card.flags.ignore_permissions = True  # part of the move-out the clerk submits
			if row.card_doctype == ACCESS_CARD:
				card.return_card(remarks=_("Move-out {0}").format(self.name))
			else:
				card.return_card()
			row.db_set("returned", 1)

	def end_occupancies(self):
		"""The resident's occupancy, and those of whoever leaves with them, end on the move-out day."""
		end_occupancy(self.occupancy, self.move_out_date)
		for row in self.household:
			if row.leaves:
				end_occupancy(row.occupancy, self.move_out_date)

	def bill_next_payer(self):
		"""The days credited back to the leaver are billed to whoever pays for the unit after them."""
		from pm_module.billing.invoicing import bill_taken_over

		if not self.pays_fees():
			return
		credits = [row.sales_invoice for row in self.invoices if row.kind == CREDIT_NOTE]
		made = bill_taken_over(
			self.unit,
			self.resident,
			credits,
			remarks=_("Move-out {0} of {1}: unit {2} from {3}, billed to its next payer").format(
				self.name, self.resident_name, self.unit, add_days(self.move_out_date, 1)
			),
		)
		for name in made:
			inv = frappe.db.get_value(
				"Sales Invoice",
				name,
				["from_date", "to_date", "due_date", "grand_total", "outstanding_amount"],
				as_dict=True,
			)
			self.append("invoices", {"kind": NEXT_PAYER, "sales_invoice": name, **inv}).db_insert()

	def cancel_next_payer_invoices(self):
		for row in self.invoices:
			if (
				row.kind == NEXT_PAYER
				and frappe.db.get_value("Sales Invoice", row.sales_invoice, "docstatus") == 1
			):
				invoice = frappe.get_doc("Sales Invoice", row.sales_invoice)
				invoice.flags.ignore_permissions = True
				invoice.cancel()

	def update_unit_status(self):
		status = frappe.db.get_value("Unit", self.unit, "status")
		remaining = get_occupancies_between(self.unit, add_days(self.move_out_date, 1), "9999-12-31")
		after = "Vacant" if not remaining and status in LIVED_IN else status
		if after != status:
			set_unit_status(self.unit, after)
		refresh_unit_occupants(self.unit)
		self.db_set({"unit_status_before": status, "unit_status_after": after})

	def restore_occupancies(self):
		for name, end_date in [
			(self.occupancy, self.end_date_before),
			*((row.occupancy, row.end_date_before) for row in self.household if row.leaves),
		]:
			if not frappe.db.exists("Occupancy", name):
				continue
			occupancy = frappe.get_doc("Occupancy", name)
			occupancy.end_date = end_date
			occupancy.flags.ignore_permissions = True
			occupancy.save()

	def restore_unit_status(self):
		status = frappe.db.get_value("Unit", self.unit, "status")
		if self.unit_status_before and status == self.unit_status_after and status != self.unit_status_before:
			set_unit_status(self.unit, self.unit_status_before)
		refresh_unit_occupants(self.unit)

	def cancel_credit_notes(self):
		"""The resident stays: what they were billed in advance is owed again (ERPNext refuses while a
		credit note is allocated to a payment or refund, and says so)."""
		for row in self.invoices:
			if (
				row.kind == CREDIT_NOTE
				and frappe.db.get_value("Sales Invoice", row.sales_invoice, "docstatus") == 1
			):
				credit_note = frappe.get_doc("Sales Invoice", row.sales_invoice)
				credit_note.flags.ignore_permissions = True
				credit_note.cancel()

	# Checks -------------------------------------------------------------------------------------------------

	def ensure_draft(self):
		if self.docstatus != 0:
			frappe.throw(_("Move-out {0} is submitted or cancelled: its steps are done").format(self.name))

	def check_date_reached(self):
		if getdate(self.move_out_date) > getdate(today()):
			frappe.throw(
				_(
					"The move-out is on {0}: the final readings, the final invoice and the submit are done on or after that day"
				).format(formatdate(self.move_out_date)),
				title=_("Move-out Date Not Reached"),
			)


# Helpers ----------------------------------------------------------------------------------------------------


def invoice_payments(invoices: list[str]) -> tuple[dict[str, list[str]], dict[str, float]]:
	"""Invoice -> the receipts (submitted Payment Entries) that paid it, and the late fee they charged on it."""
	references = frappe.get_all(
		"Payment Entry Reference",
		filters={
			"parenttype": "Payment Entry",
			"reference_doctype": "Sales Invoice",
			"reference_name": ("in", invoices),
			"docstatus": 1,
		},
		fields=["parent", "reference_name", "allocated_amount"],
		order_by="creation",
	)
	numbers = dict(
		frappe.get_all(
			"Payment Entry",
			filters={"name": ("in", [r.parent for r in references] or [""])},
			fields=["name", "pm_receipt_no"],
			as_list=True,
		)
	)
	receipts: dict[str, list[str]] = {}
	for ref in references:
		receipts.setdefault(ref.reference_name, []).append(
			f"{numbers.get(ref.parent) or ref.parent}: {fmt_money(ref.allocated_amount)}"
		)
	fees: dict[str, float] = {}
	for row in frappe.get_all(
		"Payment Entry Deduction",
		filters={"parenttype": "Payment Entry", "pm_sales_invoice": ("in", invoices), "docstatus": 1},
		fields=["pm_sales_invoice", "amount"],
	):
		fees[row.pm_sales_invoice] = flt(fees.get(row.pm_sales_invoice, 0) - flt(row.amount), 2)
	return receipts, fees


def fee_refunds_available() -> bool:
	return bool(frappe.db.exists("DocType", FEE_REFUND))


def refund_docstatus(name: str) -> int | None:
	return frappe.db.get_value(FEE_REFUND, name, "docstatus") if fee_refunds_available() else None


def refund_status(name: str) -> str:
	"""A Fee Refund's progress: Pending, Approved or Rejected while in draft, then Refunded (or
	Cancelled); Withdrawn when it is gone."""
	if not fee_refunds_available():
		return "Withdrawn"
	row = frappe.db.get_value(FEE_REFUND, name, ["docstatus", "approval_status"], as_dict=True)
	if not row:
		return "Withdrawn"
	if row.docstatus == 1:
		return "Refunded"
	if row.docstatus == 2:
		return "Cancelled"
	return row.approval_status or "Pending"


def fee_refund_changed(refund, method=None) -> None:
	"""Fee Refund hook: a refund asked for by a submitted move-out was approved, refused, paid or
	cancelled; the move-out's deposit rows and status follow."""
	move_out = refund.get("move_out")
	if not move_out or refund.flags.in_insert:
		return  # a new request: the move-out asking for it records it itself
	if frappe.db.get_value("Move Out", move_out, "docstatus") == 1:
		doc = frappe.get_doc("Move Out", move_out)
		doc.flags.ignore_permissions = True
		doc.refresh_refund_status()
