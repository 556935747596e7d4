"""Each domain event reaches the right people: inbox entries and real email (text, HTML and, where
an event is involved, an iCal attachment) through a real broker, store and SMTP server."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from notifications.storage import Notification
from support.waiting import eventually


def inbox(person_id):
    return list(Notification.objects(person_id=person_id).order_by("created_at"))


def the_calendar(mailbox, message):
    return Calendar.from_ical(mailbox.parts(message)["ics"])


def test_a_booking_made_for_someone_tells_both_by_inbox_and_email_with_an_invite(
    start_notifications, publish, directory, mailbox, booking, upcoming
):
    start_notifications(REMINDER_OFFSETS="2d,morning")
    teacher = directory.person("teacher", school_urn=1, roles=["teacher"])
    admin = directory.person("admin", school_urn=1, roles=["school_admin"])
    cpd_event = directory.cpd_event("Early reading", sessions=2)

    publish("events", "booking_confirmed", booking(teacher, admin, cpd_event, "Early reading"))

    emails = eventually(lambda: mailbox.to(f"{teacher}@school.test"))
    assert [n.title for n in inbox(teacher)] == ["Booking confirmed: Early reading"]
    assert [n.kind for n in inbox(admin)] == ["booking_confirmed"]
    found = mailbox.parts(emails[0])
    assert "Dear Teacher" in found["text"] and "Early reading" in found["html"]
    cal = the_calendar(mailbox, emails[0])
    assert cal["METHOD"] == "REQUEST"
    assert [str(ev["UID"]) for ev in cal.walk("VEVENT")] == [
        f"{cpd_event}-0@events",
        f"{cpd_event}-1@events",
    ]
    eventually(lambda: mailbox.to(f"{admin}@school.test"))
    booking_id = Notification.objects(person_id=teacher).first().ref
    assert len(eventually(lambda: upcoming(booking_id))) == 4  # 2d and morning, 2 sessions


def test_a_cancelled_booking_sends_a_calendar_cancel_and_drops_its_reminders(
    start_notifications, publish, directory, mailbox, booking, upcoming
):
    start_notifications()
    teacher = directory.person("teacher", school_urn=1)
    cpd_event = directory.cpd_event()
    confirmed = booking(teacher, cpd_event_id=cpd_event)
    publish("events", "booking_confirmed", confirmed)
    eventually(lambda: upcoming(confirmed["booking_id"]))

    publish("events", "booking_cancelled", {**confirmed, "status": "cancelled"})

    emails = eventually(lambda: len(mailbox.to(teacher)) == 2 and mailbox.to(teacher))
    assert the_calendar(mailbox, emails[1])["METHOD"] == "CANCEL"
    eventually(lambda: upcoming(confirmed["booking_id"]) == [])


def test_an_approval_request_goes_to_the_deputy_when_the_headship_is_vacant(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    teacher = directory.person("teacher", school_urn=5, roles=["teacher"])
    deputy = directory.person("deputy", school_urn=5, roles=["deputy_head"])
    directory.person("head-elsewhere", school_urn=6, roles=["headteacher"])
    payload = booking(teacher, status="pending_approval", school_urn=5)

    publish("events", "approval_requested", {**payload, "status": "pending_approval"})

    eventually(lambda: mailbox.to(deputy))
    assert [n.kind for n in inbox(deputy)] == ["approval_requested"]
    assert Notification.objects(kind="approval_requested").count() == 1


def test_a_commissioned_course_tells_each_requester(start_notifications, publish, directory):
    start_notifications()
    requesters = [directory.person(f"r{i}") for i in range(3)]
    publish(
        "events",
        "course_commissioned",
        {
            "cpd_event_id": "c1",
            "title": "Maths mastery",
            "request_ids": ["q1", "q2"],
            "requester_ids": requesters,
            "topics": ["maths"],
            "starts_at": None,
        },
    )
    eventually(lambda: all(inbox(r) for r in requesters))
    assert {inbox(r)[0].title for r in requesters} == {"Course commissioned: Maths mastery"}


def test_a_changed_then_cancelled_event_tells_everyone_booked_with_calendar_updates(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    cpd_event = directory.cpd_event("Moderation")
    people = [directory.person(f"p{i}") for i in range(2)]
    for person in people:
        publish("events", "booking_confirmed", booking(person, cpd_event_id=cpd_event))
    eventually(lambda: all(mailbox.to(p) for p in people))
    sessions = [
        {
            "uid": f"{cpd_event}-0@events",
            "starts_at": datetime(2027, 2, 1, 9, tzinfo=UTC),
            "ends_at": datetime(2027, 2, 1, 12, tzinfo=UTC),
            "venue": "Town hall",
        }
    ]
    calendar = {
        "cpd_event_id": cpd_event,
        "title": "Moderation",
        "kind": "briefing",
        "uid": f"{cpd_event}@events",
        "sessions": sessions,
    }
    publish(
        "events",
        "event_changed",
        {**calendar, "status": "open", "sequence": 2, "changed": ["sessions"], "person_ids": []},
    )
    publish(
        "events",
        "event_cancelled",
        {**calendar, "status": "cancelled", "sequence": 3, "person_ids": [], "reason": "Snow"},
    )

    for person in people:
        emails = eventually(lambda p=person: len(mailbox.to(p)) == 3 and mailbox.to(p))
        calendars = {str(c["METHOD"]): c for c in (the_calendar(mailbox, m) for m in emails[1:])}
        changed, cancelled = calendars["REQUEST"], calendars["CANCEL"]
        assert [str(e["LOCATION"]) for e in changed.walk("VEVENT")] == ["Town hall"]
        assert changed.walk("VEVENT")[0]["SEQUENCE"] == 2
        assert cancelled["METHOD"] == "CANCEL"
        assert cancelled.walk("VEVENT")[0]["SEQUENCE"] == 3
        assert sorted(n.kind for n in inbox(person)) == [
            "booking_confirmed",
            "event_cancelled",
            "event_changed",
        ]


def test_published_minutes_reach_the_cluster(start_notifications, publish, directory):
    start_notifications()
    directory.school(11, "North")
    directory.school(12, "North")
    directory.school(13, "South")
    north = [directory.person("a", school_urn=11), directory.person("b", school_urn=12)]
    south = directory.person("c", school_urn=13)
    publish(
        "events",
        "minutes_published",
        {
            "cpd_event_id": "m1",
            "title": "Year 6 cluster meeting",
            "cluster": "North",
            "year_group": "Year 6",
            "minutes": "...",
            "actions": [],
            "person_ids": [],
        },
    )
    eventually(lambda: all(inbox(p) for p in north))
    assert inbox(north[0])[0].kind == "minutes_published"
    assert inbox(south) == []


def test_a_brokered_case_tells_the_two_heads(start_notifications, publish, directory, mailbox):
    start_notifications()
    provider_head = directory.person("provider-head", school_urn=21, roles=["headteacher"])
    receiver_head = directory.person("receiver-head", school_urn=22, roles=["headteacher"])
    publish(
        "directory",
        "support_brokered",
        {
            "case_id": "k1",
            "request_id": "q1",
            "offer_id": "o1",
            "title": "Phonics",
            "area": "phonics",
            "days": 3.0,
            "status": "awaiting_consent",
            "provider_urn": 21,
            "provider_name": "Provider",
            "receiver_urn": 22,
            "receiver_name": "Receiver",
            "provider_head_ids": [provider_head],
            "receiver_head_ids": [],
            "starts_on": date(2027, 1, 10),
            "ends_on": date(2027, 3, 1),
            "next_review_on": date(2027, 2, 1),
        },
    )
    eventually(lambda: inbox(provider_head) and inbox(receiver_head))
    assert inbox(receiver_head)[0].title == "Support case has been brokered: Phonics"


def test_an_offer_due_for_reverification_reminds_its_owner(start_notifications, publish, directory):
    start_notifications()
    owner = directory.person("owner", school_urn=3)
    publish(
        "directory",
        "offer_verification_due",
        {
            "offer_id": "o1",
            "title": "Reading support",
            "area": "reading",
            "school_urn": 3,
            "owner_person_id": owner,
            "owner_person_ids": [],
        },
    )
    note = eventually(lambda: inbox(owner))[0]
    assert note.kind == "offer_verification_due" and "Reading support" in note.title


def test_a_strategic_group_meeting_is_news_for_the_groups_members(
    start_notifications, publish, directory
):
    start_notifications()
    members = [directory.person(f"m{i}", roles=["member"], group_id="inclusion") for i in range(2)]
    outsider = directory.person("outsider", roles=["member"], group_id="finance")
    publish(
        "events",
        "event_published",
        {
            "cpd_event_id": "g1",
            "title": "Inclusion group, spring meeting",
            "kind": "group_meeting",
            "status": "open",
            "uid": "g1@events",
            "sequence": 0,
            "sessions": [],
            "owner": {"type": "strategic_group", "id": "inclusion", "name": "Inclusion"},
        },
    )
    eventually(lambda: all(inbox(m) for m in members))
    assert inbox(members[0])[0].category == "group_news"
    assert inbox(outsider) == []
