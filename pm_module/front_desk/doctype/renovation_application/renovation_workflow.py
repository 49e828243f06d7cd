"""The approval workflow of renovation applications (a Frappe Workflow), kept in step with positions.py.

Draft → Submitted for Review → Approved / Rejected (or sent back to Draft). Approving and rejecting
are transitions only for the roles of the domain action "Approve Renovation"; the controller checks
the same action, so neither the form nor the API can approve without it. Written in code at install
and migrate (not a fixture) because its roles come from ACTIONS.
"""

import frappe

from pm_module.setup.positions import ACTIONS, FRONT_DESK, FRONT_DESK_SUPERVISOR

DOCTYPE = "Renovation Application"
WORKFLOW = "Renovation Approval"
APPROVE_ACTION = "Approve Renovation"

DRAFT = "Draft"
REVIEW = "Submitted for Review"
APPROVED = "Approved"
REJECTED = "Rejected"
CANCELLED = "Cancelled"

# state -> (docstatus, style of its indicator)
STATES = {
	DRAFT: ("0", ""),
	REVIEW: ("0", "Warning"),
	APPROVED: ("1", "Success"),
	REJECTED: ("1", "Danger"),
	CANCELLED: ("2", "Inverse"),
}
SUBMIT_FOR_REVIEW, APPROVE, REJECT, SEND_BACK = "Submit for Review", "Approve", "Reject", "Send Back"


def approver_roles() -> list[str]:
	return list(ACTIONS[APPROVE_ACTION])


def workflow_definition() -> dict:
	approvers = approver_roles()
	desk = [FRONT_DESK, FRONT_DESK_SUPERVISOR]
	editors = {
		DRAFT: desk + approvers,
		REVIEW: approvers,
		APPROVED: desk + approvers,  # worker passes are added while the permit runs
		REJECTED: approvers,
		CANCELLED: approvers,
	}
	states = [
		{"state": state, "doc_status": STATES[state][0], "allow_edit": role}
		for state in STATES
		for role in dict.fromkeys(editors[state])
	]
	transitions = [
		*(_transition(DRAFT, SUBMIT_FOR_REVIEW, REVIEW, role) for role in dict.fromkeys(desk + approvers)),
		*(_transition(REVIEW, APPROVE, APPROVED, role) for role in approvers),
		*(_transition(REVIEW, REJECT, REJECTED, role) for role in approvers),
		*(_transition(REVIEW, SEND_BACK, DRAFT, role) for role in approvers),
	]
	return {
		"document_type": DOCTYPE,
		"workflow_state_field": "workflow_state",
		"is_active": 1,
		"override_status": 0,
		"send_email_alert": 0,
		"states": states,
		"transitions": transitions,
	}


def _transition(state: str, action: str, next_state: str, role: str) -> dict:
	return {
		"state": state,
		"action": action,
		"next_state": next_state,
		"allowed": role,
		"allow_self_approval": 1,
	}


def sync_renovation_workflow() -> None:
	"""Create or update the workflow (and its states and actions) when it differs from the definition."""
	if not frappe.db.exists("DocType", DOCTYPE):
		return
	ensure_states_and_actions()
	definition = workflow_definition()
	if frappe.db.exists("Workflow", WORKFLOW):
		workflow = frappe.get_doc("Workflow", WORKFLOW)
		if _signature(workflow.as_dict()) == _signature(definition):
			return
		workflow.set("states", [])
		workflow.set("transitions", [])
		workflow.update(definition)
	else:
		workflow = frappe.get_doc({"doctype": "Workflow", "workflow_name": WORKFLOW, **definition})
	workflow.flags.ignore_permissions = True
	workflow.save()


def _signature(definition: dict) -> tuple:
	states = tuple((s["state"], str(s["doc_status"]), s["allow_edit"]) for s in definition["states"])
	transitions = tuple(
		(t["state"], t["action"], t["next_state"], t["allowed"], int(t["allow_self_approval"]))
		for t in definition["transitions"]
	)
	return (definition["document_type"], int(definition["is_active"]), states, transitions)


def ensure_states_and_actions() -> None:
	for state, (_docstatus, style) in STATES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in (SUBMIT_FOR_REVIEW, APPROVE, REJECT, SEND_BACK):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def remove_renovation_workflow() -> None:
	"""On uninstall: the workflow and its pending actions go with the doctype (generic states and
	action names stay: other workflows may use them)."""
	frappe.db.delete("Workflow Action", {"reference_doctype": DOCTYPE})
	frappe.delete_doc("Workflow", WORKFLOW, ignore_missing=True, force=True, ignore_permissions=True)
