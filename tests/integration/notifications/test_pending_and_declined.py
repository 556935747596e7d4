"""The person booked hears that their booking awaits approval; a declined place offer is not a
cancelled booking (no "Booking cancelled", no calendar CANCEL)."""

from notifications.storage import Delivery, Notification
from support.waiting import eventually


def kinds(person_id):
    return [n.kind for n in Notification.objects(person_id=person_id).order_by("created_at")]


def test_the_person_booked_and_their_booker_hear_the_booking_awaits_approval(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    teacher = directory.person("teacher", school_urn=5, roles=["teacher"])
    admin = directory.person("admin", school_urn=5, roles=["school_admin"])
    head = directory.person("head", school_urn=5, roles=["headteacher"])
    payload = booking(teacher, admin, status="pending_approval", school_urn=5, approver_id=head)

    publish("events", "approval_requested", payload)

    email = eventually(lambda: mailbox.to(teacher))[0]
    assert str(email["Subject"]) == "Awaiting approval: Phonics network"
    assert "waiting for your school's approval" in mailbox.parts(email)["text"]
    eventually(lambda: mailbox.to(admin))
    assert kinds(teacher) == kinds(admin) == ["approval_pending"]
    assert kinds(head) == ["approval_requested"]


def test_a_declined_offer_sends_no_cancellation_and_no_calendar_cancel(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    teacher = directory.person("teacher", school_urn=1)
    admin = directory.person("admin", school_urn=1, roles=["school_admin"])
    declined = booking(teacher, admin, status="declined", reason="offer_declined", actor_id=teacher)

    publish("events", "booking_cancelled", declined)

    email = eventually(lambda: mailbox.to(admin))[0]
    assert str(email["Subject"]) == "Place declined: Phonics network"
    assert mailbox.parts(email)["ics"] is None
    assert kinds(admin) == ["place_declined"]
    assert kinds(teacher) == [] and mailbox.to(teacher) == []
    assert Delivery.objects(kind="booking_cancelled").count() == 0
