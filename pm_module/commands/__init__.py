"""bench commands of pm_module: `bench --site SITE pm-demo`."""

import click
from frappe.commands import get_site, pass_context


@click.command("pm-demo")
@click.option("--company", help="Company of the demo estate (default: the site's default company)")
@pass_context
def pm_demo(context, company: str | None = None):
	"""Set up ERPNext for a Chinese company if needed, then build (or complete) the demo estate 和谐花园."""
	import frappe

	from pm_module.demo import complete_setup_wizard, make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		complete_setup_wizard()
		make_demo(company=company)
	finally:
		frappe.destroy()


commands = [pm_demo]
