"""QR codes for printed documents: the release slip's gate code, the payment notice's invoice."""


def qr_data_uri(text: str, scale: int = 4) -> str:
	"""`text` as a QR code, a PNG data URI for an <img> in a print format ("" for no text)."""
	if not text:
		return ""
	import pyqrcode

	return "data:image/png;base64," + pyqrcode.create(text).png_as_base64_str(scale=scale)
