"""What a unit owes for a billing period: the charge lines of each payer, before any invoice exists.

Fixed charges (area-based property fee, per-unit fees) are billed in advance for the period and
prorated by the days each payer is responsible; metered charges are billed in arrears, for the
readings taken in the period before. A payer who leaves (a move-out) is billed up to a day by the
same rules (part_period_charges; what was billed in advance beyond it: billed_in_advance_lines),
and runs after it bill neither those days nor those readings again. Nothing here writes to the
database.
"""

from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, add_months, date_diff, flt, getdate

from pm_module.billing.doctype.unit_charge.unit_charge import pending_charges
from pm_module.estate.register import get_occupancies_between, get_payer
from pm_module.estate.utils import get_settings

CYCLE_MONTHS = {"Monthly": 1, "Quarterly": 3, "Half-yearly": 6}
# Units in these states pay the reduced rate of the settings on fixed charges
REDUCED_RATE_STATUS = {"Vacant": "vacancy_fee_percent", "Custody": "custody_fee_percent"}
QTY_PRECISION = 3


class SkipUnit(Exception):
	"""The unit cannot be billed for a reason the office must fix (shown on the run, not an error)."""


@dataclass
class ChargeLine:
	item_code: str
	qty: float
	rate: float
	description: str
	income_account: str | None = None
	unit_charge: str | None = None

	@property
	def amount(self) -> float:
		return flt(self.qty * self.rate, 2)


@dataclass
class PayerCharges:
	payer: str
	lines: list[ChargeLine] = field(default_factory=list)


def period_end(from_date, cycle: str) -> date:
	return getdate(add_days(add_months(from_date, CYCLE_MONTHS[cycle]), -1))


def previous_period(from_date, cycle: str) -> tuple[date, date]:
	"""The period whose meter readings a run starting on `from_date` bills (in arrears)."""
	start = getdate(add_months(from_date, -CYCLE_MONTHS[cycle]))
	return start, getdate(add_days(from_date, -1))


def default_due_date(from_date, cycle: str) -> date:
	"""Fees are paid in advance: monthly within N days of the notice sent on the notice day of the
	month before; quarterly and half-yearly within the month before the period (DOMAIN.md)."""
	from_date = getdate(from_date)
	settings = get_settings()
	if cycle == "Monthly":
		notice = getdate(add_months(from_date, -1)).replace(day=settings.monthly_notice_day or 15)
		return getdate(add_days(notice, settings.monthly_pay_within_days or 7))
	return getdate(add_days(from_date, -1))


def unit_cycle(unit: dict) -> str:
	return (
		unit.get("billing_cycle")
		or frappe.get_cached_value("Estate", unit["estate"], "billing_cycle")
		or get_settings().default_billing_cycle
		or "Monthly"
	)


# Fee definitions -------------------------------------------------------------------------------


def get_fee_items(estate: str) -> list[dict]:
	"""Every enabled fee definition of an estate with its tiers (read once per batch of units)."""
	fees = frappe.get_all(
		"Fee Item",
		filters={"estate": estate, "enabled": 1},
		fields=[
			"name",
			"fee_name",
			"charge_basis",
			"meter_type",
			"apply_vacancy_rate",
			"unit_type",
			"building",
			"unit",
			"item",
			"income_account",
			"rate",
		],
		order_by="name",
	)
	tiers = frappe.get_all(
		"Fee Tariff Tier",
		filters={"parenttype": "Fee Item", "parent": ("in", [f.name for f in fees] or [""])},
		fields=["parent", "up_to", "rate"],
		order_by="parent, idx",
	)
	for fee in fees:
		fee.tiers = [t for t in tiers if t.parent == fee.name]
	return fees


def specificity(fee: dict) -> int:
	"""A definition for the unit beats one for its building, which beats one for its unit type."""
	return 4 * bool(fee.unit) + 2 * bool(fee.building) + bool(fee.unit_type)


def fees_for_unit(fees: list[dict], unit: dict) -> list[dict]:
	"""The definition that applies to `unit` for each item (most specific wins)."""
	best: dict[str, dict] = {}
	for fee in fees:
		if (
			(fee.unit and fee.unit != unit["name"])
			or (fee.building and fee.building != unit["building"])
			or (fee.unit_type and fee.unit_type != unit["unit_type"])
		):
			continue
		current = best.get(fee.item)
		if not current or specificity(fee) > specificity(current):
			best[fee.item] = fee
	return sorted(best.values(), key=lambda f: f.name)


def tiered_lines(fee: dict, consumption: float) -> list[tuple[float, float, str]]:
	"""Split a period's consumption over the tariff tiers: (quantity, rate, label) per tier used."""
	if not fee.tiers:
		return [(consumption, flt(fee.rate), "")]
	lines, lower = [], 0.0
	for i, tier in enumerate(fee.tiers, start=1):
		upper = flt(tier.up_to) or None
		if consumption <= lower:
			break
		qty = (min(consumption, upper) if upper else consumption) - lower
		label = _("tier {0}: {1}–{2}").format(i, fmt_qty(lower), fmt_qty(upper) if upper else "")
		lines.append((flt(qty, QTY_PRECISION), flt(tier.rate), label))
		if not upper:
			return lines
		lower = upper
	if consumption > lower:
		frappe.throw(
			_("Fee {0}: the tariff has no tier above {1}").format(fee.name, fmt_qty(lower)),
			title=_("Tariff Gap"),
		)
	return lines


def fmt_qty(value: float) -> str:
	return f"{flt(value, QTY_PRECISION):g}"


# Who pays for which days -------------------------------------------------------------------------


def payer_segments(unit: str, from_date: date, to_date: date) -> list[tuple[str, date, date]]:
	"""(payer, first day, last day) for each stretch of the period one payer is responsible for."""
	cuts = {from_date}
	for occ in get_occupancies_between(unit, from_date, to_date):
		for day in (occ.start_date, occ.end_date and add_days(occ.end_date, 1)):
			if day and from_date < getdate(day) <= to_date:
				cuts.add(getdate(day))
	starts = sorted(cuts)
	segments: list[tuple[str, date, date]] = []
	for i, start in enumerate(starts):
		end = add_days(starts[i + 1], -1) if i + 1 < len(starts) else to_date
		payer = get_payer(unit, start)
		if not payer:
			continue
		if segments and segments[-1][0] == payer and getdate(add_days(segments[-1][2], 1)) == start:
			segments[-1] = (payer, segments[-1][1], getdate(end))
		else:
			segments.append((payer, start, getdate(end)))
	return segments


# The charges of one unit ---------------------------------------------------------------------------


def compute_unit_charges(unit: dict, from_date, cycle: str, fees: list[dict]) -> list[PayerCharges]:
	"""The charge lines of every payer of `unit` for the period starting `from_date`.

	Raises SkipUnit when the unit cannot be billed (no area, no payer, missing readings)."""
	from_date = getdate(from_date)
	to_date = period_end(from_date, cycle)
	applicable = fees_for_unit(fees, unit)
	one_off = pending_charges(unit["name"], to_date)
	if not applicable and not one_off:
		raise SkipUnit(_("No fee item applies to this unit"))

	by_payer: dict[str, PayerCharges] = {}

	def charges_of(payer: str) -> PayerCharges:
		return by_payer.setdefault(payer, PayerCharges(payer))

	paid_until = None
	fixed = [f for f in applicable if f.charge_basis != "Metered"]
	if fixed:
		segments = payer_segments(unit["name"], from_date, to_date)
		if not segments:
			raise SkipUnit(_("No owner or paying occupant is registered for the period"))
		advance = advance_invoices(unit["name"], from_date, to_date)
		paid_until = prepaid_until(unit["name"], from_date, advance)
		for payer, start, end in segments:
			if paid_until:
				start = max(start, getdate(add_days(paid_until, 1)))
			# days billed to this payer outside the runs (a move-out's final invoice) are not billed again
			own = [(i.from_date, i.to_date) for i in advance if i.pm_resident == payer]
			for first, last in unbilled_days(start, end, own):
				charges_of(payer).lines += fixed_lines(unit, fixed, cycle, from_date, to_date, first, last)

	metered = [f for f in applicable if f.charge_basis == "Metered"]
	if metered:
		# one look-up per unit: the readings its payers were billed for at a move-out
		billed = readings_billed_until(unit["name"], previous_period(from_date, cycle)[0])
		for fee in metered:
			for payer, lines in metered_lines(unit, fee, from_date, cycle, billed).items():
				charges_of(payer).lines += lines

	for charge in one_off:
		charges_of(charge.payer).lines.append(unit_charge_line(charge))

	billable = [c for c in by_payer.values() if c.lines]
	if not billable and paid_until:
		raise SkipUnit(_("Fees are paid in advance until {0}").format(frappe.format(paid_until, "Date")))
	return billable


def unit_charge_line(charge: dict) -> ChargeLine:
	"""The invoice line of a pending one-off Unit Charge."""
	description = charge.description or frappe.db.get_value("Item", charge.item, "item_name")
	return ChargeLine(
		charge.item,
		flt(charge.qty),
		flt(charge.rate),
		f"{description} ({charge.charge_date})",
		unit_charge=charge.name,
	)


def advance_invoices(unit: str, from_date, to_date) -> list[dict]:
	"""The unit's submitted fee invoices made outside the billing runs (the months collected at
	move-in, a move-out's final invoice) whose period overlaps from_date..to_date."""
	return frappe.get_all(
		"Sales Invoice",
		filters={
			"pm_unit": unit,
			"docstatus": 1,
			"is_return": 0,
			"pm_billing_run": ("is", "not set"),
			"from_date": ("<=", to_date),
			"to_date": (">=", from_date),
		},
		fields=["name", "pm_resident", "from_date", "to_date"],
	)


def prepaid_until(unit: str, from_date, invoices: list[dict] | None = None) -> date | None:
	"""The last day of the fixed fees a payer paid in advance outside the billing runs (the months
	collected at move-in), when that reaches into the period starting `from_date`.

	`invoices`: the unit's advance_invoices() of the period, when the caller has them already."""
	from_date = getdate(from_date)
	if invoices is None:
		invoices = advance_invoices(unit, from_date, from_date)
	ends = [getdate(i.to_date) for i in invoices if getdate(i.from_date) <= from_date <= getdate(i.to_date)]
	return max(ends) if ends else None


def unbilled_days(start, end, billed: list[tuple]) -> list[tuple[date, date]]:
	"""The stretches of start..end outside every (first day, last day) of `billed`."""
	stretches, start, end = [], getdate(start), getdate(end)
	for first, last in sorted((getdate(f), getdate(t)) for f, t in billed):
		if last < start or first > end:
			continue
		if first > start:
			stretches.append((start, getdate(add_days(first, -1))))
		start = max(start, getdate(add_days(last, 1)))
	if start <= end:
		stretches.append((start, end))
	return stretches


def fixed_lines(unit: dict, fees: list[dict], cycle: str, from_date, to_date, start, end) -> list[ChargeLine]:
	months = CYCLE_MONTHS[cycle]
	period_days = date_diff(to_date, from_date) + 1
	days = date_diff(end, start) + 1
	share = days / period_days
	reduced_field = REDUCED_RATE_STATUS.get(unit["status"])
	reduced_percent = flt(get_settings().get(reduced_field)) if reduced_field else 100.0

	lines = []
	for fee in fees:
		# the vacancy percentage and the prorated share reduce the quantity, never the tariff rate,
		# so that quantity × rate is the exact amount and the rate printed is the published one
		percent = reduced_percent if fee.apply_vacancy_rate else 100.0
		if fee.charge_basis == "Area":
			if flt(unit["gross_area"]) <= 0:
				raise SkipUnit(_("The unit has no gross area"))
			base = flt(unit["gross_area"])
			notes = [_("{0} m² × {1} month(s)").format(fmt_qty(base), months)]
		else:
			base = 1
			notes = [_("{0} month(s)").format(months)]
		if days != period_days:
			notes.append(_("{0} of {1} days").format(days, period_days))
		if percent != 100:
			notes.append(_("{0}: {1}%").format(_(unit["status"]), fmt_qty(percent)))
		qty = flt(base * months * share * percent / 100, QTY_PRECISION)
		description = f"{fee.fee_name} {start} ~ {end}: " + ", ".join(notes)
		lines.append(ChargeLine(fee.item, qty, flt(fee.rate), description, fee.income_account))
	return lines


def metered_lines(
	unit: dict, fee: dict, from_date, cycle: str, billed: dict | None = None
) -> dict[str, list[ChargeLine]]:
	"""Consumption of the previous period per payer (the payer on each reading's date) × tariff."""
	start, end = previous_period(from_date, cycle)
	return consumption_lines(unit, fee, start, end, require_every_meter=True, billed=billed)


def consumption_lines(
	unit: dict,
	fee: dict,
	start,
	end,
	payer: str | None = None,
	require_every_meter: bool = False,
	billed: dict | None = None,
) -> dict[str, list[ChargeLine]]:
	"""The consumption of the unit's meters of the fee's type read from `start` (None: from the
	first reading) to `end`, per payer (the payer on each reading's date; only `payer`'s when given)
	× tariff. Readings a payer was billed for already (up to a final invoice's pm_readings_until,
	at a move-out; `billed`: readings_billed_until() when the caller has it) are left out.
	`require_every_meter`: a meter without a reading in the period skips the unit (the billing
	run's rule)."""
	meters = frappe.get_all(
		"Meter",
		filters={"unit": unit["name"], "meter_type": fee.meter_type, "is_active": 1},
		pluck="name",
	)
	if not meters:
		return {}
	readings = frappe.get_all(
		"Meter Reading",
		filters={
			"meter": ("in", meters),
			"docstatus": 1,
			"reading_date": ("between", [start, end]) if start else ("<=", end),
		},
		fields=["meter", "reading_date", "consumption"],
		order_by="reading_date",
	)
	missing = set(meters) - {r.meter for r in readings}
	if missing and require_every_meter:
		raise SkipUnit(
			_("No {0} reading of meter {1} between {2} and {3}").format(
				_(fee.meter_type), ", ".join(sorted(missing)), start, end
			)
		)
	if not readings:
		return {}
	if billed is None:
		billed = readings_billed_until(unit["name"], readings[0].reading_date)
	consumption: dict[str, float] = {}
	for reading in readings:
		reading_payer = get_payer(unit["name"], reading.reading_date)
		if payer and reading_payer != payer:
			continue
		if not reading_payer:
			raise SkipUnit(_("No owner or paying occupant on {0}").format(reading.reading_date))
		if reading_payer in billed and getdate(reading.reading_date) <= billed[reading_payer]:
			continue
		consumption[reading_payer] = consumption.get(reading_payer, 0.0) + flt(reading.consumption)

	period = f"{fee.fee_name} {start or readings[0].reading_date} ~ {end}"
	out = {}
	for reading_payer, total in consumption.items():
		out[reading_payer] = [
			ChargeLine(fee.item, qty, rate, ", ".join(filter(None, [period, label])), fee.income_account)
			for qty, rate, label in tiered_lines(fee, flt(total, QTY_PRECISION))
			if qty > 0
		]
	return out


def readings_billed_until(unit: str, since) -> dict[str, date]:
	"""Payer -> the last day of meter readings of `unit` billed to them on a final invoice (the
	invoice's pm_readings_until), for final invoices reaching `since` or later."""
	rows = frappe.get_all(
		"Sales Invoice",
		filters={"pm_unit": unit, "docstatus": 1, "is_return": 0, "pm_readings_until": (">=", since)},
		fields=["pm_resident", "max(pm_readings_until) as until"],
		group_by="pm_resident",
	)
	return {r.pm_resident: getdate(r.until) for r in rows}


# Part periods: billing one payer up to a day (a move-out) ---------------------------------------


def billing_periods(from_date, to_date, cycle: str, anchor) -> list[tuple[date, date]]:
	"""The billing periods of `cycle` that cover from_date..to_date, counted from `anchor` (the
	first day of any period of the unit: the runs bill periods of whole months from there)."""
	months = CYCLE_MONTHS[cycle]
	from_date, to_date, anchor = getdate(from_date), getdate(to_date), getdate(anchor)
	k = ((from_date.year - anchor.year) * 12 + from_date.month - anchor.month) // months
	while getdate(add_months(anchor, k * months)) > from_date:
		k -= 1
	periods = []
	while getdate(add_months(anchor, k * months)) <= to_date:
		start = getdate(add_months(anchor, k * months))
		end = getdate(add_days(add_months(anchor, (k + 1) * months), -1))
		if end >= from_date:
			periods.append((start, end))
		k += 1
	return periods


def period_anchor(unit: str) -> date | None:
	"""The first day of the latest period a billing run billed the unit for."""
	anchor = frappe.db.get_value(
		"Sales Invoice",
		{"pm_unit": unit, "docstatus": 1, "is_return": 0, "pm_billing_run": ("is", "set")},
		"max(from_date)",
	)
	return getdate(anchor) if anchor else None


def first_unbilled_day(unit: str, payer: str) -> date | None:
	"""The day after the last day of fixed fees billed to `payer` for `unit` (by billing runs, the
	months collected at move-in or a final invoice); None when the payer was never billed."""
	last = frappe.db.get_value(
		"Sales Invoice",
		{"pm_unit": unit, "pm_resident": payer, "docstatus": 1, "is_return": 0, "to_date": ("is", "set")},
		"max(to_date)",
	)
	return getdate(add_days(last, 1)) if last else None


def first_unbilled_reading_day(unit: str, payer: str) -> date | None:
	"""The first day whose meter readings of `unit` are not billed to `payer` yet.

	A billing run bills, in arrears, the readings of the period before its own that exist when it
	posts: readings up to the day before its period or its posting date, whichever comes first. A
	final invoice billed its payer's readings up to its pm_readings_until."""
	days = []
	run = frappe.db.get_value(
		"Sales Invoice",
		{"pm_unit": unit, "docstatus": 1, "is_return": 0, "pm_billing_run": ("is", "set")},
		["from_date", "posting_date"],
		order_by="from_date desc",
		as_dict=True,
	)
	if run:
		days.append(
			getdate(add_days(min(getdate(add_days(run.from_date, -1)), getdate(run.posting_date)), 1))
		)
	own = readings_billed_until(unit, "1900-01-01").get(payer)
	if own:
		days.append(getdate(add_days(own, 1)))
	return max(days) if days else None


def part_period_charges(
	unit: dict, payer: str, from_date, to_date, fees: list[dict], readings_from=None
) -> PayerCharges:
	"""What `payer` owes for `unit` for the days from_date..to_date, billed the way a billing run
	bills them: fixed fees prorated by day within each billing period of the unit's cycle (the
	payer's days only), the consumption of the meter readings dated readings_from..to_date that fall
	to the payer, and the payer's pending one-off charges up to to_date. from_date None or after
	to_date: no fixed fee (billed already)."""
	cycle = unit_cycle(unit)
	applicable = fees_for_unit(fees, unit)
	charges = PayerCharges(payer)
	fixed = [f for f in applicable if f.charge_basis != "Metered"]
	if fixed and from_date and getdate(from_date) <= getdate(to_date):
		from_date, to_date = getdate(from_date), getdate(to_date)
		anchor = period_anchor(unit["name"]) or from_date.replace(day=1)
		for first, last in billing_periods(from_date, to_date, cycle, anchor):
			for segment_payer, start, end in payer_segments(
				unit["name"], max(from_date, first), min(to_date, last)
			):
				if segment_payer == payer:
					charges.lines += fixed_lines(unit, fixed, cycle, first, last, start, end)
	for fee in (f for f in applicable if f.charge_basis == "Metered"):
		charges.lines += consumption_lines(unit, fee, readings_from, to_date, payer=payer).get(payer, [])
	for charge in pending_charges(unit["name"], to_date):
		if charge.payer == payer:
			charges.lines.append(unit_charge_line(charge))
	return charges


def billed_in_advance_lines(
	unit: dict, payer: str, invoice: dict, from_date, fees: list[dict]
) -> list[ChargeLine]:
	"""The fixed fees `invoice` billed `payer` for the days from `from_date` to the end of its
	period, priced as the billing code prices them (to credit them back when the payer leaves
	early). The invoice's own periods: its run's cycle, or months from its first day (the advance
	collected at move-in)."""
	from_date = max(getdate(from_date), getdate(invoice.from_date))
	to_date = getdate(invoice.to_date)
	if from_date > to_date:
		return []
	cycle = (
		frappe.db.get_value("Billing Run", invoice.pm_billing_run, "billing_cycle")
		if invoice.get("pm_billing_run")
		else None
	) or "Monthly"
	fixed = [f for f in fees_for_unit(fees, unit) if f.charge_basis != "Metered"]
	lines = []
	for first, last in billing_periods(from_date, to_date, cycle, invoice.from_date):
		for segment_payer, start, end in payer_segments(
			unit["name"], max(from_date, first), min(to_date, last)
		):
			if segment_payer == payer:
				lines += fixed_lines(unit, fixed, cycle, first, last, start, end)
	return lines
