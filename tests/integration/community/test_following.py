"""Following: a person follows a space or a tag and hears of a new post there (if they may see
it), by their preference; a non-follower, a follower who may not see the post, and the author
hear nothing."""

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden, InvalidInput
from support.waiting import eventually

from .conftest import as_

INCLUSION = "group-inclusion"


def news(inbox, person_id):
    return [e for e in inbox(person_id) if e["kind"] == "post_published"]


def test_a_follower_hears_of_a_new_post_and_a_non_follower_does_not(
    community_and_notifications, rpc, inbox
):
    rpc.community.sync_spaces(caller=as_("coord"))
    mine = rpc.community.follow({"tag": "SEND"}, caller=as_("senco-c"))
    assert mine["items"] == [{"kind": "tag", "target": "send", "name": "SEND"}]
    rpc.community.follow({"tag": "send"}, caller=as_("teacher-c"))  # may not see Inclusion
    rpc.community.follow({"space_id": "cluster-north"}, caller=as_("teacher-b"))
    rpc.community.follow({"space_id": "cluster-north"}, caller=as_("teacher-a"))  # the author

    post = rpc.community.publish_post(
        INCLUSION,
        {"title": "Sensory circuits", "text": "Our **morning** routine", "tags": ["SEND"]},
        caller=as_("teacher-a"),
    )
    entry = eventually(lambda: news(inbox, "senco-c"), 15)[0]
    assert "Sensory circuits" in entry["title"] and "Inclusion" in entry["title"]
    assert "morning routine" in entry["body"] and entry["ref"] == post["id"]
    assert not news(inbox, "teacher-c") and not news(inbox, "teacher-b")

    north = rpc.community.publish_post(
        "cluster-north", {"title": "Reading buddies"}, caller=as_("teacher-a")
    )
    assert eventually(lambda: news(inbox, "teacher-b"), 15)[0]["ref"] == north["id"]
    assert not news(inbox, "teacher-a")
    assert len(news(inbox, "senco-c")) == 1


def test_unfollowing_and_what_may_be_followed(community_and_notifications, rpc, inbox):
    rpc.community.sync_spaces(caller=as_("coord"))
    with pytest.raises(Forbidden):
        rpc.community.follow({"space_id": INCLUSION}, caller=as_("teacher-b"))
    with pytest.raises(InvalidInput) as unknown:
        rpc.community.follow({"tag": "knitting"}, caller=as_("teacher-b"))
    assert "tag" in unknown.value.fields
    with pytest.raises(InvalidInput):
        rpc.community.follow({"tag": "send", "space_id": INCLUSION}, caller=as_("teacher-b"))
    with pytest.raises(InvalidInput):
        rpc.community.follow({}, caller=as_("teacher-b"))

    rpc.community.follow({"space_id": "cluster-north"}, caller=as_("teacher-b"))
    rpc.community.follow({"space_id": "cluster-north"}, caller=as_("teacher-b"))  # again
    assert rpc.community.list_follows(caller=as_("teacher-b"))["total"] == 1
    left = rpc.community.unfollow({"space_id": "cluster-north"}, caller=as_("teacher-b"))
    assert left["total"] == 0

    post = rpc.community.publish_post("cluster-north", {"title": "Quiet"}, caller=as_("teacher-a"))
    service = Caller.service("notifications").dump()
    with pytest.raises(Forbidden):
        rpc.community.list_post_followers(post["id"], caller=as_("teacher-b"))
    assert rpc.community.list_post_followers(post["id"], caller=service)["items"] == []
