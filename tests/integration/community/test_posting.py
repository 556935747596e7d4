"""Posting in a space: Markdown made safe, tags from the taxonomy, attachments stored in GridFS
and served only to those who may see the post, comments, marks, and the events announced."""

import base64

import pytest

from community.storage import count_files
from contracts.errors import Forbidden, InvalidInput, NotFound
from support.waiting import eventually

from .conftest import PDF, PNG, as_, encoded

INCLUSION = "group-inclusion"


def post_data(**extra):
    return {
        "title": "Zones of regulation",
        "text": "How we **use** it <script>alert(1)</script>",
        "tags": ["SEND"],
        "phases": ["primary"],
        **extra,
    }


def test_every_group_and_cluster_has_a_space(community, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))  # its timer may have done it already
    spaces = rpc.community.list_spaces(caller=as_("coord"))["items"]
    ids = {s["id"] for s in spaces}
    assert ids == {"group-inclusion", "group-cpd", "cluster-north", "cluster-south"}
    again = rpc.community.sync_spaces(caller=as_("coord"))
    assert again == {"created": 0, "updated": 0, "archived": 0}
    with pytest.raises(Forbidden):
        rpc.community.sync_spaces(caller=as_("teacher-a"))


def test_a_member_posts_with_attachments_and_another_member_downloads(community, rpc, published):
    rpc.community.sync_spaces(caller=as_("coord"))
    data = post_data(
        attachments=[
            {"filename": "plan.pdf", "content": encoded(PDF)},
            {"filename": "chart.png", "content": encoded(PNG)},
        ]
    )
    post = rpc.community.publish_post(INCLUSION, data, caller=as_("teacher-a"))
    assert "<strong>use</strong>" in post["html"] and "<script>" not in post["html"]
    assert post["tags"] == ["send"] and post["phases"] == ["Primary"]
    assert [a["content_type"] for a in post["attachments"]] == ["application/pdf", "image/png"]
    assert post["space_name"] == "Inclusion" and post["author_name"] == "Teacher A"

    pdf = post["attachments"][0]
    got = rpc.community.get_attachment(post["id"], pdf["id"], caller=as_("senco-c"))
    assert base64.b64decode(got["content"]) == PDF
    assert got["filename"] == "plan.pdf" and got["size"] == len(PDF)

    body = eventually(lambda: [b for n, b in published() if n == "post_published"], 10)[0]
    assert body["post_id"] == post["id"] and body["space_id"] == INCLUSION
    assert body["author_id"] == "teacher-a" and body["event_id"]


def test_visibility_follows_membership(community, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))
    post = rpc.community.publish_post(
        INCLUSION,
        post_data(attachments=[{"filename": "plan.pdf", "content": encoded(PDF)}]),
        caller=as_("teacher-a"),
    )
    file_id = post["attachments"][0]["id"]
    # teacher-b is in no Inclusion office: neither the post nor its file
    with pytest.raises(Forbidden):
        rpc.community.get_post(post["id"], caller=as_("teacher-b"))
    with pytest.raises(Forbidden):
        rpc.community.get_attachment(post["id"], file_id, caller=as_("teacher-b"))
    with pytest.raises(Forbidden):
        rpc.community.publish_post(INCLUSION, post_data(), caller=as_("teacher-b"))
    assert rpc.community.search_posts({}, caller=as_("teacher-b"))["total"] == 0
    # the partnership roles see every group's space
    assert rpc.community.get_post(post["id"], caller=as_("la"))["id"] == post["id"]
    # a cluster's space: staff of its schools (teacher-b: north) and not teacher-c (south)
    north = rpc.community.publish_post(
        "cluster-north", post_data(title="North moderation day", tags=[]), caller=as_("teacher-b")
    )
    assert rpc.community.get_post(north["id"], caller=as_("teacher-a"))["title"]
    with pytest.raises(Forbidden):
        rpc.community.get_post(north["id"], caller=as_("teacher-c"))
    seen = {s["id"] for s in rpc.community.list_spaces(caller=as_("teacher-c"))["items"]}
    assert seen == {"cluster-south"}
    # partnership-wide: everyone signed in
    wide = rpc.community.publish_post(
        "cluster-north",
        post_data(title="Open to all", partnership_wide=True),
        caller=as_("teacher-b"),
    )
    assert rpc.community.get_post(wide["id"], caller=as_("teacher-c"))["partnership_wide"]
    with pytest.raises(Exception) as anonymous:
        rpc.community.get_post(wide["id"], caller=None)
    assert type(anonymous.value).__name__ == "Unauthorized"


@pytest.mark.parametrize(
    "upload, problem",
    [
        ({"filename": "big.pdf", "content": encoded(PDF + b"x" * 5000)}, "Larger than"),
        ({"filename": "report.pdf", "content": encoded(PNG)}, "not what the name"),
        (
            {"filename": "notes.txt", "content": encoded(b"<html><script>x</script>")},
            "Not a document",
        ),
        (
            {"filename": "tool.pdf", "content": encoded(b"MZ\x90\x00" + b"\0" * 60)},
            "Not a document",
        ),
        ({"filename": "empty.pdf", "content": ""}, "empty"),
        ({"filename": "x.pdf", "content": "not base64!"}, "base64"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_field_and_nothing_is_stored(
    community, rpc, upload, problem
):
    rpc.community.sync_spaces(caller=as_("coord"))
    good = {"filename": "plan.pdf", "content": encoded(PDF)}
    with pytest.raises(InvalidInput) as refused:
        rpc.community.publish_post(
            INCLUSION, post_data(attachments=[good, upload]), caller=as_("teacher-a")
        )
    assert list(refused.value.fields) == ["attachments.1.content"]
    assert problem in refused.value.fields["attachments.1.content"][0]
    assert rpc.community.search_posts({}, caller=as_("coord"))["total"] == 0
    assert count_files() == 0


def test_bad_input_names_the_field(community, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))
    with pytest.raises(InvalidInput) as unknown_tag:
        rpc.community.publish_post(INCLUSION, post_data(tags=["knitting"]), caller=as_("teacher-a"))
    assert list(unknown_tag.value.fields) == ["tags.0"]
    with pytest.raises(InvalidInput) as no_title:
        rpc.community.publish_post(INCLUSION, {"text": "x"}, caller=as_("teacher-a"))
    assert "title" in no_title.value.fields
    with pytest.raises(InvalidInput):
        rpc.community.publish_post(INCLUSION, "nonsense", caller=as_("teacher-a"))
    with pytest.raises(NotFound):
        rpc.community.publish_post("nowhere", post_data(), caller=as_("teacher-a"))


def test_comments_marks_search_and_hiding(community, rpc, published):
    rpc.community.sync_spaces(caller=as_("coord"))
    older = rpc.community.publish_post(
        INCLUSION,
        post_data(title="Sensory breaks in phonics", tags=["phonics"]),
        caller=as_("teacher-a"),
    )
    newer = rpc.community.publish_post(
        INCLUSION, post_data(title="Visual timetables", phases=[]), caller=as_("teacher-a")
    )
    comment = rpc.community.add_comment(
        older["id"], {"text": "We tried it: *great*"}, caller=as_("senco-c")
    )
    assert "<em>great</em>" in comment["html"]
    assert rpc.community.list_comments(older["id"], caller=as_("teacher-a"))["total"] == 1

    # newest first, until marks lift the older one
    found = rpc.community.search_posts({}, caller=as_("senco-c"))["items"]
    assert [p["id"] for p in found] == [newer["id"], older["id"]]
    marked = rpc.community.mark_helpful(older["id"], caller=as_("senco-c"))
    again = rpc.community.mark_helpful(older["id"], caller=as_("senco-c"))
    assert marked["helped_count"] == again["helped_count"] == 1 and again["helped_by_me"]
    found = rpc.community.search_posts({}, caller=as_("senco-c"))["items"]
    assert [p["id"] for p in found] == [older["id"], newer["id"]]
    assert (
        rpc.community.search_posts({"sort": "recent"}, caller=as_("la"))["items"][0]["id"]
        == newer["id"]
    )

    by_word = rpc.community.search_posts({"q": "phonics SENSORY"}, caller=as_("coord"))
    assert [p["id"] for p in by_word["items"]] == [older["id"]]
    by_tag = rpc.community.search_posts({"tag": "phonics"}, caller=as_("coord"))
    assert by_tag["total"] == 1
    by_phase = rpc.community.search_posts({"phase": "Primary"}, caller=as_("coord"))
    assert [p["id"] for p in by_phase["items"]] == [older["id"]]
    assert rpc.community.search_posts({"school_urn": 100}, caller=as_("coord"))["total"] == 2
    assert rpc.community.search_posts({"school_urn": 300}, caller=as_("coord"))["total"] == 0
    with pytest.raises(InvalidInput) as bad_phase:
        rpc.community.search_posts({"phase": "Kindergarten"}, caller=as_("coord"))
    assert list(bad_phase.value.fields) == ["phase"]

    # the chair hides a post; the author is told why; others no longer find it
    with pytest.raises(Forbidden):
        rpc.community.hide_post(newer["id"], {"reason": "x"}, caller=as_("teacher-a"))
    hidden = rpc.community.hide_post(
        newer["id"], {"reason": "Names a pupil"}, caller=as_("senco-c")
    )
    assert hidden["hidden"] and hidden["hidden_reason"] == "Names a pupil"
    assert rpc.community.search_posts({}, caller=as_("la"))["total"] == 1
    with pytest.raises(Forbidden):
        rpc.community.get_post(newer["id"], caller=as_("la"))
    assert rpc.community.get_post(newer["id"], caller=as_("teacher-a"))["hidden"]

    def announced(name):
        return [b for n, b in seen if n == name]

    seen = []

    def collect():
        seen.extend(published())
        return announced("post_hidden") and announced("comment_added")

    eventually(collect, 10)
    assert announced("comment_added")[0]["post_author_id"] == "teacher-a"
    event = announced("post_hidden")[0]
    assert event["reason"] == "Names a pupil" and event["hidden_by"] == "senco-c"
    assert event["author_id"] == "teacher-a"


def test_the_coordinator_opens_a_project_that_ends(community, rpc):
    with pytest.raises(Forbidden):
        rpc.community.open_space({"kind": "project", "name": "P"}, caller=as_("teacher-a"))
    with pytest.raises(InvalidInput) as no_end:
        rpc.community.open_space({"kind": "project", "name": "P"}, caller=as_("coord"))
    assert list(no_end.value.fields) == ["ends_on"]
    with pytest.raises(InvalidInput) as past:
        rpc.community.open_space(
            {"kind": "project", "name": "P", "ends_on": "2020-01-01"}, caller=as_("coord")
        )
    assert list(past.value.fields) == ["ends_on"]
    project = rpc.community.open_space(
        {"kind": "project", "name": "Oracy", "ends_on": "2099-07-20", "member_ids": ["teacher-c"]},
        caller=as_("coord"),
    )
    assert project["open_for_posts"] and project["kind"] == "project"
    association = rpc.community.open_space(
        {"kind": "association", "name": "Secondary heads", "phase": "secondary"},
        caller=as_("coord"),
    )
    assert rpc.community.get_space(association["id"], caller=as_("senco-c"))["phase"] == "Secondary"
    with pytest.raises(Forbidden):
        rpc.community.get_space(association["id"], caller=as_("teacher-a"))
    rpc.community.publish_post(project["id"], post_data(tags=[]), caller=as_("teacher-c"))
    with pytest.raises(Forbidden):
        rpc.community.publish_post(project["id"], post_data(tags=[]), caller=as_("teacher-a"))
