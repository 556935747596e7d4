"""The GIAS import: new and changed rows of a Get Information about Schools extract become
schools by URN (keeping the partnership's own data: cluster, notes, edited Ofsted grades,
moderation selection), with ``school_imported`` / ``school_closed`` events in their outboxes,
and a links extract records conversions (``school_converted``). Called by the ``directory
import-gias`` command and the demo seed."""

from datetime import datetime

from pymongo import InsertOne, UpdateOne

from contracts import directory as c
from directory.domain import tokens
from directory.gias import LinkRow, SchoolRow
from directory.storage import School, raw, stamp
from directory.stored_dates import as_datetime
from runtime.delivery import outbox_entry

CLOSED = "Closed"


def _naive(value):
    """Stored datetimes come back time-zone aware; compare them as the naive ones we write."""
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def _gias_fields(row: SchoolRow, ofsted: bool) -> dict:
    fields = {
        "name": row.name,
        "name_tokens": tokens(row.name),
        "phase": row.phase,
        "type": row.type,
        "type_group": row.type_group,
        "la_code": row.la_code,
        "la_name": row.la_name,
        "status": row.status,
        "postcode": row.postcode,
        "open_date": as_datetime(row.open_date),
        "close_date": as_datetime(row.close_date),
    }
    if ofsted:
        fields["ofsted_rating"] = row.ofsted_rating or None
        fields["ofsted_last_inspection"] = as_datetime(row.ofsted_last_inspection)
    return fields


def _closed_event(row: SchoolRow, successor: int | None) -> dict:
    return outbox_entry(
        c.SCHOOL_CLOSED,
        c.SchoolClosedSchema,
        {
            "urn": row.urn,
            "name": row.name,
            "close_date": row.close_date,
            "successor_urn": successor,
        },
    )


def _import_fields() -> list[str]:
    sample = SchoolRow(0, "", "", "", "", "", "", "", "", "", None, None)
    return ["ofsted_edited", "successor_urn", *_gias_fields(sample, True)]


def existing_schools() -> dict[int, dict]:
    """What an import compares against, for every stored school (one scan, not one per batch)."""
    return {doc["_id"]: doc for doc in raw(School).find({}, _import_fields())}


def import_schools(rows: list[SchoolRow], existing: dict[int, dict] | None = None) -> dict:
    """Insert new GIAS rows and update changed ones by URN, keeping local data (cluster, notes,
    Ofsted grades the LA officer edited, moderation selection). New or changed schools get a
    ``school_imported`` event, a school that has just closed a ``school_closed`` one."""
    counts = {"imported": len(rows), "created": 0, "updated": 0, "closed": 0}
    if not rows:
        return counts
    rows = list({row.urn: row for row in rows}.values())
    if existing is None:
        query = {"_id": {"$in": [r.urn for r in rows]}}
        existing = {doc["_id"]: doc for doc in raw(School).find(query, _import_fields())}
    ops = []
    for row in rows:
        old = existing.get(row.urn)
        if old is None:
            fields = _gias_fields(row, True)
            outbox = [
                outbox_entry(
                    c.SCHOOL_IMPORTED,
                    c.SchoolImportedSchema,
                    {"urn": row.urn, "name": row.name, "created": True, "status": row.status},
                )
            ]
            doc = {
                "_id": row.urn,
                "rev": stamp(),
                **fields,
                "cluster": None,
                "notes": "",
                "predecessor_urns": [],
                "successor_urn": None,
                "ofsted_edited": False,
                "report_card": None,
                "moderation_selected_years": [],
                "outbox": outbox,
            }
            ops.append(InsertOne(doc))
            existing[row.urn] = doc  # a later duplicate of this URN updates, not inserts
            counts["created"] += 1
            continue
        fields = _gias_fields(row, not old.get("ofsted_edited"))
        changed = {k: v for k, v in fields.items() if _naive(old.get(k)) != v}
        if not changed:
            continue
        events = [
            outbox_entry(
                c.SCHOOL_IMPORTED,
                c.SchoolImportedSchema,
                {"urn": row.urn, "name": row.name, "created": False, "status": row.status},
            )
        ]
        if row.status == CLOSED and old.get("status") != CLOSED:
            events.append(_closed_event(row, old.get("successor_urn")))
            counts["closed"] += 1
        update = {"$set": {**changed, "rev": stamp()}, "$push": {"outbox": {"$each": events}}}
        ops.append(UpdateOne({"_id": row.urn}, update))
        old.update(changed)
        counts["updated"] += 1
    if ops:
        raw(School).bulk_write(ops, ordered=False)
    return counts


def link_predecessors(links: list[LinkRow]) -> int:
    """Record conversions from a GIAS links extract: the new school lists its predecessor, the
    predecessor names its successor; each new link announces ``school_converted``."""
    pairs = set()
    for link in links:
        if link.is_predecessor:
            pairs.add((link.urn, link.link_urn))
        elif link.link_type.lower().startswith("successor"):
            pairs.add((link.link_urn, link.urn))
    if not pairs:
        return 0
    urns = {u for pair in pairs for u in pair}
    names = {d["_id"]: d["name"] for d in raw(School).find({"_id": {"$in": list(urns)}}, ["name"])}
    ops, linked = [], 0
    for new, old in sorted(pairs):
        if new not in names or old not in names:
            continue
        event = outbox_entry(
            c.SCHOOL_CONVERTED,
            c.SchoolConvertedSchema,
            {
                "urn": new,
                "name": names[new],
                "predecessor_urn": old,
                "predecessor_name": names[old],
            },
        )
        ops.append(
            UpdateOne(
                {"_id": new, "predecessor_urns": {"$ne": old}},
                {"$push": {"predecessor_urns": old, "outbox": event}},
            )
        )
        ops.append(UpdateOne({"_id": old}, {"$set": {"successor_urn": new}}))
        linked += 1
    if ops:
        raw(School).bulk_write(ops, ordered=False)
    return linked
