"""Following over HTTP: a person follows a space they may see or a support-area tag, lists what
they follow and stops following. Each route: a happy path, a refusal and bad input."""

import pytest

from contracts import community as c
from support.community_http import SPACE, conforms, error_fields, ok, outsider, wait_for_space


@pytest.fixture(scope="module")
def people(platform, as_user):
    teacher = as_user("teacher")
    wait_for_space(teacher)
    return {"teacher": teacher, "outsider": outsider(platform, as_user("coordinator"))}


def _targets(page: dict) -> set:
    return {(each["kind"], each["target"]) for each in page["items"]}


def test_a_teacher_follows_a_space_and_a_tag_and_lists_them(people):
    teacher = people["teacher"]
    page = conforms(
        c.FollowPageSchema, ok(teacher.post("/api/v1/follows", json={"space_id": SPACE}), 201)
    )
    assert ("space", SPACE) in _targets(page)
    ok(teacher.post("/api/v1/follows", json={"tag": "send"}), 201)
    again = ok(teacher.post("/api/v1/follows", json={"space_id": SPACE}), 201)
    mine = conforms(c.FollowPageSchema, ok(teacher.get("/api/v1/me/follows"), 200))
    assert {("space", SPACE), ("tag", "send")} <= _targets(mine)
    assert _targets(again) <= _targets(mine)
    named = {each["target"]: each["name"] for each in mine["items"]}
    assert named[SPACE]


def test_unfollowing(people):
    teacher = people["teacher"]
    ok(teacher.post("/api/v1/follows", json={"tag": "phonics"}), 201)
    page = ok(teacher.request("DELETE", "/api/v1/follows", params={"tag": "phonics"}), 200)
    assert ("tag", "phonics") not in _targets(page)
    assert ("tag", "phonics") not in _targets(ok(teacher.get("/api/v1/me/follows"), 200))
    page = ok(teacher.request("DELETE", "/api/v1/follows", params={"tag": "phonics"}), 200)
    assert ("tag", "phonics") not in _targets(page)  # not following changes nothing


def test_an_outsider_cannot_follow_a_space_they_do_not_see(people):
    refused = people["outsider"].post("/api/v1/follows", json={"space_id": SPACE})
    assert refused.status_code in (403, 404), refused.text
    assert refused.json()["error"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    assert ("space", SPACE) not in _targets(ok(people["outsider"].get("/api/v1/me/follows"), 200))


def test_bad_follows_name_the_field(people):
    teacher = people["teacher"]
    both = teacher.post("/api/v1/follows", json={"space_id": SPACE, "tag": "send"})
    assert "space_id" in error_fields(both, 422)
    assert "space_id" in error_fields(teacher.post("/api/v1/follows", json={}), 422)
    assert "tag" in error_fields(teacher.post("/api/v1/follows", json={"tag": "knitting"}), 422)
    assert "space_id" in error_fields(teacher.request("DELETE", "/api/v1/follows"), 422)
    unknown = teacher.post("/api/v1/follows", json={"space_id": "nowhere"})
    assert "space_id" in error_fields(unknown, 404)
