# Copyright (c) 2026, pm_module developers and contributors
# For license information, please see license.txt

"""Return Visit 回访记录, shared by Service Orders and Complaints.

The visited document decides: `get_return_visit_due()` gives the deadline,
`validate_return_visit(visit)` refuses a visit it is not ready for (not completed or resolved),
`on_return_visit(visit)` closes it when the customer is satisfied and reopens it when not, and
`on_return_visit_cancel(visit)` (optional) undoes that.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, now_datetime

from pm_module.setup.positions import CS_MANAGER, CS_SUPERVISOR

VISITED_DOCTYPES = ("Service Order", "Complaint")
SPOT_CHECKERS = (CS_MANAGER, CS_SUPERVISOR)
STARS = 5
# the customer's own score on the resident portal -> the satisfaction the visit records
SATISFACTION_BY_STARS = {
	5: "Satisfied",
	4: "Satisfied",
	3: "Basically Satisfied",
	2: "Dissatisfied",
	1: "Dissatisfied",
}


class ReturnVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		building: DF.Link | None
		comments: DF.SmallText | None
		due_date: DF.Datetime | None
		estate: DF.Link | None
		is_spot_check: DF.Check
		naming_series: DF.Literal["RV-.YYYY.-.#####"]
		rating: DF.Rating
		reason: DF.SmallText | None
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		satisfaction: DF.Literal["", "Satisfied", "Basically Satisfied", "Dissatisfied"]
		unit: DF.Link | None
		visit_method: DF.Literal["Phone", "In Person", "Online"]
		visit_time: DF.Datetime
		visited_by: DF.Link
		visited_late: DF.Check
	# end: auto-generated types

	def validate(self):
		if self.reference_doctype not in VISITED_DOCTYPES:
			frappe.throw(
				_("A return visit follows up a {0}, not a {1}").format(
					" / ".join(_(d) for d in VISITED_DOCTYPES), _(self.reference_doctype)
				)
			)
		reference = self.get_reference()
		for field in ("estate", "unit", "building"):
			self.set(field, reference.get(field))
		self.due_date = reference.get_return_visit_due()
		self.visited_by = self.visited_by or frappe.session.user
		self.visit_time = self.visit_time or now_datetime()
		self.visited_late = int(
			bool(self.due_date and get_datetime(self.visit_time) > get_datetime(self.due_date))
		)
		if self.satisfaction == "Dissatisfied" and not (self.reason or "").strip():
			frappe.throw(_("Record why the customer is dissatisfied"))
		if self.is_spot_check and not self.may_spot_check():
			frappe.throw(
				_("Only a customer-service manager or supervisor makes spot checks"), frappe.PermissionError
			)
		reference.validate_return_visit(self)

	def may_spot_check(self) -> bool:
		user = frappe.session.user
		return user == "Administrator" or bool(set(SPOT_CHECKERS) & set(frappe.get_roles(user)))

	def get_reference(self):
		return frappe.get_doc(self.reference_doctype, self.reference_name)

	def on_submit(self):
		self.get_reference().on_return_visit(self)

	def on_cancel(self):
		reference = self.get_reference()
		if hasattr(reference, "on_return_visit_cancel"):
			reference.on_return_visit_cancel(self)


def record_online_visit(reference_doctype: str, reference_name: str, stars, comments: str | None = None):
	"""The customer rates the result on the resident portal: that is the return visit (method
	Online, visited by the customer's own user), submitted at once so it closes or reopens the
	record like any other visit. The portal has checked that the user is the customer."""
	score = cint(stars)
	if score not in SATISFACTION_BY_STARS:
		frappe.throw(_("Give a score of 1 to {0} stars").format(STARS), title=_("No Score"))
	satisfaction = SATISFACTION_BY_STARS[score]
	if satisfaction == "Dissatisfied" and not (comments or "").strip():
		frappe.throw(_("Tell us what you are not satisfied with"), title=_("Missing Reason"))
	visit = frappe.get_doc(
		{
			"doctype": "Return Visit",
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"visit_method": "Online",
			"visited_by": frappe.session.user,
			"satisfaction": satisfaction,
			"rating": score / STARS,  # a Rating field holds the share of the stars
			"reason": comments if satisfaction == "Dissatisfied" else None,
			"comments": comments,
		}
	)
	visit.flags.ignore_permissions = True  # the customer has no desk rights on visits
	visit.insert()
	visit.submit()
	return visit
