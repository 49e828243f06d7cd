# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Complaint KPIs of a month: the rates against their targets, deadline compliance per severity,
complaints by category, building and month, and the recurring causes (formulas: pm_module.complaints.kpis)."""

import frappe
from frappe import _
from frappe.utils import flt, get_first_day, get_last_day, getdate

from pm_module.complaints.kpis import complaint_kpis
from pm_module.estate.utils import get_settings


def execute(filters=None):
	filters = frappe._dict(filters or {})
	month = getdate(filters.month or getdate())
	kpis = complaint_kpis(get_first_day(month), get_last_day(month), filters.estate)
	columns = [
		{"fieldname": "group", "label": _("Group"), "fieldtype": "Data", "width": 160},
		{"fieldname": "indicator", "label": _("Indicator"), "fieldtype": "Data", "width": 240},
		{"fieldname": "value", "label": _("Value"), "fieldtype": "Float", "precision": 1, "width": 110},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Float", "precision": 1, "width": 110},
		{"fieldname": "met", "label": _("Target Met"), "fieldtype": "Data", "width": 100},
	]
	data = [{"group": _("Complaints"), "indicator": _("Complaints Received"), "value": kpis["received"]}]
	targets = kpis["targets"]
	for key, label in (
		("handling_rate", _("Complaint Handling Rate")),
		("return_visit_rate", _("Return-Visit Rate")),
		("satisfaction", _("Satisfaction")),
	):
		value = kpis[key]
		data.append(
			{
				"group": _("Rates (%)"),
				"indicator": label,
				"value": value,
				"target": targets[key],
				"met": "" if value is None else int(value >= targets[key]),
			}
		)
	for severity, value in kpis["deadline_compliance"].items():
		data.append({"group": _("Deadline Compliance (%)"), "indicator": _(severity), "value": value})
	visits, settings = kpis["visits"], get_settings()
	for label, value, target, met in (
		(_("Return Visits Made"), visits["visits"], None, None),
		(
			_("Return Visits in Person (%)"),
			visits["in_person_rate"],
			flt(settings.min_in_person_visit_percent),
			visits["quota_in_person_met"],
		),
		(
			_("Spot Checks"),
			visits["spot_checks"],
			flt(settings.min_manager_spot_checks),
			visits["quota_spot_checks_met"],
		),
		(_("Visited Late"), visits["late"], None, None),
	):
		data.append(
			{
				"group": _("Return Visits"),
				"indicator": label,
				"value": value,
				"target": target,
				"met": "" if met is None else int(met),
			}
		)
	for group, key in (
		(_("By Category"), "by_category"),
		(_("By Building"), "by_building"),
		(_("By Month"), "by_month"),
		(_("Recurring Causes"), "top_causes"),
	):
		for name, count in kpis[key]:
			label = _(name) if key == "by_category" else name
			data.append({"group": group, "indicator": label or _("Not Set"), "value": count})

	chart = {
		"data": {
			"labels": [_(c) for c, _n in kpis["by_category"]],
			"datasets": [{"name": _("Complaints"), "values": [n for _c, n in kpis["by_category"]]}],
		},
		"type": "bar",
	}
	summary = [
		{"label": _("Complaints Received"), "value": kpis["received"], "datatype": "Int"},
		*(
			{
				"label": label,
				"value": kpis[key] if kpis[key] is not None else "-",
				"datatype": "Percent" if kpis[key] is not None else "Data",
				"indicator": "Green" if kpis[key] is not None and kpis[key] >= targets[key] else "Red",
			}
			for key, label in (
				("handling_rate", _("Complaint Handling Rate")),
				("return_visit_rate", _("Return-Visit Rate")),
				("satisfaction", _("Satisfaction")),
			)
		),
	]
	return columns, data, None, chart, summary
