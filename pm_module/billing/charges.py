"""What a unit owes for a billing period: the charge lines of each payer, before any invoice exists.

Fixed charges (area-based property fee, per-unit fees) are billed in advance for the period and
prorated by the days each payer is responsible; metered charges are billed in arrears: every
submitted reading not billed before, whatever date it carries, each once (consumption_lines; the
invoice lists the readings it billed in pm_meter_readings, and the reading points at it). A meter
without a new reading adds nothing and never holds back the fixed fees. A payer who leaves (a
move-out) is billed up to a day by the same rules (part_period_charges; what was billed in advance
beyond it: billed_in_advance_lines), and runs after it bill neither those days nor those readings
again. Nothing here writes to the database.
"""

import json
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, add_months, date_diff, flt, getdate

from pm_module.billing.doctype.unit_charge.unit_charge import pending_charges
from pm_module.estate.register import get_occupancies_between, payer_on
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
	# the meter readings whose consumption the lines bill (the invoice's pm_meter_readings)
	readings: list[dict] = field(default_factory=list)


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


def tiered_lines(fee: dict, consumption: float, scale: float = 1.0) -> list[tuple[float, float, str]]:
	"""Split a month's consumption over the tariff tiers: (quantity, rate, label) per tier used.
	`scale`: the tiers' widths × this (the months a reading covers, the payer's share of them)."""
	if not fee.tiers:
		return [(consumption, flt(fee.rate), "")]
	lines, lower = [], 0.0
	for i, tier in enumerate(fee.tiers, start=1):
		upper = flt(flt(tier.up_to) * scale, QTY_PRECISION) or None
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
	occupancies = get_occupancies_between(unit, from_date, to_date)
	for occ in occupancies:
		for day in (occ.start_date, occ.end_date and add_days(occ.end_date, 1)):
			if day and from_date < getdate(day) <= to_date:
				cuts.add(getdate(day))
	starts = sorted(cuts)
	segments: list[tuple[str, date, date]] = []
	for i, start in enumerate(starts):
		end = add_days(starts[i + 1], -1) if i + 1 < len(starts) else to_date
		payer = payer_on(occupancies, start)
		if not payer:
			continue
		if segments and segments[-1][0] == payer and getdate(add_days(segments[-1][2], 1)) == start:
			segments[-1] = (payer, segments[-1][1], getdate(end))
		else:
			segments.append((payer, start, getdate(end)))
	return segments


# The charges of one unit ---------------------------------------------------------------------------


def compute_unit_charges(
	unit: dict, from_date, cycle: str, fees: list[dict], warnings: list | None = None
) -> list[PayerCharges]:
	"""The charge lines of every payer of `unit` for the period starting `from_date`.

	Raises SkipUnit when the unit cannot be billed (no area, no payer). A meter without a new
	reading never holds the fixed fees back: it adds nothing, and is named in `warnings`."""
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
		for fee in metered:
			for payer, found in metered_lines(unit, fee, warnings=warnings).items():
				charges_of(payer).lines += found.lines
				charges_of(payer).readings += found.readings

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
	# frappe.qb, not get_all: run for every unit billed, where get_all's filter parsing costs more than the query
	si = frappe.qb.DocType("Sales Invoice")
	return (
		frappe.qb.from_(si)
		.select(si.name, si.pm_resident, si.from_date, si.to_date)
		.where(
			(si.pm_unit == unit)
			& (si.docstatus == 1)
			& (si.is_return == 0)
			& (si.pm_billing_run.isnull() | (si.pm_billing_run == ""))
			& (si.from_date <= getdate(to_date))
			& (si.to_date >= getdate(from_date))
		)
		.run(as_dict=True)
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
	unit: dict,
	fee: dict,
	from_date=None,
	cycle: str | None = None,
	billed: dict | None = None,
	warnings: list | None = None,
) -> dict[str, PayerCharges]:
	"""Every submitted reading of the unit's meters of the fee's type not billed yet, whatever date it
	carries, priced per payer (billed in arrears: the run bills what has been read). A meter with no
	new reading adds nothing this time: it is named in `warnings`, and its reading is billed by the
	run after it is taken."""
	return consumption_lines(unit, fee, None, None, billed=billed, warnings=warnings)


def months_covered(previous_date, reading_date) -> int:
	"""Whole months a reading's consumption covers (at least 1): the tiers' widths are per month."""
	return max(1, round(date_diff(reading_date, previous_date) / 30.4375))


def consumption_lines(
	unit: dict,
	fee: dict,
	start,
	end,
	payer: str | None = None,
	billed: dict | None = None,
	warnings: list | None = None,
) -> dict[str, PayerCharges]:
	"""The consumption of the readings of the unit's meters of the fee's type not billed yet, dated
	`start` (None: any) to `end` (None: any), per payer × tariff (only `payer`'s when given).

	Each reading's consumption (since the reading before it) falls to the payers of the days it
	covers, pro rata by days; each payer's share is priced on the tiers scaled to the months the
	reading covers (a reading covering two months uses tiers twice as wide) and to the payer's share.
	A reading is billed once to each payer: the invoice lists it in pm_meter_readings, and Meter
	Reading.sales_invoice is set once every payer's share is billed (cleared when one is cancelled).
	`billed`: billed_readings() of the unit when the caller has it."""
	# frappe.qb, not get_all: run for every unit billed (see advance_invoices)
	meter = frappe.qb.DocType("Meter")
	meters = (
		frappe.qb.from_(meter)
		.select(meter.name, meter.is_active, meter.last_reading_date)
		.where((meter.unit == unit["name"]) & (meter.meter_type == fee.meter_type))
		.orderby(meter.name)
		.run(as_dict=True)
	)
	if not meters:
		return {}
	mr = frappe.qb.DocType("Meter Reading")
	query = (
		frappe.qb.from_(mr)
		.select(
			mr.name,
			mr.meter,
			mr.creation,
			mr.reading,
			mr.reading_date,
			mr.previous_reading,
			mr.previous_reading_date,
			mr.consumption,
		)
		.where(
			mr.meter.isin([m.name for m in meters])
			& (mr.docstatus == 1)
			& (mr.reading_type != "Base Reading")
			& (mr.sales_invoice.isnull() | (mr.sales_invoice == ""))
		)
		.orderby(mr.reading_date)
		.orderby(mr.creation)
	)
	if start:
		query = query.where(mr.reading_date >= getdate(start))
	if end:
		query = query.where(mr.reading_date <= getdate(end))
	readings = query.run(as_dict=True)
	if readings and billed is None:
		billed = billed_readings(unit["name"], min(r.creation for r in readings))
	billed = billed or {}

	out: dict[str, PayerCharges] = {}
	# per payer: (rate, tier) -> [qty, labels, notes]
	groups: dict[str, dict[tuple, list]] = {}
	metered = set()
	for reading in readings:
		if not reading.previous_reading_date:
			continue
		first_day = getdate(add_days(reading.previous_reading_date, 1))
		segments = payer_segments(unit["name"], first_day, getdate(reading.reading_date))
		days: dict[str, int] = {}
		for seg_payer, seg_start, seg_end in segments:
			days[seg_payer] = days.get(seg_payer, 0) + date_diff(seg_end, seg_start) + 1
		total_days = sum(days.values())
		if not total_days:
			if warnings is not None:
				warnings.append(
					_("Reading {0} of meter {1}: no owner or paying occupant from {2} to {3}").format(
						reading.name, reading.meter, first_day, reading.reading_date
					)
				)
			continue
		metered.add(reading.meter)
		months = months_covered(reading.previous_reading_date, reading.reading_date)
		consumption = flt(reading.consumption, QTY_PRECISION)
		shared, left = list(days.items()), consumption
		for i, (reading_payer, payer_days) in enumerate(shared):
			share = payer_days / total_days
			qty = flt(left if i == len(shared) - 1 else consumption * share, QTY_PRECISION)
			left = flt(left - qty, QTY_PRECISION)
			if (payer and reading_payer != payer) or reading_payer in billed.get(reading.name, ()):
				continue
			note = _("meter {0}: previous reading {1} ({2}), this reading {3} ({4}), consumption {5}").format(
				reading.meter,
				fmt_qty(reading.previous_reading),
				reading.previous_reading_date,
				fmt_qty(reading.reading),
				reading.reading_date,
				fmt_qty(consumption),
			)
			if months > 1:
				note += ", " + _("{0} months").format(months)
			if payer_days != total_days:
				note += ", " + _("{0} of {1} days: {2}").format(payer_days, total_days, fmt_qty(qty))
			charges = out.setdefault(reading_payer, PayerCharges(reading_payer))
			charges.readings.append(
				{
					"name": reading.name,
					"meter": reading.meter,
					"meter_type": fee.meter_type,
					"fee": fee.name,
					"previous_reading": flt(reading.previous_reading),
					"previous_reading_date": str(reading.previous_reading_date),
					"reading": flt(reading.reading),
					"reading_date": str(reading.reading_date),
					"consumption": consumption,
					"billed": qty,
					"payers": sorted(days),
				}
			)
			payer_groups = groups.setdefault(reading_payer, {})
			for tier, (tier_qty, rate, label) in enumerate(
				tiered_lines(fee, qty, scale=months * share), start=1
			):
				if tier_qty <= 0:
					continue
				group = payer_groups.setdefault((rate, tier), [0.0, [], []])
				group[0] = flt(group[0] + tier_qty, QTY_PRECISION)
				if label and label not in group[1]:
					group[1].append(label)
				group[2].append(note)

	for reading_payer, payer_groups in groups.items():
		for (rate, _tier), (qty, labels, notes) in payer_groups.items():
			description = f"{fee.fee_name}" + (f" ({', '.join(labels)})" if labels else "")
			description += ": " + "; ".join(notes)
			out[reading_payer].lines.append(ChargeLine(fee.item, qty, rate, description, fee.income_account))

	if warnings is not None and not payer:
		for meter in meters:
			if meter.is_active and meter.name not in metered:
				warnings.append(
					_("No new {0} reading of meter {1} since {2}: nothing billed for it this time").format(
						_(fee.meter_type), meter.name, meter.last_reading_date or "-"
					)
				)
	return out


def billed_readings(unit: str, since=None) -> dict[str, set[str]]:
	"""Meter Reading -> the payers its consumption was billed to, from the unit's submitted invoices
	(their pm_meter_readings) created since `since` (a reading is billed after it was made)."""
	si = frappe.qb.DocType("Sales Invoice")
	query = (
		frappe.qb.from_(si)
		.select(si.pm_resident, si.pm_meter_readings)
		.where(
			(si.pm_unit == unit)
			& (si.docstatus == 1)
			& (si.is_return == 0)
			& si.pm_meter_readings.isnotnull()
			& (si.pm_meter_readings != "")
		)
	)
	if since:
		query = query.where(si.creation >= since)
	billed: dict[str, set[str]] = {}
	for invoice in query.run(as_dict=True):
		for entry in invoice_readings(invoice.pm_meter_readings):
			billed.setdefault(entry["name"], set()).add(invoice.pm_resident)
	return billed


def invoice_readings(value) -> list[dict]:
	"""The readings an invoice billed (its pm_meter_readings, a JSON list)."""
	if not value:
		return []
	try:
		return json.loads(value) if isinstance(value, str) else list(value)
	except ValueError:
		return []


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


def part_period_charges(
	unit: dict, payer: str, from_date, to_date, fees: list[dict], readings_from=None
) -> PayerCharges:
	"""What `payer` owes for `unit` for the days from_date..to_date, billed the way a billing run
	bills them: fixed fees prorated by day within each billing period of the unit's cycle (the
	payer's days only), the payer's share of the meter readings up to to_date not billed to them yet
	(readings_from: not used any more, kept for callers), and the payer's pending one-off charges
	up to to_date. from_date None or after to_date: no fixed fee (billed already)."""
	cycle = unit_cycle(unit)
	applicable = fees_for_unit(fees, unit)
	charges = PayerCharges(payer)
	fixed = [f for f in applicable if f.charge_basis != "Metered"]
	if fixed and from_date and getdate(from_date) <= getdate(to_date):
		anchor = period_anchor(unit["name"]) or getdate(from_date).replace(day=1)
		charges.lines += fixed_lines_between(unit, payer, from_date, to_date, cycle, anchor, fixed)
	for fee in (f for f in applicable if f.charge_basis == "Metered"):
		found = consumption_lines(unit, fee, None, to_date, payer=payer).get(payer)
		if found:
			charges.lines += found.lines
			charges.readings += found.readings
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
	fixed = [f for f in fees_for_unit(fees, unit) if f.charge_basis != "Metered"]
	return fixed_lines_between(
		unit, payer, from_date, to_date, invoice_cycle(invoice), invoice.from_date, fixed
	)


def invoice_cycle(invoice: dict) -> str:
	"""The billing cycle an invoice's periods follow: its run's, or months (the advance collected at
	move-in, a final invoice)."""
	cycle = (
		frappe.db.get_value("Billing Run", invoice.pm_billing_run, "billing_cycle")
		if invoice.get("pm_billing_run")
		else None
	)
	return cycle or "Monthly"


def fixed_lines_between(
	unit: dict, payer: str | None, from_date, to_date, cycle: str, anchor, fixed: list[dict]
) -> list[ChargeLine]:
	"""The fixed fees of the days from_date..to_date that `payer` is responsible for, prorated by day
	within each billing period of `cycle` counted from `anchor` (every payer's when `payer` is None)."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	lines = []
	for first, last in billing_periods(from_date, to_date, cycle, anchor):
		for segment_payer, start, end in payer_segments(
			unit["name"], max(from_date, first), min(to_date, last)
		):
			if payer is None or segment_payer == payer:
				lines += fixed_lines(unit, fixed, cycle, first, last, start, end)
	return lines


def taken_over_lines(unit: dict, leaving: str, invoice: dict, from_date, fees: list[dict]) -> dict[str, list]:
	"""Payer -> the fixed fees of the days from `from_date` to the end of `invoice`'s period that were
	billed to `leaving` and credited back when they left: whoever pays for them now (the owner after a
	tenant's move-out, or the next tenant), priced as the invoice's own periods price them."""
	from_date = max(getdate(from_date), getdate(invoice.from_date))
	to_date = getdate(invoice.to_date)
	fixed = [f for f in fees_for_unit(fees, unit) if f.charge_basis != "Metered"]
	by_payer: dict[str, list] = {}
	if from_date > to_date or not fixed:
		return by_payer
	cycle = invoice_cycle(invoice)
	for payer, _start, _end in payer_segments(unit["name"], from_date, to_date):
		if payer != leaving and payer not in by_payer:
			by_payer[payer] = fixed_lines_between(
				unit, payer, from_date, to_date, cycle, invoice.from_date, fixed
			)
	return {payer: lines for payer, lines in by_payer.items() if lines}
