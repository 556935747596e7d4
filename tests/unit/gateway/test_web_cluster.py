"""The cluster page (/clusters/<id>) with a Flask test client and the services stood in for:
its member schools by name with phases and Ofsted grades, its next meetings, the school
directory's cluster names linking to it, and an unknown cluster answered with the 404 page."""

import pytest
from unit.gateway.stand_in import all_of, replace_calls

from contracts.caller import Caller
from contracts.errors import NotFound
from gateway import auth, clusters
from gateway.app import create_app
from gateway.web import directory

TEACHER = Caller(id="p-teacher", roles=("teacher",), school_urn=900001, name="Tess Teacher")
NORTHSHORE = {
    "urn": 900001,
    "name": "Northshore Primary",
    "phase": "Primary",
    "type": "Community school",
    "status": "Open",
    "cluster": "north",
    "ofsted_rating": "Good",
    "ofsted_last_inspection": "2024-03-12",
    "report_card": None,
}
SANDHILL = {
    **NORTHSHORE,
    "urn": 900005,
    "name": "Sandhill Academy",
    "phase": "Secondary",
    "type": "Academy converter",
    "ofsted_rating": None,
    "ofsted_last_inspection": None,
    "report_card": {"inspected_on": "2026-01-20", "grades": {}, "safeguarding": "met"},
}
MEETING = {
    "id": "m1",
    "title": "North cluster: Year 6",
    "kind": "cluster_meeting",
    "status": "open",
    "sessions": [{"starts_at": "2027-01-12T15:30:00+00:00", "venue": "Northshore Primary"}],
    "host_school_urn": 900001,
    "year_group": "Year 6",
}


def fake(service, method, *args):
    if method == "get_cluster":
        if args[0] != "north":
            raise NotFound("No cluster.", {"cluster_id": ["Unknown cluster."]})
        schools = [NORTHSHORE, SANDHILL]
        return {"id": "north", "name": "North", "school_count": 2, "schools": schools}
    if method == "list_events":
        assert args[0]["from"]
        return {"items": [MEETING], "total": 1}
    if method == "list_clusters":
        return {"items": [{"id": "north", "name": "North"}], "total": 1}
    if method == "list_schools":
        return {"items": [NORTHSHORE], "total": 1}
    if method == "get_school":
        return NORTHSHORE
    if method == "list_people":
        return {"items": [], "total": 0}
    raise AssertionError(f"unexpected call {method}")


@pytest.fixture
def client(monkeypatch):
    replace_calls(monkeypatch, directory, fake)
    monkeypatch.setattr(clusters, "call_all", all_of(fake))
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": TEACHER.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda *args, **kwargs: TEACHER)
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["token"] = "a-token"
        yield client


def test_the_cluster_page_lists_its_schools_and_next_meetings(client):
    page = client.get("/clusters/north")
    assert page.status_code == 200, page.text
    text = page.text
    assert '<h1 class="govuk-heading-l">North</h1>' in text
    assert 'href="/schools/900001">Northshore Primary</a>' in text
    assert 'href="/schools/900005">Sandhill Academy</a>' in text
    assert "Secondary" in text and "Academy converter" in text
    assert "Good, Tuesday 12 March 2024" in text
    assert "Report card, Tuesday 20 January 2026" in text
    assert 'href="/events/m1">North cluster: Year 6</a>' in text
    assert "hosted by Northshore Primary" in text


def test_an_unknown_cluster_is_the_not_found_page(client):
    assert client.get("/clusters/nowhere").status_code == 404


@pytest.mark.parametrize("path", ["/schools", "/schools/900001"])
def test_the_directory_links_cluster_names_to_the_cluster_page(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert 'href="/clusters/north"' in page.text
