"""What an attachment may be: documents and images, found from the content (never trusted from
the name), within the size limit, not empty, and not named as something it is not. Pure: every
upload of a post is checked before anything is stored.

>>> check_uploads([{"filename": "a.txt", "content": ""}], 100)
Traceback (most recent call last):
...
contracts.errors.InvalidInput: The attachment a.txt is empty.
"""

import base64
import binascii
import mimetypes
import re
from dataclasses import dataclass

import filetype

from contracts.errors import InvalidInput

DOCUMENTS = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
IMAGES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
TEXT = {"text/plain": ".txt", "text/csv": ".csv"}
ALLOWED = {**DOCUMENTS, **IMAGES, **TEXT}
# names that say "text": plain text is recognised only by these (it has no signature)
TEXT_SUFFIXES = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/plain"}
# what a name may say for each type found (beyond what ``mimetypes`` knows)
EQUIVALENT = {"image/jpeg": {".jpg", ".jpeg", ".jpe"}, "text/plain": {".txt", ".md", ".text"}}
_UNSAFE_NAME = re.compile(r"[^\w .()+-]+", re.UNICODE)


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def safe_filename(name: str) -> str:
    """The last path part of ``name`` with anything but letters, digits, spaces and ``.()+-_``
    dropped (it goes into a ``Content-Disposition`` header).

    >>> safe_filename('../../etc/pass"wd\\r\\n.pdf')
    'passwd.pdf'
    """
    last = re.split(r"[\\/]", name or "")[-1]
    cleaned = _UNSAFE_NAME.sub("", last).strip(" .")
    return cleaned[:200] or "attachment"


def suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def sniff(data: bytes, name: str) -> str | None:
    """The type ``data`` holds, from its content: a known signature, or (for a text name) UTF-8
    text that is not markup. None when it is neither."""
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime
    wanted = TEXT_SUFFIXES.get(suffix(name))
    if wanted is None or b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return None  # HTML or SVG: scripts could ride in it
    return wanted


def name_matches(name: str, content_type: str) -> bool:
    """Whether ``name``'s suffix may stand for ``content_type`` (no suffix says nothing)."""
    ext = suffix(name)
    if not ext:
        return True
    said = mimetypes.types_map.get(ext) or TEXT_SUFFIXES.get(ext)
    if ext in EQUIVALENT.get(content_type, ()) or ext == ALLOWED.get(content_type):
        return True
    return said == content_type


def decode(content: str, max_bytes: int, field: str) -> bytes:
    if len(content) > (max_bytes + 2) // 3 * 4 + 4:
        raise _refused(field, f"Larger than the limit of {_size(max_bytes)}.")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise _refused(field, "Not base64-encoded content.") from None


def check_upload(item: dict, max_bytes: int, field: str) -> Upload:
    name = safe_filename(item["filename"])
    data = decode(item["content"], max_bytes, field)
    if not data:
        raise _refused(field, "The file is empty.", f"The attachment {name} is empty.")
    if len(data) > max_bytes:
        raise _refused(field, f"Larger than the limit of {_size(max_bytes)}.")
    found = sniff(data, name)
    if found not in ALLOWED:
        raise _refused(
            field,
            "Not a document or image this service accepts (PDF, Word, Excel, PowerPoint, "
            "OpenDocument, PNG, JPEG, GIF, WebP, plain text or CSV).",
            f"The attachment {name} is not an accepted type.",
        )
    if not name_matches(name, found):
        raise _refused(
            field,
            f"The content is {found}, not what the name {name} says.",
            f"The attachment {name} is disguised.",
        )
    return Upload(filename=name, content_type=found, data=data)


def check_uploads(items: list[dict], max_bytes: int) -> list[Upload]:
    """Every upload checked (InvalidInput naming ``attachments.N.content`` at the first refused
    one), before any is stored."""
    return [
        check_upload(item, max_bytes, f"attachments.{n}.content") for n, item in enumerate(items)
    ]


def _refused(field: str, problem: str, message: str | None = None) -> InvalidInput:
    return InvalidInput(message or f"Attachment refused: {problem}", {field: [problem]})


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MB" if count >= 1024 * 1024 else f"{count} bytes"
