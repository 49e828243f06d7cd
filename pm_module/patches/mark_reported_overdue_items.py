"""Late answers and desk-log reminders are now marked on the record when they are sent, so that
each is sent once (a day). Those sent before the markers existed are marked from the desk
notifications about them, so that they are not sent again."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabService Order` so
		set so.late_answer_reported_at = (
			select min(log.creation) from `tabNotification Log` log
			where log.document_type = 'Service Order' and log.document_name = so.name
				and log.creation >= so.reply_due)
		where so.status = 'Open' and so.replied_at is null and so.reply_due < now()
			and so.late_answer_reported_at is null"""
	)
	frappe.db.sql(
		"""update `tabDesk Log` dl
		set dl.reminded_on = (
			select date(max(log.creation)) from `tabNotification Log` log
			where log.document_type = 'Desk Log' and log.document_name = dl.name)
		where dl.status = 'Open' and dl.reminded_on is null"""
	)
