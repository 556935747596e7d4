"""No lost facts: a post stored with its event but not yet announced (a crash between the write
and the publish) is announced by the outbox sweep, once."""

from datetime import timedelta

from community.storage import Post, now
from contracts import community as c
from runtime.delivery import outbox_entry
from support.waiting import eventually

from .conftest import as_


def test_an_unannounced_post_is_announced_by_the_sweep(community, rpc, published):
    rpc.community.sync_spaces(caller=as_("coord"))
    payload = {
        "post_id": "crashed",
        "space_id": "group-inclusion",
        "space_name": "Inclusion",
        "title": "Left behind",
        "author_id": "teacher-a",
        "school_urn": 100,
        "tags": [],
        "phases": [],
        "partnership_wide": False,
    }
    entry = outbox_entry(c.POST_PUBLISHED, c.PostPublishedSchema, payload)
    entry["at"] = now() - timedelta(seconds=30)
    Post(
        id="crashed",
        space_id="group-inclusion",
        title="Left behind",
        author_id="teacher-a",
        outbox=[entry],
    ).save(force_insert=True)  # ... and the process died before publishing

    seen = []

    def announced():
        seen.extend(published())
        return [b for n, b in seen if n == "post_published"]

    body = eventually(announced, 15)[0]
    assert body["post_id"] == "crashed" and body["event_id"] == entry["body"]["event_id"]
    eventually(lambda: Post.objects(id="crashed").first().outbox == [], 5)
