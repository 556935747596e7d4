"""Academic years over HTTP: every answer writes one as ``2026-27``; every route that takes one
accepts ``2026-27`` or its first year ``2026`` (number or text), and refuses anything else by
name."""

import pytest

from support.platform import DEMO_SCHOOL_URN


def _cluster(as_user) -> str:
    return as_user("coordinator").get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()["cluster"]


@pytest.mark.parametrize(("given", "answered"), [(2041, "2041-42"), ("2042-43", "2042-43")])
def test_a_rota_takes_either_form_and_answers_2026_27(as_user, given, answered):
    rota = as_user("coordinator").post(
        "/api/v1/rotas",
        json={"cluster": _cluster(as_user), "academic_year": given, "year_groups": ["Year 1"]},
    )
    assert rota.status_code == 201, rota.text
    assert rota.json()["academic_year"] == answered


def test_the_needs_audit_and_demand_take_either_form(as_user):
    head, coordinator = as_user("headteacher"), as_user("coordinator")
    for given in (2043, "2043", "2043-44", "2043/2044"):
        sent = head.post(
            "/api/v1/needs-audits",
            json={"school_urn": DEMO_SCHOOL_URN, "academic_year": given, "priorities": ["Oracy"]},
        )
        assert sent.status_code == 201, (given, sent.text)
        assert sent.json()["academic_year"] == "2043-44"
        demand = coordinator.get("/api/v1/demand", params={"academic_year": given})
        assert demand.status_code == 200, (given, demand.text)
    audited = coordinator.get("/api/v1/demand", params={"academic_year": "2043-44"}).json()
    assert any(row["key"] == "oracy" and row["audit_mentions"] >= 1 for row in audited["rows"])


def test_moderation_and_the_ledger_take_either_form_and_answer_2026_27(as_user):
    la = as_user("la_officer")
    chosen = la.post(
        "/api/v1/moderation-selections", json={"academic_year": 2044, "urns": [DEMO_SCHOOL_URN]}
    )
    assert chosen.status_code == 200, chosen.text
    school = la.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    assert "2044-45" in school["moderation_selected_years"]
    for year in ("2044", "2044-45"):
        found = la.get("/api/v1/schools", params={"moderation_year": year, "per_page": 200})
        assert DEMO_SCHOOL_URN in [s["urn"] for s in found.json()["items"]], year
    ledger = la.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/ledger", params={"academic_year": 2044})
    assert ledger.status_code == 200 and ledger.json()["academic_year"] == "2044-45"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/demand?academic_year=2026-28", None),
        ("GET", "/api/v1/schools?moderation_year=26-27", None),
        ("GET", f"/api/v1/schools/{DEMO_SCHOOL_URN}/ledger?academic_year=next", None),
        ("POST", "/api/v1/rotas", {"cluster": "x", "academic_year": True, "year_groups": []}),
        ("POST", "/api/v1/moderation-selections", {"academic_year": "2026-2028", "urns": []}),
    ],
)
def test_a_wrong_academic_year_is_refused_by_name(as_user, method, path, body):
    response = as_user("coordinator").request(method, path, json=body)
    assert response.status_code == 422, response.text
    fields = response.json()["error"]["fields"]
    assert "academic_year" in fields or "moderation_year" in fields
