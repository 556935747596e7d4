"""Email timing and failures: school-time holds, digests, retries with backoff on temporary SMTP
failures, permanent failures visible to the coordinator."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.errors import Conflict, Forbidden, NotFound, Unauthorized
from notifications.storage import Delivery, Notification
from support.waiting import eventually

NEVER_OPEN = {"weekdays": [], "school_day": {"start": "08:00", "end": "16:30"}}


def test_outside_school_time_non_urgent_email_waits_but_transactional_goes_at_once(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications(SCHOOL_CALENDAR=NEVER_OPEN)
    teacher = directory.person("teacher", school_urn=1)
    cpd_event = directory.cpd_event()
    publish("events", "booking_confirmed", booking(teacher, cpd_event_id=cpd_event))
    eventually(lambda: mailbox.to(teacher))

    publish(
        "events",
        "course_commissioned",
        {
            "cpd_event_id": "c1",
            "title": "Maths",
            "request_ids": [],
            "requester_ids": [teacher],
            "topics": [],
            "starts_at": None,
        },
    )
    held = eventually(
        lambda: Delivery.objects(person_id=teacher, kind="course_commissioned").first()
    )
    assert held.status == "pending" and held.mode == "held"
    assert held.send_at.replace(tzinfo=UTC) > datetime.now(UTC) + timedelta(hours=1)
    assert Notification.objects(person_id=teacher, kind="course_commissioned").count() == 1
    assert len(mailbox.to(teacher)) == 1

    Delivery.objects(id=held.id).update(set__send_at=datetime.now(UTC))  # the morning comes
    eventually(lambda: len(mailbox.to(teacher)) == 2)
    eventually(lambda: Delivery.objects.get(id=held.id).status == "sent")


def test_digest_preferences_gather_items_into_one_email(
    start_notifications, publish, directory, mailbox, rpc, callers
):
    start_notifications()
    person = directory.person("reader")
    daily = {"categories": {"bookings": {"email": "daily"}}}
    rpc.notifications.set_preferences(person, daily, caller=callers.person(person))
    for title in ("Maths", "Science"):
        publish(
            "events",
            "course_commissioned",
            {
                "cpd_event_id": title,
                "title": title,
                "request_ids": [],
                "requester_ids": [person],
                "topics": [],
                "starts_at": None,
            },
        )
    eventually(lambda: Delivery.objects(person_id=person, status="queued").count() == 2)
    assert mailbox.to(person) == []
    assert Notification.objects(person_id=person).count() == 2

    Delivery.objects(person_id=person, status="queued").update(set__send_at=datetime.now(UTC))
    (digest,) = eventually(lambda: mailbox.to(person))
    assert digest["Subject"] == "Your Partnership Hub daily digest"
    text = mailbox.parts(digest)["text"]
    assert "Course commissioned: Maths" in text and "Course commissioned: Science" in text


def test_a_temporary_smtp_failure_is_retried_until_sent(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    flaky = directory.person("flaky2")
    publish("events", "booking_waitlisted", booking(flaky, status="waitlisted"))

    eventually(lambda: mailbox.to(flaky), seconds=15)
    delivery = eventually(lambda: Delivery.objects(person_id=flaky, status="sent").first())
    assert delivery.attempts == 3 and len(mailbox.to(flaky)) == 1
    assert [a["outcome"] for a in delivery.history] == ["retry", "retry", "sent"]
    assert "451" in delivery.history[0]["error"]


def test_a_permanent_failure_is_recorded_and_listed_for_the_coordinator(
    start_notifications, publish, directory, mailbox, booking, rpc, callers
):
    start_notifications()
    bounced = directory.person("permfail")
    publish("events", "booking_confirmed", booking(bounced))

    eventually(lambda: Delivery.objects(person_id=bounced, status="failed").count())
    failed = rpc.notifications.list_deliveries({"status": "failed"}, caller=callers.coordinator)
    assert [d["person_id"] for d in failed["items"]] == [bounced]
    assert failed["items"][0]["attempts"] == 1 and "550" in failed["items"][0]["last_error"]
    assert Notification.objects(person_id=bounced).count() == 1  # the inbox still has it
    for other in (callers.la_officer, callers.person(bounced, "headteacher"), callers.directory):
        with pytest.raises(Forbidden):
            rpc.notifications.list_deliveries({"status": "failed"}, caller=other)
    with pytest.raises(Unauthorized):
        rpc.notifications.list_deliveries({"status": "failed"})


def test_the_coordinator_can_retry_a_failed_delivery(
    start_notifications, publish, directory, booking, rpc, callers
):
    start_notifications()
    bounced = directory.person("permfail-retry")
    publish("events", "booking_confirmed", booking(bounced))
    failed = eventually(lambda: Delivery.objects(person_id=bounced, status="failed").first())
    for other in (callers.la_officer, callers.person(bounced), callers.events):
        with pytest.raises(Forbidden):
            rpc.notifications.retry_delivery(failed.id, caller=other)
    assert Delivery.objects.get(id=failed.id).status == "failed"

    again = rpc.notifications.retry_delivery(failed.id, caller=callers.coordinator)

    assert again["id"] == failed.id
    done = eventually(lambda: (d := Delivery.objects.get(id=failed.id)).status == "failed" and d)
    assert [a["outcome"] for a in done.history] == ["failed", "failed"]
    with pytest.raises(NotFound):
        rpc.notifications.retry_delivery("no-such-delivery", caller=callers.coordinator)
    sent = directory.person("sent-fine")
    publish("events", "booking_confirmed", booking(sent))
    ok = eventually(lambda: Delivery.objects(person_id=sent, status="sent").first())
    with pytest.raises(Conflict):
        rpc.notifications.retry_delivery(ok.id, caller=callers.coordinator)
