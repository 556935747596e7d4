"""RabbitMQ stopped and started in the middle of a stream of bookings made over HTTP: the whole
platform (the four services and the gateway) consumes again on its own, the gateway answers 503
while the broker is away (never a 500 or a hang), and of the bookings that got 201 none is lost
and none notified twice."""

import subprocess
import time

import pytest

from support.bookers import BookingStream, inbox_counts, new_course, stored_bookings, teachers
from support.platform import DEMO_ACCOUNTS, Platform
from support.waiting import eventually

from .conftest import ROOT, SCRIPT

BOOKINGS = 120
DOWN_SECONDS = 3


@pytest.fixture(scope="module")
def platform(cluster, mongo_uri, tmp_path_factory):
    """The whole platform, each process given the cluster's three nodes."""
    logs = tmp_path_factory.mktemp("broker-restart-logs")
    running = Platform(cluster.uri, mongo_uri, logs, {"RPC_TIMEOUT_SECONDS": "3"})
    try:
        yield running.start()
    finally:
        running.stop()


def _nodes(verb: str, *numbers: int) -> None:
    """``stop-node``/``start-node`` of each node, the starts side by side (a node waits for its
    peers)."""
    jobs = [
        subprocess.Popen([str(SCRIPT), verb, str(n)], cwd=ROOT, stderr=subprocess.DEVNULL)
        for n in numbers
    ]
    assert all(job.wait(timeout=240) == 0 for job in jobs), f"{verb} {numbers}"


@pytest.mark.timeout(600)
def test_the_broker_restarted_mid_stream_loses_nothing_and_doubles_nothing(platform):
    _nodes("start-node", 1, 2, 3)  # whole, whichever test of the tier ran before
    coordinator = platform.client(DEMO_ACCOUNTS["coordinator"])
    event_id = new_course(coordinator, capacity=2 * BOOKINGS)  # room for every one
    people = teachers(platform, BOOKINGS)
    stream = BookingStream(platform, event_id, threads=4)
    running = stream.in_background(people)
    eventually(lambda: stream.done >= BOOKINGS // 4, seconds=120, interval=0.05)
    for node in (3, 2, 1):
        _nodes("stop-node", node)
    time.sleep(DOWN_SECONDS)
    _nodes("start-node", 1, 2, 3)
    running.join(timeout=300)
    assert not running.is_alive()

    answers = stream.answers
    assert len(answers) == BOOKINGS
    odd = [(a.status, a.body) for a in answers if a.status not in (201, 503)]
    assert not odd, odd
    booked = sorted(a.person_id for a in answers if a.status == 201)
    assert len(booked) >= BOOKINGS // 4

    platform.wait_healthy(seconds=120)  # every service consumes again, on its own
    after = teachers(platform, 5)
    assert {a.status for a in BookingStream(platform, event_id).run(after)} == {201}
    booked += [person for person, _ in after]

    held = stored_bookings(platform, event_id)
    lost = {person: held.get(person) for person in booked if held.get(person) != "confirmed"}
    assert not lost
    eventually(
        lambda: len(inbox_counts(platform, booked, "booking_confirmed")) == len(booked),
        seconds=120,
        interval=1,
    )
    time.sleep(2)  # a second delivery would show now
    counts = inbox_counts(platform, sorted(held), "booking_confirmed")
    assert set(counts.values()) == {1}, {p: n for p, n in counts.items() if n != 1}
