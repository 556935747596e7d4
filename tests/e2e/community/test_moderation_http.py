"""Moderation over HTTP: anyone who may see a post or comment reports it, the coordinator (the
North cluster's space has no chair) lists the reports, dismisses one or hides a comment (its
author is told why, the reports on it are closed, nothing is deleted). Each route: a happy path,
a refusal (403, or 404 to who may not see it) and bad input (a 4xx naming the field)."""

import pytest

from contracts import community as c
from support.community_http import conforms, error_fields, new_post, ok, outsider, wait_for_space

UNKNOWN = "000000000000000000000000"


@pytest.fixture(scope="module")
def people(platform, as_user):
    teacher = as_user("teacher")
    wait_for_space(teacher)
    return {
        "teacher": teacher,
        "head": as_user("headteacher"),
        "coordinator": as_user("coordinator"),
        "outsider": outsider(platform, as_user("coordinator")),
    }


@pytest.fixture(scope="module")
def post(people):
    return new_post(people["teacher"], "Dunnock")


def _comment(people, post) -> dict:
    made = people["head"].post(f"/api/v1/posts/{post['id']}/comments", json={"text": "Rude."})
    return ok(made, 201)


def _refused(response) -> None:
    assert response.status_code in (403, 404), response.text
    assert response.json()["error"]["code"] in ("FORBIDDEN", "NOT_FOUND")


def test_a_member_reports_a_post(people, post):
    path = f"/api/v1/posts/{post['id']}/reports"
    report = conforms(c.ReportSchema, ok(people["head"].post(path, json={"reason": "Spam"}), 201))
    assert (report["target_kind"], report["target_id"], report["status"]) == (
        "post",
        post["id"],
        "open",
    )
    _refused(people["outsider"].post(path, json={"reason": "Spam"}))
    assert "reason" in error_fields(people["head"].post(path, json={"reason": ""}), 422)
    assert "post_id" in error_fields(
        people["head"].post(f"/api/v1/posts/{UNKNOWN}/reports", json={"reason": "x"}), 404
    )


def test_a_member_reports_a_comment(people, post):
    comment = _comment(people, post)
    path = f"/api/v1/comments/{comment['id']}/reports"
    report = ok(people["teacher"].post(path, json={"reason": "Unkind"}), 201)
    assert (report["target_kind"], report["post_id"]) == ("comment", post["id"])
    _refused(people["outsider"].post(path, json={"reason": "Unkind"}))
    assert "reason" in error_fields(people["teacher"].post(path, json={}), 422)
    assert "colour" in error_fields(
        people["teacher"].post(path, json={"reason": "x", "colour": 1}), 422
    )


def test_the_coordinator_lists_reports_others_are_refused(people, post):
    path = f"/api/v1/posts/{post['id']}/reports"
    made = ok(people["head"].post(path, json={"reason": "Listed"}), 201)
    found = conforms(c.ReportPageSchema, ok(people["coordinator"].get("/api/v1/reports"), 200))
    assert made["id"] in [each["id"] for each in found["items"]]
    mine = ok(
        people["coordinator"].get("/api/v1/reports", params={"space_id": post["space_id"]}), 200
    )
    assert made["id"] in [each["id"] for each in mine["items"]]
    for who in ("teacher", "head", "outsider"):
        refused = people[who].get("/api/v1/reports")
        assert refused.status_code == 403, (who, refused.text)
    bad = people["coordinator"].get("/api/v1/reports", params={"status": "closed"})
    assert "status" in error_fields(bad, 422)


def test_the_coordinator_dismisses_a_report(people, post):
    path = f"/api/v1/posts/{post['id']}/reports"
    made = ok(people["head"].post(path, json={"reason": "Dismiss me"}), 201)
    dismiss = f"/api/v1/reports/{made['id']}/dismiss"
    assert people["teacher"].post(dismiss).status_code == 403
    done = conforms(c.ReportSchema, ok(people["coordinator"].post(dismiss), 200))
    assert done["status"] == "dismissed" and done["resolved_by"]
    assert "report_id" in error_fields(people["coordinator"].post(dismiss), 409)
    unknown = people["coordinator"].post(f"/api/v1/reports/{UNKNOWN}/dismiss")
    assert "report_id" in error_fields(unknown, 404)


def test_the_coordinator_hides_a_reported_comment(people, post):
    comment = _comment(people, post)
    report_path = f"/api/v1/comments/{comment['id']}/reports"
    report = ok(people["teacher"].post(report_path, json={"reason": "Unkind"}), 201)
    hide = f"/api/v1/comments/{comment['id']}/hide"
    refused = people["teacher"].post(hide, json={"reason": "Unkind"})
    assert refused.status_code == 403, refused.text
    assert "reason" in error_fields(people["coordinator"].post(hide, json={}), 422)
    hidden = conforms(
        c.CommentSchema, ok(people["coordinator"].post(hide, json={"reason": "Unkind"}), 200)
    )
    assert hidden["hidden"] and hidden["hidden_reason"] == "Unkind"
    assert "comment_id" in error_fields(
        people["coordinator"].post(hide, json={"reason": "Again"}), 409
    )
    closed = ok(people["coordinator"].get("/api/v1/reports", params={"status": "hidden"}), 200)
    assert report["id"] in [each["id"] for each in closed["items"]]
    unknown = people["coordinator"].post(f"/api/v1/comments/{UNKNOWN}/hide", json={"reason": "x"})
    assert "comment_id" in error_fields(unknown, 404)
