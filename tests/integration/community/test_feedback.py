"""The half-termly feedback to heads: the chair (or secretary, or the coordinator) publishes it in
the group's space; every headteacher finds it in the inbox (and by email as they chose), once
even when the event comes twice; it stays in the space and every head may read it. Pinning."""

import json

import pytest
from kombu import Connection, Exchange, Producer

from contracts.errors import Conflict, Forbidden, InvalidInput
from support.waiting import eventually

from .conftest import as_

INCLUSION = "group-inclusion"
FEEDBACK = {"half_term": "2026/27 Autumn 1", "title": "Inclusion, autumn 1", "text": "We **met**."}


def kinds(entries, kind):
    return [e for e in entries if e["kind"] == kind]


def test_the_chairs_feedback_reaches_every_heads_inbox_once(
    community_and_notifications, rpc, inbox, published, mailbox, rabbit_config
):
    rpc.community.sync_spaces(caller=as_("coord"))
    rpc.notifications.set_preferences(
        "head-a", {"categories": {"community": {"email": "immediate"}}}, caller=as_("head-a")
    )
    post = rpc.community.publish_feedback(INCLUSION, FEEDBACK, caller=as_("senco-c"))
    assert post["kind"] == "feedback" and post["half_term"] == "2026-27 autumn 1"
    assert post["space_id"] == INCLUSION

    for head in ("head-a", "head-c"):
        entry = eventually(lambda h=head: kinds(inbox(h), "feedback_published"), 15)[0]
        assert "Inclusion" in entry["title"] and entry["ref"] == post["id"]
        assert "2026-27 autumn 1" in entry["body"]
    assert eventually(lambda: mailbox.to("head-a@school.test"), 15)
    assert not kinds(inbox("teacher-a"), "feedback_published")

    # the same event again (a redelivery): nobody hears twice
    body = eventually(lambda: [b for n, b in published() if n == "feedback_published"], 10)[0]
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        exchange = Exchange("community.events", type="topic", durable=True)
        Producer(conn.default_channel, exchange=exchange).publish(
            json.loads(json.dumps(body)), routing_key="feedback_published", delivery_mode=2
        )
    rpc.community.publish_feedback(
        INCLUSION, {**FEEDBACK, "half_term": "2026-27 autumn 2"}, caller=as_("senco-c")
    )
    eventually(lambda: len(kinds(inbox("head-c"), "feedback_published")) == 2, 15)
    assert len(kinds(inbox("head-c"), "feedback_published")) == 2
    assert len(kinds(inbox("head-a"), "feedback_published")) == 2

    # it stays in the group's space, and every head reads it (not only the group's members)
    assert rpc.community.get_post(post["id"], caller=as_("head-a"))["id"] == post["id"]
    found = rpc.community.search_posts({"space_id": INCLUSION}, caller=as_("head-a"))
    assert post["id"] in {p["id"] for p in found["items"]}
    with pytest.raises(Forbidden):
        rpc.community.get_post(post["id"], caller=as_("teacher-b"))


def test_only_the_groups_officers_publish_feedback_and_bad_input_is_named(
    community_and_notifications, rpc
):
    rpc.community.sync_spaces(caller=as_("coord"))
    with pytest.raises(Forbidden):
        rpc.community.publish_feedback(INCLUSION, FEEDBACK, caller=as_("teacher-a"))
    with pytest.raises(Forbidden):
        rpc.community.publish_feedback("cluster-north", FEEDBACK, caller=as_("coord"))
    with pytest.raises(InvalidInput) as bad:
        rpc.community.publish_feedback(
            INCLUSION, {**FEEDBACK, "half_term": "autumn"}, caller=as_("senco-c")
        )
    assert "half_term" in bad.value.fields
    with pytest.raises(InvalidInput):
        rpc.community.publish_feedback(INCLUSION, {"title": 3}, caller=as_("senco-c"))
    rpc.community.publish_feedback(INCLUSION, FEEDBACK, caller=as_("coord"))
    with pytest.raises(Conflict) as again:
        rpc.community.publish_feedback(INCLUSION, FEEDBACK, caller=as_("senco-c"))
    assert "half_term" in again.value.fields


def test_the_chair_pins_a_post_first_in_the_space(community_and_notifications, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))
    older = rpc.community.publish_post(INCLUSION, {"title": "Older"}, caller=as_("teacher-a"))
    rpc.community.publish_post(INCLUSION, {"title": "Newer"}, caller=as_("teacher-a"))
    with pytest.raises(Forbidden):
        rpc.community.pin_post(older["id"], caller=as_("teacher-a"))
    assert rpc.community.pin_post(older["id"], caller=as_("senco-c"))["pinned"] is True
    for sort in ("rank", "recent"):
        query = {"space_id": INCLUSION, "sort": sort}
        items = rpc.community.search_posts(query, caller=as_("teacher-a"))["items"]
        assert items[0]["id"] == older["id"]
    assert rpc.community.unpin_post(older["id"], caller=as_("coord"))["pinned"] is False
