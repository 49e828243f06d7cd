"""Photos residents attach to repair requests and complaints on the resident portal.

Images only (the bytes are checked, not the name or the browser's word), each within the settings'
size, at most the settings' number per request. Everything is checked before anything is created,
so a bad upload loses nothing: the request is refused whole and the resident sends it again. Kept
as private files attached to the request, so only who may read the request may download them.
"""

from io import BytesIO

import frappe
from frappe import _
from frappe.utils import cint

from pm_module.estate.utils import get_settings

FORM_FIELD = "photos"
# what Pillow calls the formats a phone's browser sends (iOS converts HEIC to JPEG on upload)
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
DEFAULT_MAX_MB, DEFAULT_MAX_COUNT = 5, 6


class Photo(frappe._dict):
	"""filename, content (bytes), extension"""


def limits() -> tuple[int, int]:
	"""(largest photo in MB, photos per request) from the settings."""
	settings = get_settings()
	return (
		cint(settings.portal_photo_max_mb) or DEFAULT_MAX_MB,
		cint(settings.portal_max_photos) or DEFAULT_MAX_COUNT,
	)


def uploaded_photos() -> list[Photo]:
	"""The photos of the current request's multipart form (field `photos`), checked."""
	request = getattr(frappe.local, "request", None)
	files = request.files.getlist(FORM_FIELD) if request and request.files else []
	return check_photos([(f.filename, f.stream.read()) for f in files if f and f.filename])


def check_photos(files: list[tuple[str, bytes]]) -> list[Photo]:
	"""Refuse the whole request when a file is not an image or too large, or there are too many."""
	max_mb, max_count = limits()
	if len(files) > max_count:
		frappe.throw(_("Attach at most {0} photos").format(max_count), title=_("Too Many Photos"))
	photos = []
	for filename, content in files:
		if len(content) > max_mb * 1024 * 1024:
			frappe.throw(
				_("{0} is larger than {1} MB: take a smaller photo").format(filename, max_mb),
				title=_("Photo Too Large"),
			)
		extension = image_extension(content)
		if not extension:
			frappe.throw(
				_("{0} is not a photo (JPEG, PNG, GIF or WebP)").format(filename), title=_("Not a Photo")
			)
		photos.append(Photo(filename=filename, content=content, extension=extension))
	return photos


def image_extension(content: bytes) -> str | None:
	"""The file extension of an image Pillow can read, else None."""
	from PIL import Image

	try:
		with Image.open(BytesIO(content)) as image:
			image.verify()
			return IMAGE_FORMATS.get(image.format)
	except Exception:
		return None


def attach_photos(doctype: str, name: str, photos: list[Photo]) -> list[str]:
	"""Save the checked photos as private files of the record; returns their URLs."""
	urls = []
	for i, photo in enumerate(photos, 1):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{name}-{i}.{photo.extension}",
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"is_private": 1,
				"content": photo.content,
			}
		)
		file.flags.ignore_permissions = True  # the resident has no desk rights on files
		file.insert()
		urls.append(file.file_url)
	return urls


def photo_urls(doctype: str, name: str) -> list[str]:
	return frappe.get_all(
		"File",
		{"attached_to_doctype": doctype, "attached_to_name": name, "is_folder": 0},
		pluck="file_url",
		order_by="creation",
	)
