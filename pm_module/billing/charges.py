"""What a unit owes for a billing period: the charge lines of each payer, before any invoice exists.

Fixed charges (area-based property fee, per-unit fees) are billed in advance for the period and
prorated by the days each payer is responsible; metered charges are billed in arrears, for the
readings taken in the period before. Nothing here writes to the database.
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
		paid_until = prepaid_until(unit["name"], from_date)
		for payer, start, end in segments:
			if paid_until:
				start = max(start, getdate(add_days(paid_until, 1)))
			if start <= end:
				charges_of(payer).lines += fixed_lines(unit, fixed, cycle, from_date, to_date, start, end)

	for fee in (f for f in applicable if f.charge_basis == "Metered"):
		for payer, lines in metered_lines(unit, fee, from_date, cycle).items():
			charges_of(payer).lines += lines

	for charge in one_off:
		description = charge.description or frappe.db.get_value("Item", charge.item, "item_name")
		charges_of(charge.payer).lines.append(
			ChargeLine(
				charge.item,
				flt(charge.qty),
				flt(charge.rate),
				f"{description} ({charge.charge_date})",
				unit_charge=charge.name,
			)
		)

	billable = [c for c in by_payer.values() if c.lines]
	if not billable and paid_until:
		raise SkipUnit(_("Fees are paid in advance until {0}").format(frappe.format(paid_until, "Date")))
	return billable


def prepaid_until(unit: str, from_date) -> date | None:
	"""The last day of the fixed fees a payer paid in advance outside the billing runs (the months
	collected at move-in), when that reaches into the period starting `from_date`."""
	paid_until = frappe.db.get_value(
		"Sales Invoice",
		{
			"pm_unit": unit,
			"docstatus": 1,
			"pm_billing_run": ("is", "not set"),
			"from_date": ("<=", from_date),
			"to_date": (">=", from_date),
		},
		"max(to_date)",
	)
	return getdate(paid_until) if paid_until else None


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


def metered_lines(unit: dict, fee: dict, from_date, cycle: str) -> dict[str, list[ChargeLine]]:
	"""Consumption of the previous period per payer (the payer on each reading's date) × tariff."""
	start, end = previous_period(from_date, cycle)
	meters = frappe.get_all(
		"Meter",
		filters={"unit": unit["name"], "meter_type": fee.meter_type, "is_active": 1},
		pluck="name",
	)
	if not meters:
		return {}
	readings = frappe.get_all(
		"Meter Reading",
		filters={"meter": ("in", meters), "docstatus": 1, "reading_date": ("between", [start, end])},
		fields=["meter", "reading_date", "consumption"],
		order_by="reading_date",
	)
	missing = set(meters) - {r.meter for r in readings}
	if missing:
		raise SkipUnit(
			_("No {0} reading of meter {1} between {2} and {3}").format(
				_(fee.meter_type), ", ".join(sorted(missing)), start, end
			)
		)
	consumption: dict[str, float] = {}
	for reading in readings:
		payer = get_payer(unit["name"], reading.reading_date)
		if not payer:
			raise SkipUnit(_("No owner or paying occupant on {0}").format(reading.reading_date))
		consumption[payer] = consumption.get(payer, 0.0) + flt(reading.consumption)

	out = {}
	for payer, total in consumption.items():
		out[payer] = [
			ChargeLine(
				fee.item,
				qty,
				rate,
				", ".join(filter(None, [f"{fee.fee_name} {start} ~ {end}", label])),
				fee.income_account,
			)
			for qty, rate, label in tiered_lines(fee, flt(total, QTY_PRECISION))
			if qty > 0
		]
	return out
