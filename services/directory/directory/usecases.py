"""Directory use cases for schools, clusters and people: plain functions over the repository in
``storage``; entrypoints stay thin.

A use case that acts for someone takes their ``caller`` (``contracts.caller.Caller``) and asks
``permissions`` before it reads or writes; ``caller=None`` is an internal call (the demo seed,
the command line), which no RPC can make: the service always passes the loaded caller.
"""

from datetime import date, datetime, time

from pymongo import InsertOne, UpdateOne

from contracts import directory as c
from contracts.caller import Caller
from contracts.common import paginate
from contracts.delivery import outbox_entry
from contracts.errors import Conflict, InvalidInput, NotFound
from directory import catalogue, permissions
from directory.accounts import revoking
from directory.domain import normalise_email, tokens
from directory.gias import LinkRow, SchoolRow
from directory.listing import filter_schools
from directory.passwords import hash_password
from directory.storage import (
    Cluster,
    Offer,
    Person,
    School,
    insert_person,
    insert_unique,
    prefix_filter,
    raw,
    stamp,
)

CLOSED = "Closed"


def as_datetime(day: date | None) -> datetime | None:
    """Dates are stored as midnight datetimes (BSON has no date type)."""
    return datetime.combine(day, time()) if day else None


def _naive(value):
    """Stored datetimes come back time-zone aware; compare them as the naive ones we write."""
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def as_date(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value


# ----- schools: GIAS import -----


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


# ----- schools: reading and local data -----


def school_item(school: School, caller: Caller | None = None) -> dict:
    """A school as ``SchoolSchema``; the coordinator's notes only when ``caller`` may see them
    (None: an internal reader, who sees everything)."""
    notes = school.notes or ""
    if caller is not None and not permissions.may_see_school_notes(caller, school):
        notes = None
    return {
        "urn": school.urn,
        "name": school.name,
        "phase": school.phase,
        "type": school.type,
        "type_group": school.type_group,
        "la_code": school.la_code,
        "la_name": school.la_name,
        "status": school.status,
        "postcode": school.postcode,
        "cluster": school.cluster,
        "open_date": school.open_date,
        "close_date": school.close_date,
        "predecessor_urns": list(school.predecessor_urns or []),
        "successor_urn": school.successor_urn,
        "ofsted_rating": school.ofsted_rating,
        "ofsted_last_inspection": school.ofsted_last_inspection,
        "report_card": _report_card(school.report_card),
        "moderation_selected_years": sorted(school.moderation_selected_years or []),
        "notes": notes,
        "approver_person_id": school.approver_person_id,
    }


def _report_card(card: dict | None) -> dict | None:
    if not card:
        return None
    return {**card, "inspected_on": as_date(card.get("inspected_on"))}


def search_schools(query: dict) -> dict:
    """Schools matching the query, in name order, a page at a time (from the catalogue)."""
    total, page = filter_schools(*catalogue.school_views(), query)
    return {"items": [catalogue.public(s) for s in page], "total": total}


def get_school(urn: int) -> School:
    school = School.objects(urn=urn).exclude("outbox").first()
    if school is None:
        raise NotFound(f"No school with URN {urn}.", {"urn": ["Unknown school."]})
    return school


def _check_cluster(cluster: str | None) -> None:
    if cluster is not None and not Cluster.objects(id=cluster).count():
        raise InvalidInput("Unknown cluster.", {"cluster": [f"No cluster {cluster!r}."]})


def create_school(data: dict, correlation_id: str | None = None) -> School:
    """Enter a school by hand (409 on a known URN); announces ``school_added``."""
    _check_cluster(data.get("cluster"))
    event = outbox_entry(
        c.SCHOOL_ADDED,
        c.SchoolImportedSchema,
        {"urn": data["urn"], "name": data["name"], "created": True, "status": "Open"},
        correlation_id,
    )
    school = School(
        urn=data["urn"],
        rev=stamp(),
        name=data["name"],
        name_tokens=tokens(data["name"]),
        **{k: data[k] for k in ("phase", "type", "type_group", "la_code", "la_name", "postcode")},
        cluster=data.get("cluster"),
        outbox=[event],
    )
    conflict = Conflict(f"URN {data['urn']} is already known.", {"urn": ["Already in use."]})
    insert_unique(school, conflict)
    return get_school(school.urn)


def update_school(urn: int, data: dict, correlation_id: str | None = None) -> School:
    """Change local data (cluster, notes); announces ``school_updated``; offers follow the
    cluster."""
    school = get_school(urn)
    if "cluster" in data:
        _check_cluster(data["cluster"])
    changed = sorted(k for k in data if getattr(school, k) != data[k])
    if not changed:
        return school
    event = outbox_entry(
        c.SCHOOL_UPDATED,
        c.SchoolUpdatedSchema,
        {
            "urn": urn,
            "name": school.name,
            "cluster": data.get("cluster", school.cluster),
            "changed": changed,
        },
        correlation_id,
    )
    raw(School).update_one(
        {"_id": urn},
        {"$set": {**{k: data[k] for k in changed}, "rev": stamp()}, "$push": {"outbox": event}},
    )
    if "cluster" in changed:
        raw(Offer).update_many(
            {"school_urn": urn}, {"$set": {"cluster": data["cluster"], "rev": stamp()}}
        )
    return get_school(urn)


def update_ofsted(
    urn: int, data: dict, by: str | None = None, correlation_id: str | None = None
) -> School:
    """(``by``: the LA officer's person id, recorded in the event.)"""
    """The LA officer sets the legacy grade and/or the report card; GIAS no longer overwrites."""
    school = get_school(urn)
    fields: dict = {"ofsted_edited": True, "rev": stamp()}
    if "ofsted_rating" in data:
        fields["ofsted_rating"] = data["ofsted_rating"]
    if "ofsted_last_inspection" in data:
        fields["ofsted_last_inspection"] = as_datetime(data["ofsted_last_inspection"])
    card = None
    if "report_card" in data:
        card = data["report_card"]
        fields["report_card"] = (
            {**card, "inspected_on": as_datetime(card.get("inspected_on"))} if card else None
        )
    event = outbox_entry(
        c.OFSTED_GRADES_UPDATED,
        c.OfstedGradesUpdatedSchema,
        {
            "urn": urn,
            "name": school.name,
            "ofsted_rating": data.get("ofsted_rating", school.ofsted_rating),
            "report_card": {"grades": card["grades"], "safeguarding": card["safeguarding"]}
            if card
            else None,
            "updated_by": by,
        },
        correlation_id,
    )
    raw(School).update_one({"_id": urn}, {"$set": fields, "$push": {"outbox": event}})
    return get_school(urn)


def set_moderation_selection(data: dict, correlation_id: str | None = None) -> list[School]:
    """Select or deselect schools for statutory moderation in a year; each change is announced."""
    urns = sorted(set(data["urns"]))
    known = {s.urn: s for s in School.objects(urn__in=urns).only("urn", "name")}
    unknown = [u for u in urns if u not in known]
    if unknown:
        raise InvalidInput(
            "Unknown school(s).", {"urns": [f"No school with URN {u}." for u in unknown]}
        )
    year, selected = data["academic_year"], data["selected"]
    changed = []
    for urn in urns:
        event = outbox_entry(
            c.MODERATION_SELECTION_CHANGED,
            c.ModerationSelectionChangedSchema,
            {"urn": urn, "name": known[urn].name, "academic_year": year, "selected": selected},
            correlation_id,
        )
        if selected:
            query = {"_id": urn, "moderation_selected_years": {"$ne": year}}
            update = {
                "$push": {"moderation_selected_years": year, "outbox": event},
                "$set": {"rev": stamp()},
            }
        else:
            query = {"_id": urn, "moderation_selected_years": year}
            update = {
                "$pull": {"moderation_selected_years": year},
                "$push": {"outbox": event},
                "$set": {"rev": stamp()},
            }
        if raw(School).update_one(query, update).modified_count:
            changed.append(urn)
    return [get_school(u) for u in changed]


def _cluster_counts(schools: dict) -> dict:
    counts: dict = {}
    for school in schools.values():
        counts[school["cluster"]] = counts.get(school["cluster"], 0) + 1
    return counts


def list_clusters() -> dict:
    """The clusters with their schools' counts (counted once per change of the schools, not on
    every call: every directory page asks for the clusters)."""
    catalogue.schools.refresh()
    counts = catalogue.schools.derived("cluster_counts", _cluster_counts)
    items = [
        {"id": k.id, "name": k.name, "school_count": counts.get(k.id, 0)}
        for k in Cluster.objects.order_by("name")
    ]
    return {"items": items, "total": len(items)}


def assign_cluster(urn: int, cluster: str) -> None:
    if not School.objects(urn=urn).update_one(set__cluster=cluster, set__rev=stamp()):
        raise NotFound(f"No school with URN {urn}.", {"urn": ["Unknown school."]})


# ----- people -----


def person_item(person: Person) -> dict:
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "school_urn": person.school_urn,
        "roles": sorted(person.roles or []),
        "job_title": person.job_title or "",
        "year_groups": list(person.year_groups or []),
        "subjects": list(person.subjects or []),
    }


def person_view(item: dict, caller: Caller) -> dict:
    """A person as ``caller`` may see them: no email outside their school and the partnership
    roles."""
    if permissions.may_see_contact(caller, item):
        return item
    return {**item, "email": None}


def page_view(page: dict, caller: Caller) -> dict:
    return {**page, "items": [person_view(item, caller) for item in page["items"]]}


def _school_name(urn: int | None) -> str | None:
    if urn is None:
        return None
    school = School.objects(urn=urn).only("name").first()
    return school.name if school else None


def register_person(
    data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Store a new person (409 on a duplicate email) with a person_registered event in its
    outbox. A school's administrator or head registers only their own school's people, with
    school-managed roles."""
    if caller is not None:
        permissions.check_may_register(caller, data)
    if data.get("school_urn") is not None and not School.objects(urn=data["school_urn"]).count():
        raise NotFound(
            f"No school with URN {data['school_urn']}.", {"school_urn": ["Unknown school."]}
        )
    person = Person(
        email=normalise_email(data["email"]),
        name=data["name"],
        name_tokens=tokens(data["name"]),
        school_urn=data.get("school_urn"),
        roles=sorted(set(data.get("roles") or [])),
        job_title=data.get("job_title") or "",
        year_groups=list(dict.fromkeys(data.get("year_groups") or [])),
        subjects=list(dict.fromkeys(data.get("subjects") or [])),
        password_hash=hash_password(data["password"]) if data.get("password") else None,
        token_version=0,
    )
    person.outbox = [
        outbox_entry(
            c.PERSON_REGISTERED,
            c.PersonRegisteredSchema,
            {
                "person_id": person.id,
                "email": person.email,
                "name": person.name,
                "school_urn": person.school_urn,
                "roles": list(person.roles),
            },
            correlation_id,
        )
    ]
    return insert_person(person)


def _clear_approver(person_id: str, urn: int | None, correlation_id: str | None = None) -> None:
    """The person no longer may approve at ``urn`` (lost the role, or left): the school has no
    designated approver until someone sets one (announced as ``school_updated``)."""
    if urn is None:
        return
    school = School.objects(urn=urn).only("name", "cluster").first()
    if school is None:
        return
    event = outbox_entry(
        c.SCHOOL_UPDATED,
        c.SchoolUpdatedSchema,
        {
            "urn": urn,
            "name": school.name,
            "cluster": school.cluster,
            "changed": ["approver_person_id"],
        },
        correlation_id,
    )
    raw(School).update_one(
        {"_id": urn, "approver_person_id": person_id},
        {"$set": {"approver_person_id": None, "rev": stamp()}, "$push": {"outbox": event}},
    )


def update_person(
    person_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Change a person's details; moving them to another school (the partnership roles) ends
    their sessions and their designation as the old school's approver."""
    person = get_person(person_id)
    if caller is not None:
        permissions.check_may_update_person(caller, person_item(person), data)
    if "school_urn" in data and data["school_urn"] is not None:
        if not School.objects(urn=data["school_urn"]).count():
            raise NotFound(
                f"No school with URN {data['school_urn']}.", {"school_urn": ["Unknown school."]}
            )
    fields = dict(data)
    if "name" in fields:
        fields["name_tokens"] = tokens(fields["name"])
    changed = sorted(k for k in data if getattr(person, k) != data[k])
    if not changed:
        return person
    event = outbox_entry(
        c.PERSON_UPDATED,
        c.PersonUpdatedSchema,
        {
            "person_id": person.id,
            "name": data.get("name", person.name),
            "school_urn": data.get("school_urn", person.school_urn),
            "changed": changed,
        },
        correlation_id,
    )
    update: dict = {"$set": fields, "$push": {"outbox": event}}
    if "school_urn" in changed:
        revoking(update, person_id, correlation_id)
    raw(Person).update_one({"_id": person_id}, update)
    if "school_urn" in changed:
        _clear_approver(person_id, person.school_urn, correlation_id)
    return get_person(person_id)


def assign_role(
    person_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Grant (or with ``assigned`` false, remove) a role: ``role_assigned`` / ``role_removed``.
    The person's sessions end (token version); one who no longer holds an approver role stops
    being their school's approver."""
    person = get_person(person_id)
    role, assigned = data["role"], data["assigned"]
    if caller is not None:
        permissions.check_may_assign_role(caller, person_item(person), role)
    roles = sorted(set(person.roles) | {role}) if assigned else sorted(set(person.roles) - {role})
    event = outbox_entry(
        c.ROLE_ASSIGNED if assigned else c.ROLE_REMOVED,
        c.RoleAssignedSchema,
        {
            "person_id": person.id,
            "email": person.email,
            "name": person.name,
            "school_urn": person.school_urn,
            "school_name": _school_name(person.school_urn),
            "role": role,
            "roles": roles,
        },
        correlation_id,
    )
    if assigned:
        query = {"_id": person_id, "roles": {"$ne": role}}
        update = {"$addToSet": {"roles": role}, "$push": {"outbox": event}}
    else:
        query = {"_id": person_id, "roles": role}
        update = {"$pull": {"roles": role}, "$push": {"outbox": event}}
    changed = raw(Person).update_one(query, revoking(update, person_id, correlation_id))
    changed = changed.modified_count
    if changed and not assigned and not set(roles) & set(c.APPROVER_ROLES):
        _clear_approver(person_id, person.school_urn, correlation_id)
    return get_person(person_id)


def set_school_approver(
    urn: int, person_id: str | None, caller: Caller | None = None, correlation_id=None
) -> School:
    """Designate the school's one approver of bookings: a person of the school holding
    headteacher, deputy_head or business_manager (422 naming ``person_id`` otherwise); None
    clears it. Announced as ``school_updated``."""
    if caller is not None:
        permissions.check_may_set_approver(caller, urn)
    school = get_school(urn)
    if person_id is not None:
        person = Person.objects(id=person_id).only("id", "school_urn", "roles").first()
        if person is None or not permissions.is_eligible_approver(person, urn):
            raise InvalidInput(
                "The approver must be a headteacher, deputy head or business manager of the "
                "school.",
                {"person_id": ["Not a headteacher, deputy head or business manager here."]},
            )
    if school.approver_person_id == person_id:
        return school
    event = outbox_entry(
        c.SCHOOL_UPDATED,
        c.SchoolUpdatedSchema,
        {
            "urn": urn,
            "name": school.name,
            "cluster": school.cluster,
            "changed": ["approver_person_id"],
        },
        correlation_id,
    )
    raw(School).update_one(
        {"_id": urn},
        {"$set": {"approver_person_id": person_id, "rev": stamp()}, "$push": {"outbox": event}},
    )
    if person_id is not None:
        # lost the role or left meanwhile: no designation survives that
        person = Person.objects(id=person_id).only("id", "school_urn", "roles").first()
        if person is None or not permissions.is_eligible_approver(person, urn):
            _clear_approver(person_id, urn, correlation_id)
    return get_school(urn)


def _school_urns(query: dict) -> list[int] | None:
    filters = {k: query[k] for k in ("cluster", "phase", "type") if query.get(k)}
    if not filters:
        return None
    schools = catalogue.schools.refresh().values()
    return [s["urn"] for s in schools if all(s.get(k) == v for k, v in filters.items())]


def list_people(query: dict) -> dict:
    found = Person.objects.exclude("outbox", "password_hash")
    if query.get("ids"):
        found = found(id__in=query["ids"])
    if query.get("school_urn") is not None:
        found = found(school_urn=query["school_urn"])
    urns = _school_urns(query)
    if urns is not None:
        found = found(school_urn__in=urns)
    if query.get("role"):
        found = found(roles=query["role"])
    if query.get("subject"):
        found = found(subjects=query["subject"])
    if query.get("year_group"):
        found = found(year_groups=query["year_group"])
    if query.get("q"):
        found = found(__raw__=prefix_filter("name_tokens", tokens(query["q"])))
    found = found.order_by("name")
    return paginate(found, query, person_item)


def get_person(person_id: str) -> Person:
    person = Person.objects(id=person_id).exclude("outbox").first()
    if person is None:
        raise NotFound(f"No person with id {person_id}.", {"person_id": ["Unknown person."]})
    return person


def people_by_ids(ids: list[str]) -> list[Person]:
    found = {p.id: p for p in Person.objects(id__in=list(ids)).exclude("outbox")}
    return [found[i] for i in ids if i in found]
