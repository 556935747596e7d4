"""Notifications alone: ``.venv/bin/python bench/notifications/event_to_inbox.py``.

Publishes ``booking_confirmed`` events (as the events service's contract puts them on the wire) to
``events.events`` at a steady BENCH_RATE (50/s) for BENCH_SECONDS (20) and measures, for each, the
time from publishing to its inbox entry being stored and to its email reaching the SMTP server: the
notifications service's own share of the booking -> inbox path (templates rendered, iCal built,
email sent), without the gateway and the events service in front of it. Same stack as
``booking_to_inbox.py`` (its own SecantusDB, vhost, mail catcher, directory and notifications).
"""

import json
import math
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kombu import Connection, Exchange, Producer
from nameko.standalone.rpc import ClusterRpcProxy
from pymongo import MongoClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from booking_to_inbox import Stack, percentiles, say  # noqa: E402

from contracts import events as events_contract  # noqa: E402
from contracts.envelope import make_event  # noqa: E402

RATE = float(os.environ.get("BENCH_RATE", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100"))


def body_for(person: dict, n: int, start: datetime) -> dict:
    sessions = [
        {
            "uid": f"bench-{n}-0@events",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "venue": "Bench hall",
        }
    ]
    payload = {
        "booking_id": f"bench-booking-{n}-{uuid.uuid4().hex[:6]}",
        "cpd_event_id": f"bench-event-{n % 10}",
        "event_title": f"Bench course {n % 10}",
        "person_id": person["id"],
        "booked_by": person["id"],
        "status": "confirmed",
        "starts_at": start,
        "sequence": 1,
        "sessions": sessions,
    }
    body = events_contract.BookingEventSchema().dump(make_event(payload))
    return json.loads(json.dumps(body, default=str))


def main() -> int:
    stack = Stack()
    say(f"starting the stack (vhost {stack.vhost}) ...")
    try:
        stack.start()
        tag = uuid.uuid4().hex[:6]
        with ClusterRpcProxy({"AMQP_URI": stack.amqp}, timeout=30) as rpc:
            people = [
                rpc.directory.register_person(
                    {"email": f"solo{i}-{tag}@bench.test", "name": f"Solo {i}"},
                    caller={"id": "bench", "roles": ["coordinator"]},
                )
                for i in range(PEOPLE)
            ]
        start = datetime.now(UTC).replace(hour=14, minute=0, second=0, microsecond=0)
        start += timedelta(days=10)
        total = int(RATE * SECONDS)
        bodies = [body_for(people[n % PEOPLE], n, start) for n in range(total + 50)]
        sent_at: dict[str, float] = {}
        with Connection(stack.amqp) as conn:
            exchange = Exchange("events.events", type="topic", durable=True)
            producer = Producer(conn.default_channel, exchange=exchange)
            t0 = time.perf_counter()
            for n, body in enumerate(bodies):
                delay = t0 + n / RATE - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                if n >= 50:  # the first 50 warm up
                    sent_at[body["booking_id"]] = time.time()
                producer.publish(
                    body, routing_key="booking_confirmed", serializer="json", delivery_mode=2
                )
                if n and n % math.ceil(RATE) == 0:
                    print(f"\r[bench] published {n}/{len(bodies)}", end="", flush=True)
        print()
        say(f"published {total} events at {RATE:.0f}/s; waiting for the last to land")
        time.sleep(5)
        with MongoClient(stack.mongo) as client:
            inbox = client["bench_notifications"]["inbox"]
            found = inbox.find({"ref": {"$in": list(sent_at)}}, {"ref": 1, "created_at": 1})
            written = [
                d["created_at"].replace(tzinfo=UTC).timestamp() - sent_at[d["ref"]] for d in found
            ]
        by_subject = {}
        for body in bodies[50:]:
            person = next(p for p in people if p["id"] == body["person_id"])
            by_subject.setdefault((person["email"].lower(), body["event_title"]), []).append(
                sent_at[body["booking_id"]]
            )
        emailed = []
        for path in sorted(stack.mailbox.maildir.glob("*.eml")):
            arrived = int(path.name.split("-", 1)[0]) / 1e9
            head = path.read_bytes()[:4096].decode(errors="replace").splitlines()
            to = next((h[3:].strip().lower() for h in head if h.lower().startswith("to:")), "")
            subject = next((h[8:].strip() for h in head if h.lower().startswith("subject:")), "")
            waiting = by_subject.get((to, subject.removeprefix("Booking confirmed: ")))
            if waiting:
                emailed.append(arrived - waiting.pop(0))
        say(f"inbox entries: {len(written)} of {total}; emails matched: {len(emailed)}")
        say("event published -> inbox entry stored   " + percentiles(written))
        say("event published -> email at SMTP server " + percentiles(emailed))
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
