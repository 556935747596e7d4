"""Leading a space over HTTP: pinning a post first in its space (a group's chair or secretary,
or the coordinator) and publishing the half-termly feedback to heads (it stays in the group's
space and every headteacher may read it). Each route: a happy path, a refusal and bad input."""

import random

import pytest

from gateway.api.community_shapes import PostHttpSchema
from support.community_http import (
    PDF,
    SPACE,
    conforms,
    error_fields,
    new_post,
    ok,
    outsider,
    wait_for_space,
)

GROUP_SPACE = "group-inclusion"
UNKNOWN = "000000000000000000000000"


@pytest.fixture(scope="module")
def people(platform, as_user):
    teacher, coordinator = as_user("teacher"), as_user("coordinator")
    wait_for_space(teacher)
    wait_for_space(coordinator, GROUP_SPACE)
    return {
        "teacher": teacher,
        "head": as_user("headteacher"),
        "coordinator": coordinator,
        "outsider": outsider(platform, coordinator),
    }


def _half_term() -> str:
    """A half term no other test publishes (one feedback per group and half term)."""
    year = random.randint(2040, 2990)
    return f"{year}-{(year + 1) % 100:02d} spring 2"


def test_the_coordinator_pins_a_post_first_and_unpins_it(people):
    first = new_post(people["teacher"], "Pipit")
    new_post(people["teacher"], "Later")  # newer, but not pinned
    path = f"/api/v1/posts/{first['id']}/pin"
    pinned = conforms(PostHttpSchema, ok(people["coordinator"].post(path), 200))
    assert pinned["pinned"]
    listed = ok(people["teacher"].get(f"/api/v1/spaces/{SPACE}/posts"), 200)["items"]
    assert listed[0]["id"] == first["id"]
    assert ok(people["coordinator"].post(path), 200)["pinned"]  # again changes nothing
    unpinned = ok(people["coordinator"].request("DELETE", path), 200)
    assert not unpinned["pinned"]


def test_only_those_who_lead_the_space_pin(people):
    made = new_post(people["teacher"], "Chiffchaff")
    path = f"/api/v1/posts/{made['id']}/pin"
    for who in ("teacher", "head"):
        assert people[who].post(path).status_code == 403
        assert people[who].request("DELETE", path).status_code == 403
    refused = people["outsider"].post(path)
    assert refused.status_code in (403, 404), refused.text
    assert not ok(people["teacher"].get(f"/api/v1/posts/{made['id']}"), 200)["pinned"]


def test_pinning_an_unknown_or_hidden_post_names_it(people):
    unknown = people["coordinator"].post(f"/api/v1/posts/{UNKNOWN}/pin")
    assert "post_id" in error_fields(unknown, 404)
    made = new_post(people["teacher"], "Redpoll")
    hide = {"reason": "Duplicate"}
    ok(people["coordinator"].post(f"/api/v1/posts/{made['id']}/hide", json=hide), 200)
    hidden = people["coordinator"].post(f"/api/v1/posts/{made['id']}/pin")
    assert "post_id" in error_fields(hidden, 409)


def test_the_coordinator_publishes_the_feedback_and_every_head_reads_it(people):
    half_term = _half_term()
    body = {"half_term": half_term, "title": "Inclusion: spring feedback", "body": "We **met**."}
    path = f"/api/v1/spaces/{GROUP_SPACE}/feedback"
    made = conforms(PostHttpSchema, ok(people["coordinator"].post(path, json=body), 201))
    assert (made["kind"], made["half_term"], made["space_id"]) == (
        "feedback",
        half_term,
        GROUP_SPACE,
    )
    assert "<strong>met</strong>" in made["html"]
    read = ok(people["head"].get(f"/api/v1/posts/{made['id']}"), 200)  # no member, a head
    assert read["kind"] == "feedback"
    again = people["coordinator"].post(path, json=body)
    assert "half_term" in error_fields(again, 409)


def test_feedback_with_a_file_as_multipart(people):
    form = {"half_term": _half_term(), "title": "Feedback with minutes", "body": "Attached."}
    files = {"file": ("minutes.pdf", PDF, "application/pdf")}
    path = f"/api/v1/spaces/{GROUP_SPACE}/feedback"
    made = ok(people["coordinator"].post(path, data=form, files=files), 201)
    (attachment,) = made["attachments"]
    assert attachment["content_type"] == "application/pdf"
    assert people["head"].get(attachment["url"]).content == PDF


def test_only_a_groups_leaders_publish_feedback_and_only_in_its_space(people):
    body = {"half_term": _half_term(), "title": "Not mine to send"}
    refused = people["teacher"].post(f"/api/v1/spaces/{GROUP_SPACE}/feedback", json=body)
    assert refused.status_code in (403, 404), refused.text
    in_cluster = people["coordinator"].post(f"/api/v1/spaces/{SPACE}/feedback", json=body)
    assert in_cluster.status_code == 403, in_cluster.text


def test_bad_feedback_names_the_field(people):
    path = f"/api/v1/spaces/{GROUP_SPACE}/feedback"
    coordinator = people["coordinator"]
    bad_term = coordinator.post(path, json={"half_term": "autumn", "title": "T"})
    assert "half_term" in error_fields(bad_term, 422)
    assert "title" in error_fields(coordinator.post(path, json={"half_term": _half_term()}), 422)
    disguised = coordinator.post(
        path,
        data={"half_term": _half_term(), "title": "T"},
        files={"file": ("minutes.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "application/pdf")},
    )
    assert "attachments.0.content" in error_fields(disguised, 422)
    unknown = coordinator.post(
        "/api/v1/spaces/nowhere/feedback", json={"half_term": _half_term(), "title": "T"}
    )
    assert "space_id" in error_fields(unknown, 404)
