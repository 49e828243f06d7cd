"""What the desk gets at login (hooks.py: boot_session)."""

import frappe


def boot_session(bootinfo) -> None:
	"""The estate the report filters start with: the user's only estate (restricted to one, or the
	site has one), so a report whose estate is required opens filled in."""
	estates = frappe.get_list("Estate", pluck="name", limit=2) if frappe.has_permission("Estate") else []
	bootinfo.pm_default_estate = estates[0] if len(estates) == 1 else None
