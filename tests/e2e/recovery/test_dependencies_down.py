"""What the platform depends on goes away for a while and comes back: the notifications service
stopped while 1,000 bookings happen (1,000 confirmations once it is back, none twice), and the
SMTP server refusing mail (the emails retried and delivered once it accepts, each once)."""

import time

import pytest

from support.bookers import BookingStream, inbox_counts, new_course, teachers
from support.platform import DEMO_ACCOUNTS, running_platform
from support.waiting import eventually

MANY = 1000
REFUSING_SECONDS = 20  # the "a minute", shortened with the retry back-off (1 s, not 30 s)


@pytest.fixture(scope="module")
def platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    logs = tmp_path_factory.mktemp("recovery-platform-logs")
    quick_retries = {"EMAIL_RETRY_BASE_SECONDS": "1", "EMAIL_MAX_ATTEMPTS": "8"}
    with running_platform(request, vhost_pipeline, mongo_uri, logs, quick_retries) as running:
        yield running


@pytest.mark.timeout(600)
def test_a_thousand_bookings_while_notifications_is_stopped_are_each_confirmed_once(platform):
    coordinator = platform.client(DEMO_ACCOUNTS["coordinator"])
    event_id = new_course(coordinator, capacity=MANY)
    people = teachers(platform, MANY)
    platform.stop_process("notifications")
    answers = BookingStream(platform, event_id, threads=6).run(people)
    assert sorted({a.status for a in answers}) == [201], "bookings do not need notifications"
    ids = [person for person, _ in people]
    assert inbox_counts(platform, ids, "booking_confirmed") == {}  # nobody there to tell them

    platform.start_service("notifications")
    eventually(
        lambda: len(inbox_counts(platform, ids, "booking_confirmed")) == MANY,
        seconds=300,
        interval=1,
    )
    time.sleep(2)  # a second delivery of any of them would show now
    counts = inbox_counts(platform, ids, "booking_confirmed")
    assert len(counts) == MANY and set(counts.values()) == {1}


@pytest.mark.timeout(300)
def test_email_refused_for_a_while_is_retried_and_delivered_once(platform):
    coordinator = platform.client(DEMO_ACCOUNTS["coordinator"])
    event_id = new_course(coordinator, capacity=20)
    people = teachers(platform, 20)
    platform.mailbox.stop()  # the SMTP server refuses every connection
    refused_from = time.monotonic()
    answers = BookingStream(platform, event_id, threads=4).run(people)
    assert sorted({a.status for a in answers}) == [201]
    ids = [person for person, _ in people]
    eventually(lambda: len(inbox_counts(platform, ids, "booking_confirmed")) == 20, seconds=60)
    time.sleep(max(0.0, REFUSING_SECONDS - (time.monotonic() - refused_from)))
    assert copies_to(platform, ids) == {}

    platform.mailbox.start()  # accepting again, on the same port
    eventually(lambda: len(copies_to(platform, ids)) == len(ids), seconds=150, interval=2)
    time.sleep(3)  # a second copy of any of them would arrive now
    copies = copies_to(platform, ids)
    assert set(copies.values()) == {1}, copies


def copies_to(platform, people: list[str]) -> dict[str, int]:
    """person id -> emails the mailbox holds for them (the mailbox read once)."""
    wanted = {f"{person}@load.test": person for person in people}
    counts: dict[str, int] = {}
    for message in platform.mailbox.messages():
        for address, person in wanted.items():
            if address in str(message["To"]).lower():
                counts[person] = counts.get(person, 0) + 1
    return counts
