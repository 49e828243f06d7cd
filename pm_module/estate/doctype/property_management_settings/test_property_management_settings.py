# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

import frappe

from pm_module.tests.utils import PMTestCase


class TestPropertyManagementSettings(PMTestCase):
	def test_defaults_are_the_manuals_numbers(self):
		settings = frappe.get_single("Property Management Settings")
		expected = {
			"vacancy_fee_percent": 70,
			"custody_fee_percent": 70,
			"move_in_advance_months": 3,
			"late_fee_per_mille_per_day": 3,
			"final_notice_after_days": 8,
			"final_notice_pay_within_days": 5,
			"monthly_notice_day": 15,
			"monthly_pay_within_days": 7,
			"reply_within_minutes": 15,
			"visit_security_repair_days": 2,
			"visit_water_leak_days": 3,
			"visit_other_repair_days": 2,
			"visit_paid_service_day": 10,
			"min_in_person_visit_percent": 5,
			"min_manager_spot_checks": 3,
			"major_answer_days": 2,
			"major_resolve_days": 10,
			"important_escalate_minutes": 60,
			"important_resolve_days": 3,
			"minor_resolve_days": 2,
			"target_satisfaction": 98,
			"owner_card_months": 24,
			"tenant_card_max_months": 12,
			"merchant_card_months": 12,
			"free_replacement_months": 3,
			"custody_water_alarm": 5,
			"custody_electricity_alarm": 20,
		}
		self.assertEqual({k: settings.get(k) for k in expected}, expected)
		self.assertTrue(settings.default_customer_group)
		self.assertTrue(settings.default_territory)

	def test_bad_numbers_refused(self):
		settings = frappe.get_single("Property Management Settings")
		settings.vacancy_fee_percent = 120
		self.assertRaises(frappe.ValidationError, settings.save)
		settings.reload()
		settings.final_notice_after_days = -1
		self.assertRaises(frappe.ValidationError, settings.save)
		settings.reload()
		settings.work_end_time = "08:00:00"
		self.assertRaises(frappe.ValidationError, settings.save)
