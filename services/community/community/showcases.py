"""School showcases: the activity programmes and practice a member school publishes on the
public website, with photos (images only, the type found from the content, within the size
limit, in GridFS beside the attachments). The school's headteacher or administrator, or the
coordinator, edits them (``permissions.check_may_edit_showcase``); anyone reads the published
ones and their photos; a withdrawn entry is kept, with who withdrew it and when."""

import base64

from community import permissions, rendering, uploads
from community.storage import ShowcaseEntry, delete_files, new_id, now, read_file, store_file
from contracts.caller import Caller
from contracts.errors import InvalidInput, NotFound

MAX_ENTRIES = 200


def _urn(urn) -> int:
    try:
        return int(urn)
    except (TypeError, ValueError):
        raise InvalidInput("Not a URN.", {"urn": ["A school's URN is a number."]}) from None


def check_photos(items: list[dict], max_bytes: int) -> list[uploads.Upload]:
    """Every photo checked (InvalidInput naming ``photos.N.content`` at the first refused one),
    before any is stored: an image, found from its content."""
    checked = []
    for n, item in enumerate(items):
        field = f"photos.{n}.content"
        upload = uploads.check_upload(item, max_bytes, field)
        if upload.content_type not in uploads.IMAGES:
            problem = "Not a photo: only PNG, JPEG, GIF or WebP images are accepted."
            raise InvalidInput(f"The photo {upload.filename} is not an image.", {field: [problem]})
        checked.append(upload)
    return checked


def publish(urn, data: dict, caller: Caller, max_bytes: int) -> ShowcaseEntry:
    urn = _urn(urn)
    permissions.check_may_edit_showcase(caller, urn)
    return store_entry(urn, data, caller.id, max_bytes)


def store_entry(urn: int, data: dict, created_by: str, max_bytes: int) -> ShowcaseEntry:
    """The entry and its checked photos stored (none of them if anything fails); who may is
    decided before (``publish``, or the demo seed)."""
    checked = check_photos(data["photos"], max_bytes)
    entry_id = new_id()
    stored = []
    try:
        for upload, item in zip(checked, data["photos"], strict=True):
            file_id = store_file(upload.data, upload.filename, upload.content_type, entry_id)
            stored.append(
                {
                    "id": file_id,
                    "filename": upload.filename,
                    "content_type": upload.content_type,
                    "size": upload.size,
                    "description": item.get("description", "").strip(),
                }
            )
        entry = ShowcaseEntry(
            id=entry_id,
            school_urn=urn,
            title=data["title"].strip(),
            text=data["text"],
            html=rendering.render(data["text"]),
            published=True,
            published_at=now(),
            photos=stored,
            created_by=created_by,
        )
        entry.save(force_insert=True)
    except BaseException:
        delete_files([each["id"] for each in stored])
        raise
    return entry


def get_entry(entry_id) -> ShowcaseEntry:
    entry = ShowcaseEntry.objects(id=str(entry_id)).first()
    if entry is None:
        raise NotFound(f"No showcase entry {entry_id}.", {"entry_id": ["Unknown entry."]})
    return entry


def withdraw(entry_id, caller: Caller) -> ShowcaseEntry:
    entry = get_entry(entry_id)
    permissions.check_may_edit_showcase(caller, entry.school_urn)
    if entry.published:
        entry.update(set__published=False, set__withdrawn_by=caller.id, set__withdrawn_at=now())
        entry.reload()
    return entry


def entries(urn, published_only: bool) -> list[ShowcaseEntry]:
    found = ShowcaseEntry.objects(school_urn=_urn(urn))
    if published_only:
        found = found.filter(published=True)
    return list(found.order_by("-published_at").limit(MAX_ENTRIES))


def school_entries(urn, caller: Caller) -> list[ShowcaseEntry]:
    """Every entry of the school, withdrawn ones too: for its editors."""
    permissions.check_may_edit_showcase(caller, _urn(urn))
    return entries(urn, published_only=False)


def photo(entry_id, photo_id) -> dict:
    """A photo of a published entry (NotFound for any other: nothing says it exists)."""
    entry = ShowcaseEntry.objects(id=str(entry_id), published=True).first()
    found = next((p for p in entry.photos if p["id"] == photo_id), None) if entry else None
    data = read_file(photo_id) if found else None
    if data is None:
        raise NotFound("No such photo.", {"photo_id": ["Unknown photo."]})
    content = base64.b64encode(data).decode("ascii")
    return {**found, "content": content, "school_urn": entry.school_urn}


def entry_item(entry: ShowcaseEntry) -> dict:
    return {
        "id": entry.id,
        "school_urn": entry.school_urn,
        "title": entry.title,
        "text": entry.text,
        "html": entry.html,
        "published": entry.published,
        "published_at": entry.published_at,
        "photos": list(entry.photos),
    }


def page(found: list[ShowcaseEntry]) -> dict:
    return {"items": [entry_item(e) for e in found], "total": len(found)}
