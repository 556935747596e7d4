"""Moderation: anyone who may see a post or comment reports it; the space's chair or the
coordinator sees the reports and hides what was reported; the author is told why; nothing is
deleted (the post, the comment and the report are kept, with who acted)."""

import pytest

from contracts.errors import Conflict, Forbidden, InvalidInput
from support.waiting import eventually

from .conftest import as_

INCLUSION = "group-inclusion"


def told(inbox, person_id, kind):
    return [e for e in inbox(person_id) if e["kind"] == kind]


def test_a_reported_post_is_hidden_by_the_chair_and_its_author_told_why(
    community_and_notifications, rpc, inbox
):
    rpc.community.sync_spaces(caller=as_("coord"))
    post = rpc.community.publish_post(INCLUSION, {"title": "Off topic"}, caller=as_("teacher-a"))
    with pytest.raises(Forbidden):
        rpc.community.report_post(post["id"], {"reason": "spam"}, caller=as_("teacher-b"))
    with pytest.raises(InvalidInput):
        rpc.community.report_post(post["id"], {"reason": ""}, caller=as_("la"))
    report = rpc.community.report_post(post["id"], {"reason": "Names a pupil"}, caller=as_("la"))
    assert report["status"] == "open" and report["reported_by"] == "la"

    with pytest.raises(Forbidden):
        rpc.community.list_reports({}, caller=as_("teacher-a"))
    with pytest.raises(Forbidden):
        rpc.community.list_reports({"space_id": INCLUSION}, caller=as_("teacher-b"))
    waiting = rpc.community.list_reports({}, caller=as_("senco-c"))["items"]
    assert [r["id"] for r in waiting] == [report["id"]]

    with pytest.raises(Forbidden):
        rpc.community.hide_post(post["id"], {"reason": "no"}, caller=as_("la"))
    rpc.community.hide_post(post["id"], {"reason": "It names a pupil"}, caller=as_("senco-c"))
    entry = eventually(lambda: told(inbox, "teacher-a", "post_hidden"), 15)[0]
    assert "It names a pupil" in entry["body"] and "Off topic" in entry["body"]
    assert entry["ref"] == post["id"]

    # kept, with who and why; the report closed by the chair
    kept = rpc.community.get_post(post["id"], caller=as_("teacher-a"))
    assert kept["hidden"] and kept["hidden_reason"] == "It names a pupil"
    closed = rpc.community.list_reports({"status": "hidden"}, caller=as_("coord"))["items"]
    assert closed[0]["id"] == report["id"] and closed[0]["resolved_by"] == "senco-c"
    assert rpc.community.list_reports({}, caller=as_("senco-c"))["total"] == 0
    with pytest.raises(Forbidden):
        rpc.community.get_post(post["id"], caller=as_("la"))
    with pytest.raises(Conflict):
        rpc.community.hide_post(post["id"], {"reason": "again"}, caller=as_("coord"))


def test_a_reported_comment_is_hidden_and_its_author_told(community_and_notifications, rpc, inbox):
    rpc.community.sync_spaces(caller=as_("coord"))
    post = rpc.community.publish_post(INCLUSION, {"title": "Visuals"}, caller=as_("teacher-a"))
    comment = rpc.community.add_comment(post["id"], {"text": "Rude words"}, caller=as_("la"))
    report = rpc.community.report_comment(
        comment["id"], {"reason": "Unkind"}, caller=as_("teacher-a")
    )
    assert report["target_kind"] == "comment" and report["post_id"] == post["id"]
    other = rpc.community.report_post(post["id"], {"reason": "Meh"}, caller=as_("senco-c"))
    assert rpc.community.dismiss_report(other["id"], caller=as_("coord"))["status"] == "dismissed"

    hidden = rpc.community.hide_comment(comment["id"], {"reason": "Be kind"}, caller=as_("coord"))
    assert hidden["hidden"] and hidden["hidden_reason"] == "Be kind"
    entry = eventually(lambda: told(inbox, "la", "comment_hidden"), 15)[0]
    assert "Be kind" in entry["body"]

    seen = rpc.community.list_comments(post["id"], {}, caller=as_("teacher-a"))
    assert seen["total"] == 0
    own = rpc.community.list_comments(post["id"], {}, caller=as_("la"))["items"]
    assert own[0]["hidden"] is True
    assert rpc.community.list_comments(post["id"], {}, caller=as_("senco-c"))["total"] == 1
    with pytest.raises(Conflict):
        rpc.community.dismiss_report(other["id"], caller=as_("coord"))
