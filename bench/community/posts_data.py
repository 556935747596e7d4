"""Posts for the search benchmark, written in bulk straight to the community's store (seeding only:
every search goes through the gateway). Each post is what ``posts.publish`` stores: title,
Markdown text and its rendered HTML, search words (``domain.words``), support-area tags, phases,
the author's school, a publication time over the last two years, some "this helped us" marks."""

import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from pymongo import MongoClient

from community.domain import words
from community.rendering import render
from contracts.directory import DEFAULT_SUPPORT_AREAS

TOPICS = (
    "phonics", "fractions", "reading", "attendance", "wellbeing", "assessment", "oracy",
    "behaviour", "transition", "vocabulary", "moderation", "outdoor", "science", "history",
    "geography", "coaching", "governance", "safeguarding", "inclusion", "feedback",
)  # fmt: skip
FILLER = (
    "we", "tried", "a", "new", "approach", "with", "year", "groups", "pupils", "staff", "parents",
    "lesson", "plan", "resource", "term", "weekly", "sessions", "impact", "data", "shows", "more",
    "confident", "writing", "maths", "practice", "shared", "across", "the", "cluster", "school",
    "toolkit", "checklist", "training", "meeting", "notes", "time", "small", "steps",
)  # fmt: skip
PHASES = ("Primary", "Secondary", "Nursery", "All-through", "16 plus")
SCHOOLS = tuple(range(900001, 900013))  # the demo schools' URNs
AUTHORS = tuple(uuid.uuid4().hex for _ in range(60))


def _post(rng: random.Random, n: int, space_id: str, moment: datetime) -> dict:
    topic, other = rng.sample(TOPICS, 2)
    title = f"{topic.title()} and {other}: what worked {n}"
    sentences = []
    for _ in range(rng.randint(3, 6)):
        body = " ".join(rng.choice(FILLER) for _ in range(rng.randint(8, 14)))
        sentences.append(f"{body} {rng.choice((topic, other))}.")
    text = f"**{topic.title()}**\n\n" + " ".join(sentences)
    helped = rng.choice((0, 0, 0, 0, 1, 2, 3, 8))
    return {
        "_id": uuid.uuid4().hex,
        "space_id": space_id,
        "kind": "post",
        "half_term": None,
        "title": title,
        "text": text,
        "html": render(text),
        "words": words(title, text),
        "tags": rng.sample(list(DEFAULT_SUPPORT_AREAS), rng.randint(1, 3)),
        "phases": rng.sample(PHASES, rng.randint(1, 2)),
        "partnership_wide": rng.random() < 0.1,
        "author_id": rng.choice(AUTHORS),
        "author_name": "Bench Author",
        "school_urn": rng.choice(SCHOOLS),
        "published_at": moment - timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60)),
        "attachments": [],
        "helped_by": [],
        "helped_count": helped,
        "comment_count": 0,
        "hidden": rng.random() < 0.01,
        "pinned": False,
        "outbox": [],
    }


def seed_posts(mongo: str, db: str, space_ids: list[str], count: int, say) -> float:
    """``count`` posts spread over ``space_ids`` (inserted 100 at a time, each batch stamped with
    ``rev`` just before, as the service stamps its writes); the seconds taken."""
    rng = random.Random(13)
    moment = datetime.now(UTC)
    began = datetime.now(UTC)
    per_space: dict[str, int] = {}
    with MongoClient(mongo, tz_aware=True) as client:
        posts = client[db]["posts"]
        batch = []
        for n in range(count):
            space_id = space_ids[n % len(space_ids)]
            per_space[space_id] = per_space.get(space_id, 0) + 1
            batch.append(_post(rng, n, space_id, moment))
            if len(batch) == 100 or n == count - 1:
                stamp = time.time_ns()  # the search view's refresh reads it
                posts.insert_many([{**doc, "rev": stamp} for doc in batch], ordered=False)
                batch = []
                if (n + 1) % 1000 == 0:
                    say(f"seeded {n + 1} posts")
        for space_id, added in per_space.items():
            client[db]["spaces"].update_one({"_id": space_id}, {"$inc": {"post_count": added}})
    return (datetime.now(UTC) - began).total_seconds()


def seeded_hidden(mongo: str, db: str) -> int:
    with MongoClient(mongo) as client:
        return client[db]["posts"].count_documents({"hidden": True})


def search_queries(rng: random.Random, count: int) -> list[tuple[str, dict]]:
    """(kind, query) pairs, cycling words / tag / phase / school / words with a tag."""
    found = []
    for n in range(count):
        kind = ("words", "tag", "phase", "school", "words+tag")[n % 5]
        query: dict = {"per_page": 20}
        if kind.startswith("words"):
            query["q"] = " ".join(rng.sample(TOPICS, rng.choice((1, 1, 2))))
        if kind.endswith("tag"):
            query["tag"] = rng.choice(list(DEFAULT_SUPPORT_AREAS))
        if kind == "phase":
            query["phase"] = rng.choice(PHASES[:2])
        if kind == "school":
            query["school"] = rng.choice(SCHOOLS)
        found.append((kind, query))
    return found
