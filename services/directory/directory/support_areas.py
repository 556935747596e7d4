"""The support directory's managed taxonomy of areas: the default areas (made once per
database), listing them, the coordinator adding one (``support_area_added``) and the lookup of an
area's name that offers and requests use to refuse an unknown area."""

from contracts import directory as c
from contracts.errors import Conflict, InvalidInput
from directory.storage import SupportArea, insert_unique, raw
from runtime.delivery import outbox_entry


def ensure_default_areas() -> None:
    """Create the default support areas that are missing (idempotent)."""
    for key, name in c.DEFAULT_SUPPORT_AREAS.items():
        raw(SupportArea).update_one(
            {"_id": key}, {"$setOnInsert": {"name": name, "outbox": []}}, upsert=True
        )


_areas_ensured: set = set()


def ensure_default_areas_once() -> None:
    """``ensure_default_areas`` once per database this process talks to."""
    key = raw(SupportArea).database.name
    if key not in _areas_ensured:
        ensure_default_areas()
        _areas_ensured.add(key)


def list_areas() -> dict:
    items = [{"id": a.id, "name": a.name} for a in SupportArea.objects.order_by("name")]
    return {"items": items, "total": len(items)}


def add_area(data: dict, correlation_id: str | None = None) -> SupportArea:
    area = SupportArea(id=data["id"], name=data["name"])
    area.outbox = [
        outbox_entry(
            c.SUPPORT_AREA_ADDED,
            c.SupportAreaAddedSchema,
            {"area": area.id, "name": area.name},
            correlation_id,
        )
    ]
    return insert_unique(area, Conflict("That area exists.", {"id": ["Already in use."]}))


def area_name(area: str) -> str:
    """The area's name; InvalidInput (422) naming ``area`` when the taxonomy lacks it."""
    found = SupportArea.objects(id=area).only("name").first()
    if found is None:
        raise InvalidInput(
            "Unknown support area.", {"area": [f"{area!r} is not in the support taxonomy."]}
        )
    return found.name
