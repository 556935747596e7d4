"""Demand views, pathway progress, iCal entries and statements, pure."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from events.aggregates import demand_rows, pathway_progress
from events.calendar import feed, session_entries
from events.statements import statement_csv

START = datetime(2026, 11, 4, 15, 45, tzinfo=UTC)


def test_demand_by_topic_counts_requests_supporters_and_audit_mentions():
    requests = [
        {"topic": "Phonics", "supporters": ["a", "b"], "school_urn": 1, "cluster": "North"},
        {"topic": "phonics ", "supporters": [], "school_urn": 2, "cluster": "South"},
        {"topic": "Oracy", "supporters": [], "school_urn": 1, "cluster": "North"},
    ]
    audits = [{"priorities": ["Phonics", "SEND"], "school_urn": 3, "cluster": "North"}]
    rows = demand_rows(requests, audits, "topic")
    assert rows[0]["key"] == "phonics"
    assert (rows[0]["requests"], rows[0]["supporters"], rows[0]["audit_mentions"]) == (2, 2, 1)
    assert rows[0]["schools"] == 3
    by_cluster = {r["key"]: r for r in demand_rows(requests, [], "cluster")}
    assert by_cluster["North"]["requests"] == 2


def test_pathway_progress():
    progress = pathway_progress(["c1", "c2", "c3"], completed={"c1"}, booked={"c1", "c2"})
    assert progress == {"completed": ["c1"], "booked": ["c2"], "remaining": ["c3"], "percent": 33}


def _event(status="open", sequence=0):
    return {
        "_id": "e1",
        "title": "Phonics leadership",
        "status": status,
        "sequence": sequence,
        "sessions": [
            {"starts_at": START, "ends_at": START + timedelta(hours=1), "venue": "Hub"},
            {
                "starts_at": START + timedelta(days=7),
                "ends_at": START + timedelta(days=7, hours=1),
                "venue": "Hub",
            },
        ],
    }


def test_ical_updates_keep_the_uid_with_a_higher_sequence_and_cancellations_are_marked():
    first = Calendar.from_ical(feed("x", session_entries(_event(), "confirmed", 0)))
    later = Calendar.from_ical(feed("x", session_entries(_event("cancelled", 2), "confirmed", 2)))
    before = [c for c in first.walk("VEVENT")]
    after = [c for c in later.walk("VEVENT")]
    assert [str(c["UID"]) for c in before] == [str(c["UID"]) for c in after]
    assert len({str(c["UID"]) for c in before}) == 2
    assert [int(c["SEQUENCE"]) for c in after] == [2, 2]
    assert {str(c["STATUS"]) for c in before} == {"CONFIRMED"}
    assert {str(c["STATUS"]) for c in after} == {"CANCELLED"}
    assert before[0].decoded("DTSTART") == START


def test_statement_csv_lists_lines_and_total():
    statement = {
        "lines": [
            {
                "booking_id": "b1",
                "event_id": "e1",
                "event_title": "Phonics",
                "person_id": "p1",
                "starts_at": START,
                "price_pence": 7500,
            },
        ],
        "total_pence": 7500,
    }
    lines = statement_csv(statement).strip().splitlines()
    assert lines[0].startswith("booking_id,event_id")
    assert lines[1].split(",")[5] == "75.00" and lines[-1].endswith("TOTAL,,,75.00")
