"""Search reads the posts' in-memory summaries (``community.search_view``): the store is asked
only for the page's posts by id and for what changed (``rev``), never scanned with a search's
filter (SecantusDB answers those by reading every post: seconds at 10,000 posts). What changes
a post's standing (a new post, a mark, a pin, hiding) shows in the next search."""

from pymongo import MongoClient

from community import search_view
from support.waiting import eventually

from .conftest import as_

INCLUSION = "group-inclusion"
QUERIES = [
    {},
    {"q": "phonics breaks"},
    {"tag": "phonics"},
    {"phase": "Primary"},
    {"school_urn": 100},
    {"space_id": INCLUSION, "sort": "recent"},
]


def _publish(rpc, title: str, **extra) -> dict:
    data = {"title": title, "text": "What we did.", "tags": [], "phases": [], **extra}
    return rpc.community.publish_post(INCLUSION, data, caller=as_("teacher-a"))


def _ids(rpc, query: dict, who: str = "coord") -> list[str]:
    return [p["id"] for p in rpc.community.search_posts(query, caller=as_(who))["items"]]


def test_search_never_scans_the_posts_with_its_filter(community, rpc, service_config):
    rpc.community.sync_spaces(caller=as_("coord"))
    for n in range(3):
        _publish(rpc, f"Sensory breaks in phonics {n}", tags=["phonics"], phases=["Primary"])
    eventually(lambda: search_view.posts.ready, 15)
    config = service_config("community")
    with MongoClient(config["MONGO_URI"]) as client:
        db = client[config["MONGO_DB"]]
        db.command({"profile": 2})
        try:
            for query in QUERIES:
                assert rpc.community.search_posts(query, caller=as_("coord"))["total"] == 3
            reads = [
                row["command"]
                for row in db["system.profile"].find({"ns": db.name + ".posts"})
                if set(row["command"]) & {"find", "count", "aggregate", "distinct"}
            ]
        finally:
            db.command({"profile": 0})
    filters = [
        command.get("filter", command.get("query", command.get("pipeline"))) for command in reads
    ]
    assert reads, "search read no posts at all"
    for found in filters:
        assert isinstance(found, dict) and set(found) <= {"_id", "rev"}, found


def test_what_changes_a_posts_standing_shows_in_the_next_search(community, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))
    older = _publish(rpc, "Sensory breaks in phonics", tags=["phonics"], phases=["Primary"])
    eventually(lambda: search_view.posts.ready, 15)
    assert _ids(rpc, {"q": "phonics"}) == [older["id"]]

    newer = _publish(rpc, "Visual timetables for phonics", tags=["phonics"])
    assert _ids(rpc, {"tag": "phonics"}) == [newer["id"], older["id"]]
    assert _ids(rpc, {"q": "visual phonics"}) == [newer["id"]]
    assert _ids(rpc, {"phase": "Primary"}) == [older["id"]]

    rpc.community.mark_helpful(older["id"], caller=as_("senco-c"))
    assert _ids(rpc, {"tag": "phonics"}) == [older["id"], newer["id"]]
    assert _ids(rpc, {"tag": "phonics", "sort": "recent"}) == [newer["id"], older["id"]]

    rpc.community.pin_post(newer["id"], caller=as_("coord"))
    assert _ids(rpc, {"space_id": INCLUSION})[0] == newer["id"]

    rpc.community.hide_post(older["id"], {"reason": "Out of date"}, caller=as_("senco-c"))
    found = rpc.community.search_posts({"tag": "phonics"}, caller=as_("teacher-b"))
    assert found["total"] == 0  # not a member of the group's space
    assert _ids(rpc, {"tag": "phonics"}) == [newer["id"]]
    assert rpc.community.search_posts({"q": "sensory"}, caller=as_("coord"))["total"] == 0
