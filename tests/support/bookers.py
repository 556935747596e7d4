"""Many people booking at once on a running platform: teachers written straight into the
directory's store with tokens signed as the gateway signs them, a stream of bookings from a
few threads, and what the stores hold afterwards (bookings, inbox entries)."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt
import requests
from pymongo import MongoClient

from support.platform import DEMO_SCHOOL_URN, Platform


def teachers(platform: Platform, count: int) -> list[tuple[str, str]]:
    """``count`` new teachers of the demo school: [(person id, bearer token), ...]."""
    tag = uuid.uuid4().hex[:6]
    ids = [f"load-{tag}-{n}" for n in range(count)]
    with MongoClient(platform.env["MONGO_URI"]) as client:
        client[platform.env["DIRECTORY_DB"]]["people"].insert_many(
            [
                {
                    "_id": person,
                    "email": f"{person}@load.test",
                    "name": f"Teacher {person}",
                    "roles": ["teacher"],
                    "school_urn": DEMO_SCHOOL_URN,
                    "token_version": 0,
                }
                for person in ids
            ]
        )
    now = datetime.now(UTC)
    return [
        (
            person,
            jwt.encode(
                {
                    "sub": person,
                    "ver": 0,
                    "roles": ["teacher"],
                    "school_urn": DEMO_SCHOOL_URN,
                    "email": f"{person}@load.test",
                    "name": f"Teacher {person}",
                    "iat": now,
                    "exp": now + timedelta(hours=1),
                },
                platform.env["JWT_SECRET"],
                algorithm="HS256",
            ),
        )
        for person in ids
    ]


def new_course(coordinator, capacity: int) -> str:
    """A published course with room for ``capacity`` (created by the coordinator's client)."""
    start = datetime.now(UTC) + timedelta(days=20)
    body = {
        "title": f"Recovery {uuid.uuid4().hex[:6]}",
        "kind": "course",
        "capacity": capacity,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Main hall",
            }
        ],
    }
    response = coordinator.post("/api/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@dataclass
class Answer:
    person_id: str
    status: int  # 0: no HTTP answer at all (refused, reset)
    seconds: float
    body: dict = field(default_factory=dict)


class BookingStream:
    """``stream.run(people)`` books each person on the event from ``threads`` threads; each
    answer is kept; ``stream.done`` counts the answers so far (to act in the middle)."""

    def __init__(self, platform: Platform, event_id: str, threads: int = 6):
        self.url = f"{platform.url}/api/v1/events/{event_id}/bookings"
        self.threads = threads
        self.answers: list[Answer] = []
        self._lock = threading.Lock()

    @property
    def done(self) -> int:
        return len(self.answers)

    def _book(self, person: tuple[str, str]) -> None:
        person_id, token = person
        started = time.monotonic()
        try:
            response = requests.post(
                self.url, json={}, headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            status, body = response.status_code, _json(response)
        except requests.RequestException:
            status, body = 0, {}
        with self._lock:
            self.answers.append(Answer(person_id, status, time.monotonic() - started, body))

    def run(self, people: list[tuple[str, str]]) -> list[Answer]:
        with ThreadPoolExecutor(self.threads) as pool:
            list(pool.map(self._book, people))
        return self.answers

    def in_background(self, people: list[tuple[str, str]]) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(people,), daemon=True)
        thread.start()
        return thread


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {"unreadable": response.text[:200]}
    return body if isinstance(body, dict) else {"answer": body}


def stored_bookings(platform: Platform, event_id: str) -> dict[str, str]:
    """person id -> booking status, as the events store holds them for ``event_id``."""
    with MongoClient(platform.env["MONGO_URI"]) as client:
        found = client[platform.env["EVENTS_DB"]]["bookings"].find(
            {"event_id": event_id, "active": True}, {"person_id": 1, "status": 1}
        )
        return {doc["person_id"]: doc["status"] for doc in found}


def inbox_counts(platform: Platform, people: list[str], kind: str) -> dict[str, int]:
    """person id -> how many inbox entries of ``kind`` each of ``people`` has."""
    with MongoClient(platform.env["MONGO_URI"]) as client:
        rows = client[platform.env["NOTIFICATIONS_DB"]]["inbox"].aggregate(
            [
                {"$match": {"person_id": {"$in": people}, "kind": kind}},
                {"$group": {"_id": "$person_id", "n": {"$sum": 1}}},
            ]
        )
        return {row["_id"]: row["n"] for row in rows}
