"""What the browser tests share: Debian's Chromium driven by Playwright against the test site's own
web server, started in a subprocess (`bench --site <site> serve`), so a test commits its data on an
estate of its own and removes it again (its `purge`).

Chromium and Playwright are installed by scripts/browser-deps.sh (scripts/test.sh runs it;
Playwright never downloads a browser). Under CI=1 a missing one fails the test; elsewhere it skips.
"""

import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_bench_path

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path("/tmp")
TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--headless",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--no-first-run",
	"--disable-sync",
]


def browser_missing() -> str | None:
	"""Why the browser test cannot run here, or None."""
	if not os.access(CHROMIUM, os.X_OK):
		return f"{CHROMIUM} is missing: run scripts/browser-deps.sh (apt-get install chromium)"
	try:
		import playwright.sync_api
	except ImportError:
		return "Playwright is missing from the bench's virtualenv: run scripts/browser-deps.sh"
	return None


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class BrowserTestCase(FrappeTestCase):
	"""Commits `make_data()` (after `purge()`: what an interrupted run left behind), starts the web
	server, and at the end stops it and purges again."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		missing = browser_missing()
		if missing:
			if os.environ.get("CI"):
				raise AssertionError(f"The browser test cannot run: {missing}")
			raise unittest.SkipTest(missing)
		cls.purge()
		cls.addClassCleanup(cls.purge)
		cls.make_data()
		frappe.db.commit()
		cls.server, cls.base_url, cls.server_log = start_server(frappe.local.site)
		cls.addClassCleanup(stop_server, cls.server)

	@classmethod
	def make_data(cls):
		raise NotImplementedError

	@contextmanager
	def browser_page(self, failure_png: str, init_script: str | None = None, **context) -> Iterator:
		"""A page of headless Chromium in a new browser context (`context`: viewport, locale …),
		and the list of the page's script errors. When the test fails inside, the page's
		screenshot goes to SCREENSHOTS / failure_png and the console and server log are printed."""
		from playwright.sync_api import sync_playwright

		errors, console, page = [], [], None
		with sync_playwright() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
			try:
				browser_context = browser.new_context(**context)
				browser_context.set_default_timeout(TIMEOUT_MS)
				if init_script:
					browser_context.add_init_script(init_script)
				page = browser_context.new_page()
				page.on("pageerror", lambda e: errors.append(str(e)))
				page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
				page.on("response", lambda r: r.status >= 400 and console.append(f"HTTP {r.status}: {r.url}"))
				yield page, errors
			except Exception:
				# what the page showed and said when it went wrong, for the CI log
				if page:
					page.screenshot(path=str(SCREENSHOTS / failure_png), full_page=True)
				print("Browser console:", *console[-30:], sep="\n  ")
				print("Page errors:", errors)
				print(f"Server log: {self.server_log}")
				raise
			finally:
				browser.close()

	@staticmethod
	def purge():
		raise NotImplementedError


def start_server(site: str) -> tuple[subprocess.Popen, str, Path]:
	"""`bench --site <site> serve` on a free port of 127.0.0.1; returns once it answers."""
	port = free_port()
	log = Path(f"/tmp/fee_counter_server_{port}.log")
	server = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			site,
			"serve",
			"--port",
			str(port),
			"--noreload",
		],
		cwd=os.path.join(get_bench_path(), "sites"),
		stdout=log.open("wb"),
		stderr=subprocess.STDOUT,
		env={**os.environ, "PYTHONUNBUFFERED": "1"},
	)
	base_url = f"http://127.0.0.1:{port}"
	deadline = time.monotonic() + 60
	while time.monotonic() < deadline:
		if server.poll() is not None:
			raise AssertionError(f"The web server stopped: {log.read_text()[-3000:]}")
		try:
			urllib.request.urlopen(f"{base_url}/api/method/ping", timeout=2)
			return server, base_url, log
		except OSError:
			time.sleep(0.3)
	stop_server(server)
	raise AssertionError(f"The web server did not answer within 60 s: {log.read_text()[-3000:]}")


def stop_server(server: subprocess.Popen) -> None:
	server.terminate()
	try:
		server.wait(10)
	except subprocess.TimeoutExpired:
		server.kill()
		server.wait()


def delete_docs(doctype: str, names: list[str]) -> None:
	if not names:
		return
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
	frappe.db.delete(doctype, {"name": ("in", names)})
	for log in ("Version", "Comment", "Access Log"):
		field = {"Version": "docname", "Comment": "reference_name", "Access Log": "reference_document"}[log]
		frappe.db.delete(log, {field: ("in", names)})
