"""The directory's erasure rules as plain Python: what an erased record becomes, a group's terms
of office renamed, an erasure's per-service status, and who may export, erase or watch."""

from datetime import UTC, datetime

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized
from contracts.privacy import ERASED_NAME
from directory.permissions.privacy import (
    check_may_erase_person,
    check_may_export_person,
    check_may_see_erasure,
)
from directory.privacy import SECRET_FIELDS, anonymised_fields, erasure_item, offices_renamed

COORDINATOR = Caller("c1", ("coordinator",))
TEACHER = Caller("p1", ("teacher",), 100)
AT = datetime(2026, 1, 2, tzinfo=UTC)


def test_an_erased_record_keeps_nothing_that_names_or_reaches_the_person():
    fields = anonymised_fields("p1")
    assert fields["name"] == ERASED_NAME and fields["name_tokens"] == []
    assert fields["email"] == "erased-p1@erased.invalid"
    assert anonymised_fields("p2")["email"] != fields["email"]  # unique, as the index wants
    assert fields["password_hash"] is None and fields["reset_token_hash"] is None
    assert fields["roles"] == [] and fields["subjects"] == [] and fields["job_title"] == ""


def test_no_secret_is_ever_exported():
    assert {"password_hash", "reset_token_hash", "token_version"} <= set(SECRET_FIELDS)


def test_only_the_persons_own_terms_of_office_are_renamed():
    terms = [
        {"person_id": "p1", "name": "Ann", "office": "chair"},
        {"person_id": "p2", "name": "Bo", "office": "secretary"},
    ]
    renamed = offices_renamed(terms, "p1")
    assert renamed[0] == {"person_id": "p1", "name": ERASED_NAME, "office": "chair"}
    assert renamed[1] == terms[1]


def test_an_erasure_is_complete_once_every_service_has_done_its_part():
    doc = {
        "_id": "e1",
        "person_id": "p1",
        "requested_by": "c1",
        "requested_at": AT,
        "services": {"directory": AT, "events": AT, "notifications": AT, "community": None},
    }
    item = erasure_item(doc)
    assert not item["complete"] and item["services"]["community"] is None
    doc["services"]["community"] = AT
    assert erasure_item(doc)["complete"]


def test_who_may_export_erase_and_watch():
    check_may_export_person(TEACHER, "p1")
    check_may_export_person(COORDINATOR, "p1")
    with pytest.raises(Forbidden):
        check_may_export_person(TEACHER, "p2")
    with pytest.raises(Unauthorized):
        check_may_export_person(Caller.anonymous(), "p1")
    check_may_erase_person(COORDINATOR, "p1")
    for caller, person in ((TEACHER, "p1"), (COORDINATOR, "c1"), (Caller.service("x"), "p1")):
        with pytest.raises(Forbidden):
            check_may_erase_person(caller, person)
    check_may_see_erasure(COORDINATOR, "p1")
    with pytest.raises(Forbidden):
        check_may_see_erasure(TEACHER, "p1")
