"""The in-memory search catalogue against the real store: it follows writes by their rev, and a
full reload heals a write it missed."""

import pytest

from contracts import directory as c
from contracts.common import load
from directory import catalogue, schools
from directory.storage import School, connect_store, raw, stamp


@pytest.fixture
def store(mongo_uri, mongo_db):
    connect_store(mongo_uri, mongo_db)


def _names(q):
    found = schools.search_schools(load(c.SchoolQuerySchema, {"q": q}))
    return [s["name"] for s in found["items"]]


def _add(urn, name):
    body = {"urn": urn, "name": name, "phase": "Primary", "type": "Free schools"}
    schools.create_school(load(c.SchoolCreateSchema, body))


def test_search_follows_writes_made_by_any_process(store):
    _add(123456, "Kestrel Primary")
    assert _names("kest") == ["Kestrel Primary"]
    raw(School).update_one(
        {"_id": 123456},
        {
            "$set": {
                "name": "Kittiwake Primary",
                "name_tokens": ["kittiwake", "primary"],
                "rev": stamp(),
            }
        },
    )
    assert _names("kitti") == ["Kittiwake Primary"] and _names("kest") == []


def test_a_full_reload_heals_a_missed_write(store):
    _add(123457, "Osprey Primary")
    assert _names("osp") == ["Osprey Primary"]
    raw(School).update_one(
        {"_id": 123457}, {"$set": {"name": "Plover Primary", "name_tokens": ["plover"], "rev": 1}}
    )
    assert _names("plov") == []  # written with a rev far in the past: not seen incrementally
    catalogue.schools.reload()
    assert _names("plov") == ["Plover Primary"]
