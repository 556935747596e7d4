"""GIAS import into the real store: re-import keeps local data, records closures, links academy
conversions, reports bad rows by line and imports the rest."""

import pytest

from contracts import directory as c
from directory.cli import import_file
from directory.gias_sample import sample_rows, write_csv, write_links
from directory.storage import School, connect_store


@pytest.fixture
def store(mongo_uri, mongo_db):
    connect_store(mongo_uri, mongo_db)


def _import(tmp_path, rows, links=None):
    path = tmp_path / "edubase.csv"
    write_csv(path, rows)
    links_path = None
    if links:
        links_path = tmp_path / "links.csv"
        write_links(links_path, links)
    return import_file(str(path), "890", str(links_path) if links_path else None, show=False)


def _events(urn, name):
    return [e for e in School.objects.get(urn=urn).outbox if e["name"] == name]


def test_bad_rows_are_skipped_by_line_and_the_rest_imported(store, tmp_path):
    rows = list(sample_rows(6))
    rows[2]["URN"] = ""
    result = _import(tmp_path, rows)
    assert [(b.line, "URN" in b.problem) for b in result["bad_rows"]] == [(4, True)]
    assert (result["created"], School.objects.count()) == (5, 5)


def test_reimport_updates_gias_fields_and_keeps_local_data(store, tmp_path):
    rows = list(sample_rows(3))
    _import(tmp_path, rows)
    School.objects(urn=900001).update_one(set__cluster="north", set__notes="Hub school")
    rows[0]["EstablishmentName"] = "Northshore Renamed Primary (synthetic)"
    result = _import(tmp_path, rows)
    assert (result["created"], result["updated"]) == (0, 1)
    school = School.objects.get(urn=900001)
    assert (school.name, school.cluster, school.notes) == (
        "Northshore Renamed Primary (synthetic)",
        "north",
        "Hub school",
    )
    assert [e["body"]["created"] for e in _events(900001, c.SCHOOL_IMPORTED)] == [True, False]
    assert _events(900002, c.SCHOOL_IMPORTED)[-1]["body"]["created"]  # unchanged: no new event


def test_a_closure_is_recorded_once_and_a_conversion_linked(store, tmp_path):
    rows = list(sample_rows(2))
    _import(tmp_path, rows)
    rows[1].update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2025"})
    academy = {**rows[1], "URN": "900099", "EstablishmentName": "Gullwing Academy (synthetic)"}
    academy.update(
        {"EstablishmentStatus (name)": "Open", "CloseDate": "", "OpenDate": "01-09-2025"}
    )
    links = [
        {"URN": "900099", "LinkURN": "900002", "LinkName": "x", "LinkType": "Predecessor"},
        {"URN": "900002", "LinkURN": "900099", "LinkName": "y", "LinkType": "Successor"},
    ]
    result = _import(tmp_path, [*rows, academy], links)
    assert (result["closed"], result["converted"]) == (1, 1)
    _import(tmp_path, [*rows, academy], links)  # again: nothing new
    old, new = School.objects.get(urn=900002), School.objects.get(urn=900099)
    assert (old.status, str(old.close_date), old.successor_urn) == ("Closed", "2025-08-31", 900099)
    assert new.predecessor_urns == [900002]
    assert len(_events(900002, c.SCHOOL_CLOSED)) == 1
    converted = _events(900099, c.SCHOOL_CONVERTED)
    assert [e["body"]["predecessor_urn"] for e in converted] == [900002]


def test_ofsted_grades_edited_by_the_la_officer_survive_reimport(store, tmp_path):
    rows = list(sample_rows(1))
    _import(tmp_path, rows)
    School.objects(urn=900001).update_one(set__ofsted_rating="Outstanding", set__ofsted_edited=True)
    rows[0]["OfstedRating (name)"] = "Good"
    rows[0]["Postcode"] = "FY9 9ZZ"
    _import(tmp_path, rows)
    school = School.objects.get(urn=900001)
    assert (school.ofsted_rating, school.postcode) == ("Outstanding", "FY9 9ZZ")


def test_imported_events_wait_in_outboxes_the_sweep_finds_by_index(store, tmp_path):
    from datetime import timedelta

    from runtime.delivery import stale_outbox_filter

    _import(tmp_path, list(sample_rows(3)))
    collection = School._get_collection()
    assert collection.count_documents(stale_outbox_filter(timedelta(0))) == 3
    assert collection.count_documents(stale_outbox_filter(timedelta(hours=1))) == 0
