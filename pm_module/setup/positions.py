"""The job positions (岗位) of the customer-service office.

Every position is a Role Profile; the roles it grants are our own roles, except the
accountant, who is what ERPNext already calls an accounts user/manager.
This module is the one place that lists them: hooks.py, the fixtures and the tests read it.
"""

FRONT_DESK = "Front Desk"
FRONT_DESK_SUPERVISOR = "Front Desk Supervisor"  # 前台主管: the "front-desk head"
CS_ASSISTANT = "Customer Service Assistant"
CS_SUPERVISOR = "Customer Service Supervisor"
CS_MANAGER = "Customer Service Manager"
OFFICE_DIRECTOR = "Office Director"
CASHIER = "Cashier"
ACCOUNTANT = "Accountant"  # a position (Role Profile), not a role
MAINTENANCE_SUPERVISOR = "Maintenance Supervisor"
TECHNICIAN = "Technician"
SECURITY_GUARD = "Security Guard"
ADMINISTRATION = "Administration"
# 业主服务: residents log in to the resident portal (/property) as website users, without the desk
RESIDENT = "Resident"

ACCOUNTS_USER = "Accounts User"  # ERPNext
ACCOUNTS_MANAGER = "Accounts Manager"  # ERPNext

# Role Profile -> roles it grants
POSITIONS: dict[str, list[str]] = {
	FRONT_DESK: [FRONT_DESK],
	FRONT_DESK_SUPERVISOR: [FRONT_DESK, FRONT_DESK_SUPERVISOR],
	CS_ASSISTANT: [CS_ASSISTANT],
	CS_SUPERVISOR: [CS_SUPERVISOR],
	CS_MANAGER: [CS_MANAGER],
	OFFICE_DIRECTOR: [OFFICE_DIRECTOR],
	CASHIER: [CASHIER],
	ACCOUNTANT: [ACCOUNTS_USER, ACCOUNTS_MANAGER],
	MAINTENANCE_SUPERVISOR: [MAINTENANCE_SUPERVISOR],
	TECHNICIAN: [TECHNICIAN],
	SECURITY_GUARD: [SECURITY_GUARD],
	ADMINISTRATION: [ADMINISTRATION],
}

# Roles this app owns (created on install, removed on uninstall)
PM_ROLES: list[str] = [
	FRONT_DESK,
	FRONT_DESK_SUPERVISOR,
	CS_ASSISTANT,
	CS_SUPERVISOR,
	CS_MANAGER,
	OFFICE_DIRECTOR,
	CASHIER,
	MAINTENANCE_SUPERVISOR,
	TECHNICIAN,
	SECURITY_GUARD,
	ADMINISTRATION,
	RESIDENT,
]
# roles of website users (no desk access); every other role of PM_ROLES is a desk role
PORTAL_ROLES: list[str] = [RESIDENT]

CUSTOMER_SERVICE_ROLES = [FRONT_DESK, FRONT_DESK_SUPERVISOR, CS_ASSISTANT, CS_SUPERVISOR, CS_MANAGER]
DEPARTMENT_HEADS = [CS_MANAGER, OFFICE_DIRECTOR]
SUPERVISORS = [FRONT_DESK_SUPERVISOR, CS_SUPERVISOR, CS_MANAGER, MAINTENANCE_SUPERVISOR, OFFICE_DIRECTOR]

# Domain actions (what the manual reserves to certain positions) -> the roles that may take them.
# Enforced in server code with pm_module.permissions.check_action(); the permission matrix
# lists them beside the DocType permissions. Procedures add their actions here.
ACTIONS: dict[str, list[str]] = {
	# only the customer-service centre accepts complaints (others may only relay them)
	"Accept Complaint": CUSTOMER_SERVICE_ROLES,
	# staff cards: only the front-desk head or the customer-service head issues them
	"Issue Staff Card": [FRONT_DESK_SUPERVISOR, CS_SUPERVISOR, CS_MANAGER],
	# merchant cards need a department head's approval
	"Approve Merchant Card": DEPARTMENT_HEADS,
	# a paid-service price outside the rate schedule
	"Approve Price Override": SUPERVISORS,
	# a service order escalated after a failed rework is settled by the customer-service manager
	"Resolve Escalated Service Order": DEPARTMENT_HEADS,
	"Approve Renovation": [CS_SUPERVISOR, CS_MANAGER, OFFICE_DIRECTOR],
	"Verify Release Slip": [SECURITY_GUARD],
	"Run Billing": [ACCOUNTS_MANAGER, ACCOUNTS_USER],
	"Run Dunning": [ACCOUNTS_MANAGER, ACCOUNTS_USER],
	# the fee counter (收银台): cashiers take payments and prepayments and issue receipts
	"Take Payment": [CASHIER, ACCOUNTS_USER, ACCOUNTS_MANAGER],
	# a late fee (滞纳金) is waived only with a manager's approval; the counter or front desk asks
	"Request Late Fee Waiver": [CASHIER, FRONT_DESK, FRONT_DESK_SUPERVISOR, ACCOUNTS_USER, ACCOUNTS_MANAGER],
	"Approve Late Fee Waiver": [CS_MANAGER, ACCOUNTS_USER, ACCOUNTS_MANAGER, OFFICE_DIRECTOR],
	# the cashier's daily closing (交班) is checked (稽核) by finance, which alone reverses a
	# receipt of a checked day
	"Check Counter Closing": [ACCOUNTS_USER, ACCOUNTS_MANAGER],
	"Reverse Checked Receipt": [ACCOUNTS_MANAGER],
	# refunds (退费) of over-payments and deposits go out only after approval
	"Approve Refund": [ACCOUNTS_MANAGER, OFFICE_DIRECTOR],
	# a complaint about the customer-service centre itself is handled by Administration
	"Accept Complaint About Customer Service": [ADMINISTRATION],
}
