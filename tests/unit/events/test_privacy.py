"""The events service's export views and permission for people's data, as plain Python."""

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden
from events.permissions import check_may_export_person
from events.privacy import booking_views


def test_a_persons_bookings_show_attendance_certificates_and_waiting_places():
    views = booking_views(
        [
            {
                "_id": "b1",
                "event_id": "e1",
                "status": "confirmed",
                "attended_sessions": [0, 1],
                "certificate_id": "c1",
            },
            {"_id": "b2", "event_id": "e2", "status": "waitlisted", "waitlist_seq": 4},
            {"_id": "b3", "event_id": "e3", "status": "cancelled"},
        ]
    )
    assert views["attendance"] == [
        {"booking_id": "b1", "event_id": "e1", "attended_sessions": [0, 1]}
    ]
    assert views["certificates"] == [{"booking_id": "b1", "event_id": "e1", "certificate_id": "c1"}]
    assert views["waitlist"] == [{"booking_id": "b2", "event_id": "e2", "waitlist_seq": 4}]


def test_only_the_person_or_the_coordinator_exports():
    check_may_export_person(Caller("p1", ("teacher",)), "p1")
    check_may_export_person(Caller("c1", ("coordinator",)), "p1")
    with pytest.raises(Forbidden):
        check_may_export_person(Caller("h1", ("headteacher",)), "p1")
