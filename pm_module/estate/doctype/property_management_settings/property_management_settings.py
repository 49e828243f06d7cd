# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time

from pm_module.estate.utils import working_day_is_valid


class PropertyManagementSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bank_details: DF.SmallText | None
		card_fee: DF.Currency
		counter_modes_of_payment: DF.SmallText | None
		custody_electricity_alarm: DF.Float
		custody_fee_percent: DF.Percent
		custody_water_alarm: DF.Float
		default_billing_cycle: DF.Literal["Monthly", "Quarterly", "Half-yearly"]
		default_customer_group: DF.Link | None
		default_territory: DF.Link | None
		demand_letter_after_months: DF.Int
		final_notice_after_days: DF.Int
		final_notice_pay_within_days: DF.Int
		free_replacement_months: DF.Int
		holiday_list: DF.Link | None
		important_escalate_minutes: DF.Int
		important_resolve_days: DF.Int
		late_fee_income_account: DF.Link | None
		late_fee_per_mille_per_day: DF.Float
		major_answer_days: DF.Int
		major_resolve_days: DF.Int
		merchant_card_months: DF.Int
		meter_reading_day: DF.Int
		min_in_person_visit_percent: DF.Percent
		min_manager_spot_checks: DF.Int
		minor_resolve_days: DF.Int
		monthly_notice_day: DF.Int
		monthly_pay_within_days: DF.Int
		move_in_advance_months: DF.Int
		owner_card_months: DF.Int
		portal_max_photos: DF.Int
		portal_photo_max_mb: DF.Int
		receipt_series: DF.Data | None
		renovation_deposit: DF.Currency
		renovation_deposit_item: DF.Link | None
		renovation_garbage_fee: DF.Currency
		renovation_garbage_item: DF.Link | None
		reply_within_minutes: DF.Int
		target_handling_rate: DF.Percent
		target_return_visit_rate: DF.Percent
		target_satisfaction: DF.Percent
		tenant_card_max_months: DF.Int
		utility_deposit: DF.Currency
		utility_deposit_item: DF.Link | None
		vacancy_fee_percent: DF.Percent
		visit_other_repair_days: DF.Int
		visit_paid_service_day: DF.Int
		visit_security_repair_days: DF.Int
		visit_water_leak_days: DF.Int
		work_end_time: DF.Time | None
		work_start_time: DF.Time | None

	# end: auto-generated types
	def validate(self):
		for df in self.meta.fields:
			if df.fieldtype in ("Int", "Float", "Currency", "Percent") and (self.get(df.fieldname) or 0) < 0:
				frappe.throw(_("{0} cannot be negative").format(_(df.label)))
			if df.fieldtype == "Percent" and (self.get(df.fieldname) or 0) > 100:
				frappe.throw(_("{0} cannot be more than 100%").format(_(df.label)))
		if not 1 <= (self.monthly_notice_day or 1) <= 28:
			frappe.throw(_("The monthly notice day must be between 1 and 28"))
		if not 1 <= (self.meter_reading_day or 1) <= 28:
			frappe.throw(_("The meter reading day must be between 1 and 28"))
		if not 1 <= (self.visit_paid_service_day or 1) <= 28:
			frappe.throw(_("The return-visit day for paid services must be between 1 and 28"))
		if self.work_start_time and self.work_end_time:
			if get_time(self.work_end_time) <= get_time(self.work_start_time):
				frappe.throw(_("The working day must end after it starts"))
			if not working_day_is_valid(self.work_start_time, self.work_end_time):
				frappe.throw(_("The working day must last at least one hour"))
