"""Every label, option, description, message and workspace item has its zh-CN translation."""

import csv
import json
import re
from pathlib import Path

import frappe

from pm_module.setup.positions import PM_ROLES, POSITIONS
from pm_module.tests.utils import PMTestCase

APP = Path(frappe.get_app_path("pm_module"))
MESSAGE = re.compile(r'(?<![\w.])__?\(\s*"((?:[^"\\]|\\.)*)"')


def strings_to_translate() -> set[str]:
	wanted = set(PM_ROLES) | set(POSITIONS)
	for path in APP.rglob("*.json"):
		if {"fixtures", "sample_data"} & set(path.parts):
			continue
		doc = json.loads(path.read_text(encoding="utf-8"))
		if not isinstance(doc, dict):
			continue
		if doc.get("doctype") == "DocType":
			wanted.add(doc["name"])
			for df in doc.get("fields", []):
				wanted.update(df[key] for key in ("label", "description") if df.get(key))
				if df.get("fieldtype") == "Select":
					wanted.update(o for o in (df.get("options") or "").split("\n") if o.strip())
			wanted.update(link["group"] for link in doc.get("links", []) if link.get("group"))
		elif doc.get("doctype") == "Workspace":
			wanted.update((doc["label"], doc["title"]))
			wanted.update(link["label"] for link in doc.get("links", []))
			for shortcut in doc.get("shortcuts", []):
				wanted.update(s for s in (shortcut["label"], shortcut.get("format")) if s)
		elif doc.get("doctype") == "Print Format":
			wanted.update(MESSAGE.findall(doc.get("html") or ""))
		elif doc.get("doctype") in ("Number Card", "Report"):
			wanted.add(doc.get("label") or doc["name"])
	for path in [*APP.rglob("*.py"), *APP.rglob("*.js")]:
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		wanted.update(MESSAGE.findall(path.read_text(encoding="utf-8")))
	return wanted


class TestTranslations(PMTestCase):
	def test_every_string_has_a_chinese_translation(self):
		with open(APP / "translations" / "zh.csv", encoding="utf-8") as f:
			translated = {row[0]: row[1] for row in csv.reader(f) if row}
		missing = sorted(s for s in strings_to_translate() if not translated.get(s))
		self.assertEqual(missing, [], "add these to pm_module/translations/zh.csv")

	def test_placeholders_survive_translation(self):
		with open(APP / "translations" / "zh.csv", encoding="utf-8") as f:
			for source, target in (row[:2] for row in csv.reader(f) if row):
				self.assertEqual(
					sorted(re.findall(r"\{\d*\}", source)), sorted(re.findall(r"\{\d*\}", target)), source
				)

	def test_desk_shows_chinese(self):
		frappe.local.lang = "zh"
		frappe.local.lang_full_dict = None
		try:
			self.assertEqual(frappe._("Unit Register"), "房产台账")
			self.assertEqual(frappe._("Property Management"), "物业管理")
		finally:
			frappe.local.lang = "en"
			frappe.local.lang_full_dict = None
