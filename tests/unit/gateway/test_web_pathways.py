"""The pathways pages on a Flask test client, the services stood in for: the pathways with their
courses by title, enrolling (and enrolling twice), and my progress step by step (done, booked,
not started, waiting) with the courses' titles and dates; another person's progress as the events
service allows (their leaders, the coordinator), else a 403 page; the calls a page do not grow with
rows."""

import pytest
from unit.gateway.stand_in import by_name

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden, NotFound
from gateway.web import pathways
from tests.unit.gateway.test_web_requests import signed_in_client

HEAD = Caller(id="head-1", roles=("headteacher",), school_urn=900001, name="Hana Head")


def _course(number: int) -> dict:
    return {
        "id": f"ev-{number}",
        "title": f"Phonics step {number}",
        "kind": "course",
        "capacity": 20,
        "status": "scheduled",
        "sessions": [
            {
                "uid": f"s{number}",
                "starts_at": f"2027-01-{10 + number:02d}T09:30:00+00:00",
                "ends_at": f"2027-01-{10 + number:02d}T12:00:00+00:00",
                "venue": "Northshore, hall",
            }
        ],
    }


def _pathway(number: int, courses: int = 3) -> dict:
    return {
        "id": f"pw-{number}",
        "title": f"Early reading leader {number}",
        "description": "From phonics to leading reading",
        "course_ids": [f"ev-{n}" for n in range(1, courses + 1)],
        "partners": ["Northshore English hub"],
    }


class FakeEvents:
    """Stands in for the events service: answers by RPC name and records each call."""

    def __init__(self):
        self.calls = []
        self.fail = {}
        self.pathways = [_pathway(1)]
        self.progress = {
            "pathway_id": "pw-1",
            "person_id": HEAD.id,
            "completed": ["ev-1"],
            "booked": ["ev-2"],
            "remaining": ["ev-3"],
            "percent": 33,
        }

    def __call__(self, service, method, *args):
        self.calls.append((method, args))
        if method in self.fail:
            raise self.fail[method]
        if method == "list_pathways":
            return {"items": self.pathways, "total": len(self.pathways)}
        if method == "list_events":
            return {"items": [_course(int(i.split("-")[1])) for i in args[0]["ids"]]}
        if method == "pathway_progress":
            return self.progress
        if method == "enrol_pathway":
            return self.progress
        raise AssertionError(f"unexpected call {method}")


@pytest.fixture
def events(monkeypatch):
    fake = FakeEvents()
    monkeypatch.setattr(pathways, "call", by_name(fake))
    return fake


@pytest.fixture
def client(monkeypatch, events):
    """A test client signed in as a headteacher."""
    return signed_in_client(monkeypatch, HEAD)


def test_the_pathways_show_their_courses_by_title_with_an_enrol_button(client, events):
    response = client.get("/pathways")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Early reading leader 1" in html and "Northshore English hub" in html
    assert "Phonics step 1" in html and "Phonics step 3" in html
    assert "Monday 11 January 2027" in html
    assert "/pathways/pw-1/enrol" in html and "Enrol" in html


def test_the_pathways_page_makes_two_calls_whatever_the_number_of_rows(client, events):
    client.get("/pathways")
    assert len(events.calls) == 2
    events.calls.clear()
    events.pathways = [_pathway(n, courses=8) for n in range(1, 21)]
    assert client.get("/pathways").status_code == 200
    assert [name for name, _ in events.calls] == ["list_pathways", "list_events"]


def test_no_pathways_is_a_plain_sentence_and_no_event_call(client, events):
    events.pathways = []
    html = client.get("/pathways").get_data(as_text=True)
    assert "There are no pathways yet" in html
    assert [name for name, _ in events.calls] == ["list_pathways"]


def test_my_progress_shows_each_step_done_booked_or_not_started(client, events):
    response = client.get("/pathways/pw-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "You have completed 1 of 3 courses (33%)" in html
    for step, status in (("1", "Done"), ("2", "Booked"), ("3", "Not started")):
        assert f"Phonics step {step}" in html
        assert status in html
    assert "Tuesday 12 January 2027, 9:30am" in html
    assert len(events.calls) == 3


def test_the_progress_page_makes_three_calls_whatever_the_number_of_steps(client, events):
    events.pathways = [_pathway(1, courses=20)]
    events.progress = {**events.progress, "remaining": [f"ev-{n}" for n in range(3, 21)]}
    assert client.get("/pathways/pw-1").status_code == 200
    assert len(events.calls) == 3


def test_not_enrolled_shows_the_courses_and_an_enrol_button(client, events):
    events.fail["pathway_progress"] = NotFound("Not enrolled on this pathway.")
    html = client.get("/pathways/pw-1").get_data(as_text=True)
    assert "You are not on this pathway yet" in html
    assert "Enrol on this pathway" in html and "Phonics step 2" in html


def test_an_unknown_pathway_is_the_404_page(client, events):
    assert client.get("/pathways/pw-nope").status_code == 404


def test_enrolling_goes_to_my_progress_with_a_success_banner(client, events):
    response = client.post("/pathways/pw-1/enrol", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-notification-banner--success" in html and "You are enrolled" in html
    assert ("enrol_pathway", ("pw-1",)) in events.calls


def test_enrolling_twice_says_so_and_shows_my_progress(client, events):
    events.fail["enrol_pathway"] = Conflict("Already enrolled on this pathway.")
    html = client.post("/pathways/pw-1/enrol", follow_redirects=True).get_data(as_text=True)
    assert "You are already on this pathway" in html and "You have completed 1 of 3" in html


def test_a_service_forbidden_is_the_403_page(client, events):
    events.fail["enrol_pathway"] = Forbidden("You may not enrol.")
    response = client.post("/pathways/pw-1/enrol")
    assert response.status_code == 403 and "You may not enrol" in response.get_data(as_text=True)


def test_my_own_id_as_the_person_is_my_progress(client, events):
    assert client.get(f"/pathways/pw-1?person={HEAD.id}").status_code == 200


def test_another_persons_progress_is_asked_of_the_service_and_named(client, events):
    events.progress = {**events.progress, "person_id": "teacher-1", "person_name": "Tom Teacher"}
    response = client.get("/pathways/pw-1?person=teacher-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tom Teacher’s progress" in html and "Tom Teacher has completed 1 of 3" in html
    assert "Enrol on this pathway" not in html
    assert ("pathway_progress", ("pw-1", {"person_id": "teacher-1"})) in events.calls


def test_a_progress_the_service_refuses_is_the_403_page(client, events):
    events.fail["pathway_progress"] = Forbidden("Not yours to see.")
    response = client.get("/pathways/pw-1?person=teacher-1")
    assert response.status_code == 403
    assert "their school’s leaders and the coordinator" in response.get_data(as_text=True)


def test_someone_not_on_the_pathway_is_a_404_page(client, events):
    events.fail["pathway_progress"] = NotFound("Not enrolled.")
    response = client.get("/pathways/pw-1?person=teacher-1")
    assert response.status_code == 404
    assert "not on this pathway" in response.get_data(as_text=True)


def test_a_waiting_place_shows_as_waiting(client, events):
    events.progress = {**events.progress, "booked": [], "waiting": ["ev-2"]}
    html = client.get("/pathways/pw-1").get_data(as_text=True)
    assert "Waiting for a place or approval" in html
