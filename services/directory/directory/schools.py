"""Schools: reading them (as ``SchoolSchema`` items, searched from the catalogue) and the
partnership's local data about them: entering a school by hand, cluster and notes, Ofsted grades
the LA officer edits, and the statutory moderation selection; each change leaves its event in the
school's outbox. A use case that acts for someone is given their ``caller`` and asks
``permissions`` first; without one it is an internal call (the demo seed, the command line)."""

from contracts import directory as c
from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput, NotFound
from directory import catalogue, permissions
from directory.domain import tokens
from directory.listing import filter_schools
from directory.storage import Cluster, Offer, School, insert_unique, raw, stamp
from directory.stored_dates import as_date, as_datetime
from runtime.delivery import outbox_entry


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
