"""What each domain event says to whom."""

from datetime import UTC, datetime

from notifications.messages import messages_for
from notifications.messages.message import ClusterMembers, EventAttendees
from notifications.messages.people import password_reset
from notifications.recipients import RoleAddress

BOOKING = {
    "event_id": "m1",
    "booking_id": "b1",
    "cpd_event_id": "e1",
    "event_title": "Phonics",
    "person_id": "p1",
    "booked_by": "admin",
    "status": "confirmed",
}


def recipients(kind, payload):
    return [(m.to, m.kind) for m in messages_for(kind, payload)]


def test_a_booking_made_for_someone_tells_them_and_the_booker():
    assert recipients("booking_confirmed", BOOKING) == [
        ("p1", "booking_confirmed"),
        ("admin", "booking_confirmed"),
    ]
    to_person, to_booker = messages_for("booking_confirmed", BOOKING)
    assert to_person.calendar == "REQUEST" and to_person.body.startswith("Your place")
    assert to_booker.calendar is None and "for a colleague" in to_booker.body


def test_an_offer_names_its_deadline_in_local_time():
    offer = {**BOOKING, "booked_by": "p1", "deadline": "2026-06-03T09:00:00+00:00"}
    (message,) = messages_for("place_offered", offer)
    assert "Accept it by Wed 3 Jun 10:00" in message.body  # BST


def test_booking_yourself_tells_you_once():
    assert recipients("booking_waitlisted", {**BOOKING, "booked_by": "p1"}) == [
        ("p1", "booking_waitlisted")
    ]


def test_a_cancellation_carries_a_calendar_cancel_unless_another_message_explains_it():
    assert messages_for("booking_cancelled", BOOKING)[0].calendar == "CANCEL"
    assert messages_for("booking_cancelled", {**BOOKING, "reason": "event_cancelled"}) == []


def test_an_approval_goes_to_the_named_approver_or_the_schools_head():
    asked = recipients("approval_requested", {**BOOKING, "approver_id": "h9"})
    assert asked[0] == ("h9", "approval_requested")
    asked = recipients("approval_requested", {**BOOKING, "school_urn": 7})
    assert asked[0] == (RoleAddress("headteacher", 7), "approval_requested")


def test_a_commissioned_course_tells_every_requester():
    payload = {"cpd_event_id": "e2", "title": "Maths mastery", "requester_ids": ["r1", "r2"]}
    assert recipients("course_commissioned", payload) == [
        ("r1", "course_commissioned"),
        ("r2", "course_commissioned"),
    ]


def test_a_changed_or_cancelled_event_tells_everyone_booked():
    payload = {"cpd_event_id": "e1", "title": "Phonics", "person_ids": ["p1"], "sequence": 3}
    assert recipients("event_changed", payload) == [
        ("p1", "event_changed"),
        (EventAttendees("e1"), "event_changed"),
    ]
    assert messages_for("event_cancelled", payload)[0].calendar == "CANCEL"


def test_minutes_go_to_the_cluster_and_the_meeting():
    payload = {"cpd_event_id": "e3", "title": "Y6 cluster", "cluster": "North", "person_ids": []}
    assert recipients("minutes_published", payload) == [
        (EventAttendees("e3"), "minutes_published"),
        (ClusterMembers("North"), "minutes_published"),
    ]


def test_a_brokered_case_tells_both_heads_by_id_or_by_post():
    payload = {
        "title": "Reading",
        "provider_urn": 1,
        "receiver_urn": 2,
        "provider_head_ids": ["h1"],
        "receiver_head_ids": [],
    }
    assert recipients("support_brokered", payload) == [
        ("h1", "support_brokered"),
        (RoleAddress("headteacher", 2), "support_brokered"),
    ]


def test_an_offer_due_for_reverification_tells_its_owner():
    payload = {"title": "Phonics support", "owner_person_id": "o1", "school_urn": 1}
    assert recipients("offer_verification_due", payload) == [("o1", "offer_verification_due")]


def test_events_nobody_hears_of_make_no_messages():
    assert messages_for("school_imported", {"urn": 1}) == []


def test_a_strategic_group_meeting_is_news_for_its_members_only():
    meeting = {
        "cpd_event_id": "g1",
        "title": "Inclusion group",
        "kind": "group_meeting",
        "owner": {"type": "strategic_group", "id": "inclusion", "name": "Inclusion"},
    }
    assert recipients("event_published", meeting) == [
        (RoleAddress("member", group_id="inclusion"), "event_published")
    ]
    assert messages_for("event_published", {**meeting, "owner": {"type": "la"}}) == []


def test_a_password_reset_command_keeps_its_code_out_of_the_inbox_entry():
    code = "Zx9-one-time-code-0123456789abcdef"
    command = {
        "person_id": "p1",
        "email": "p1@school.test",
        "name": "Pat",
        "code": code,
        "expires_at": datetime(2026, 11, 23, 11, tzinfo=UTC),
    }
    message = password_reset(command)
    assert (message.to, message.kind) == ("p1", "password_reset_requested")
    assert code not in message.title and code not in message.body
    assert message.context["reset_token"] == code  # for the email only
    assert message.context["address"] == {"email": "p1@school.test", "name": "Pat"}


def test_a_reset_email_links_to_the_reset_page_when_the_web_address_is_known():
    from notifications.render import render_email

    context = {"reset_token": "code+1", "expires_at": "2026-12-01T10:00:00+00:00", "name": "Tom"}
    text, html = render_email(
        "password_reset_requested", {**context, "public_url": "https://hub.example.test"}
    )
    assert "https://hub.example.test/reset-password?code=code%2B1" in text
    assert 'href="https://hub.example.test/reset-password?code=code%2B1"' in html
    assert "Your reset code is:\n\n    code+1" in text
    plain, _ = render_email("password_reset_requested", context)
    assert "reset-password" not in plain and "code+1" in plain
