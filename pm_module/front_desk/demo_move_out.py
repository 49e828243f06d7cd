"""Demo move-out for an estate: a paying tenant leaves today.

    make_demo("和谐花园")

The front desk reads the unit's meters, the billing code bills the days not billed yet and the
final consumption (crediting back what was billed in advance), the cashier takes everything the
tenant owes at the counter, and the move-out is submitted: the cards are returned, the lease ends
and the utility deposit is asked back from finance. Run once: an estate with a move-out is left as
it is.
"""

import frappe
from frappe.utils import flt, getdate, today

from pm_module.billing.counter import counter_modes, setup_counter, take_payment, unpaid_invoices
from pm_module.notifications import first_user
from pm_module.setup.positions import CASHIER, FRONT_DESK


def make_demo(estate: str) -> dict[str, list[str]]:
	"""Create the demo move-out of `estate`; returns its name by DocType."""
	if frappe.db.exists("Move Out", {"estate": estate}):
		return {}
	occupancy = leaving_tenant(estate)
	if not occupancy:
		return {}
	setup_counter(frappe.db.get_value("Estate", estate, "company"))
	user = frappe.session.user
	try:
		frappe.set_user(first_user(FRONT_DESK))
		doc = frappe.get_doc(
			{
				"doctype": "Move Out",
				"estate": estate,
				"unit": occupancy.unit,
				"occupancy": occupancy.name,
				"move_out_date": today(),
				"remarks": "租约提前结束，租户迁出",
			}
		).insert()
		for row in doc.meter_readings:
			row.final_reading = flt(row.last_reading) + (3 if row.meter_type == "Water" else 42)
		doc.save()
		doc.post_final_readings()
		doc.make_final_invoice()
		if doc.customer:
			frappe.set_user(first_user(CASHIER))
			pay_everything(doc.unit, doc.customer)
			frappe.set_user(first_user(FRONT_DESK))
		doc.reload()
		doc.submit()
	finally:
		frappe.set_user(user)
	return {"Move Out": [doc.name]}


def leaving_tenant(estate: str):
	"""A paying tenant's occupancy whose meters were last read before today (the final reading is
	dated today), the first by unit."""
	for occ in frappe.get_all(
		"Occupancy",
		filters={"estate": estate, "role": "Tenant", "pays_fees": 1, "start_date": ("<", today())},
		fields=["name", "unit", "end_date"],
		order_by="unit",
	):
		if occ.end_date and getdate(occ.end_date) < getdate(today()):
			continue
		read_today = frappe.db.exists(
			"Meter", {"unit": occ.unit, "is_active": 1, "last_reading_date": (">=", today())}
		)
		if not read_today:
			return occ
	return None


def pay_everything(unit: str, customer: str) -> None:
	owed = unpaid_invoices(unit, customer=customer)
	total = flt(sum(i.outstanding_amount + i.late_fee for i in owed), 2)
	if total > 0:
		take_payment(
			unit,
			customer,
			[{"mode_of_payment": counter_modes()[0], "amount": total}],
			[{"name": i.name, "outstanding": i.outstanding_amount} for i in owed],
		)
