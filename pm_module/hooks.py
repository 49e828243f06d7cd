app_name = "pm_module"
app_title = "Property Management"
app_publisher = "pm_module developers"
app_description = "Property management customer service (物业客户服务) on ERPNext"
app_email = "dev@pm-module.example"
app_license = "mit"

# underscore names: hooks.py exports every public name as a hook
from pm_module.setup.positions import PM_ROLES as _PM_ROLES

# "org/repo" as in frappe/hrms: a bare "erpnext" makes install-app ask GitHub which org it is in
required_apps = ["frappe/erpnext"]

export_python_type_annotations = True

add_to_apps_screen = [
	{
		"name": "pm_module",
		"logo": "/assets/pm_module/images/logo.svg",
		"title": "Property Management",
		"route": "/app/property-management",
	}
]


# Positions (岗位): the roles ship as fixtures; their Role Profiles are kept in step by
# pm_module.setup.install.sync_position_profiles (see pm_module/setup/positions.py).
# report filters shared by the app's reports
app_include_js = "/assets/pm_module/js/pm_module.js"
boot_session = "pm_module.boot.boot_session"

fixtures = [
	{"dt": "Role", "filters": [["name", "in", _PM_ROLES]]},
]

# ERPNext's Payment Entry; the fee counter's receipts read their invoices' details in one query
# (pm_module/billing/counter_payment.py: other Payment Entries are untouched)
override_doctype_class = {"Payment Entry": "pm_module.billing.counter_payment.CounterPaymentEntry"}

# the Payment Entry form's Print Receipt button (收款收据, counted for 补打)
doctype_js = {"Payment Entry": "public/js/payment_entry.js"}

# for print formats: amounts in RMB capitals, the payment notice's QR code and prepaid balance, the receipt
jinja = {
	"methods": [
		"pm_module.billing.receipts.rmb_capitals",
		"pm_module.billing.receipts.payment_notice_qr",
		"pm_module.billing.receipts.fee_receipt_context",
		"pm_module.billing.counter.prepaid_balance",
		# the meter readings an invoice billed (payment notice: 上次读数 / 本次读数 / 用量)
		"pm_module.billing.charges.invoice_readings",
	]
}

after_install = "pm_module.setup.install.after_install"
after_migrate = "pm_module.setup.install.after_migrate"
before_uninstall = "pm_module.setup.install.before_uninstall"
before_tests = "pm_module.setup.install.before_tests"

# amounts in words in RMB capitals (人民币大写) on a Chinese site; validate runs after the controller's
_IN_WORDS = "pm_module.billing.receipts.set_amounts_in_words"

doc_events = {
	"Sales Invoice": {
		# a billing run's invoice of a unit, payer and period is refused while another is live
		"validate": [_IN_WORDS, "pm_module.billing.invoice_key.check_billed_once"],
		# the meter readings an invoice bills point at it while it stands
		"on_submit": "pm_module.estate.doctype.meter_reading.meter_reading.mark_billed_readings",
		"on_cancel": [
			"pm_module.billing.doctype.unit_charge.unit_charge.release_charges",
			"pm_module.estate.doctype.meter_reading.meter_reading.release_billed_readings",
		],
	},
	# a new fee invoice's outstanding amount is set by pm_module.billing.invoicing.submit_invoice
	"Payment Ledger Entry": {"before_submit": "pm_module.billing.invoicing.defer_outstanding"},
	"Quotation": {"validate": _IN_WORDS},
	"Sales Order": {"validate": _IN_WORDS},
	"Delivery Note": {"validate": _IN_WORDS},
	"Journal Entry": {"validate": _IN_WORDS},
	"Payment Entry": {
		"validate": _IN_WORDS,
		"before_submit": "pm_module.billing.receipts.assign_receipt_no",
		# a receipt of a handed-over day waits for the closing's cancellation; of a checked day,
		# only finance reverses it (交班 / 稽核)
		"before_cancel": "pm_module.billing.closing.guard_receipt_cancel",
		"on_cancel": [
			# a late-fee waiver used by a cancelled payment may be applied again
			"pm_module.billing.doctype.late_fee_waiver.late_fee_waiver.release_waivers",
			# the reversal finance allowed in before_cancel is not blocked by the closing's link
			"pm_module.billing.closing.allow_reversal",
		],
	},
	"Meter Reading": {
		# a unit in custody whose meter moves raises the alarm (空置托管)
		"on_submit": "pm_module.front_desk.doctype.custody_agreement.custody_agreement.check_custody_meter_movement",
	},
	# a move-out shows its deposit refunds' progress (Refunds Pending until finance pays them)
	"Fee Refund": {
		"on_update": "pm_module.front_desk.doctype.move_out.move_out.fee_refund_changed",
		"on_submit": "pm_module.front_desk.doctype.move_out.move_out.fee_refund_changed",
		"on_cancel": "pm_module.front_desk.doctype.move_out.move_out.fee_refund_changed",
	},
}

scheduler_events = {
	"daily": [
		"pm_module.estate.register.refresh_current_occupants",
		"pm_module.billing.dunning.raise_due_dunnings",
		"pm_module.front_desk.doctype.custody_agreement.custody_agreement.remind_due_patrols",
		# units are Renovating from their renovation permit's first day to its last
		"pm_module.front_desk.doctype.renovation_application.renovation_application.sync_renovating_units",
		# service desk: overdue return visits, the daily review of open desk-log items
		"pm_module.service.overdue.daily",
		# parking cards whose paid months ran out show as Expired
		"pm_module.front_desk.cards.expire_parking_cards",
		# meter reading rounds due from the settings' reading day of the month
		"pm_module.estate.reading_rounds.remind_due_rounds",
	],
	"hourly": [
		# service desk: requests whose customer was not answered in time
		"pm_module.service.overdue.notify_overdue_replies",
	],
	"cron": {
		# complaints' missed deadlines go up the ladder within a quarter of an hour
		"*/15 * * * *": ["pm_module.complaints.escalation.escalate_overdue_complaints"],
	},
}

# Demo data, e.g. `bench --site pm.localhost pm-demo`
# (picked up from pm_module.commands.commands)

# Row-level scope by estate / building / assignment, for every DocType the permission matrix
# (pm_module/permissions/matrix.csv) narrows; see pm_module/permissions/scope.py
permission_query_conditions = {"*": "pm_module.permissions.scope.query_conditions"}
has_permission = {"*": "pm_module.permissions.scope.has_permission"}
