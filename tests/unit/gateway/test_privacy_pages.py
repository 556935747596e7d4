"""People's data through the gateway with the services stood in for: the export is one zip
(manifest and a file per service) for the person or the coordinator only, refused before any
service is asked otherwise; the "Your data" page links the download and, for the coordinator,
erases behind a CSRF-protected form."""

import io
import json
import re
import zipfile

import pytest
from unit.gateway.stand_in import replace_calls

from contracts.caller import Caller
from contracts.privacy import SERVICES
from gateway import auth
from gateway.api import privacy as api_privacy
from gateway.app import create_app
from gateway.web import privacy as web_privacy

TEACHER = Caller(id="p-teacher", roles=("teacher",), school_urn=100001, name="Tess Teacher")
COORDINATOR = Caller(id="p-coord", roles=("coordinator",), name="Cora Coordinator")
ERASURE = {
    "id": "e1",
    "person_id": "p-teacher",
    "requested_by": "p-coord",
    "requested_at": "2026-01-02T10:00:00+00:00",
    "services": {"directory": "2026-01-02T10:00:00+00:00", "events": None},
    "complete": False,
}


class Services:
    def __init__(self):
        self.calls = []

    def __call__(self, service, method, *args):
        self.calls.append((service, method, *args))
        if method == "export_person":
            records = {"things": [{"id": "x"}]}
            return {"service": service, "person_id": args[0], "records": records}
        if method == "get_person":
            return {"id": args[0], "name": "Tess Teacher", "roles": ["teacher"], "email": ""}
        if method in ("erase_person", "get_erasure"):
            return ERASURE
        raise AssertionError(f"unexpected call {method}")


@pytest.fixture
def who():
    return {"caller": TEACHER}


@pytest.fixture
def services(monkeypatch, who):
    fake = Services()
    for module in (api_privacy, web_privacy):
        replace_calls(monkeypatch, module, fake)
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": who["caller"].id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda *args, **kwargs: who["caller"])
    return fake


@pytest.fixture
def client(services):
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["token"] = "a-token"
        yield client


BEARER = {"Authorization": "Bearer a-token"}


def test_the_export_is_a_zip_with_a_manifest_and_a_file_per_service(client, services):
    answer = client.get("/api/v1/people/p-teacher/export", headers=BEARER)
    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    with zipfile.ZipFile(io.BytesIO(answer.data)) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        events = json.loads(z.read("events.json"))
    assert names == {"manifest.json", *(f"{s}.json" for s in SERVICES)}
    assert manifest["person_id"] == "p-teacher" and manifest["generated_at"]
    assert [s["service"] for s in manifest["services"]] == list(SERVICES)
    assert events["records"] == {"things": [{"id": "x"}]}


def test_another_persons_export_is_refused_before_any_service_is_asked(client, services):
    answer = client.get("/api/v1/people/someone-else/export", headers=BEARER)
    assert answer.status_code == 403
    assert answer.json["error"]["code"] == "FORBIDDEN"
    assert services.calls == []


def test_only_the_coordinator_may_ask_for_an_erasure(client, services, who):
    refused = client.post("/api/v1/people/p-teacher/erasure", headers=BEARER)
    assert refused.status_code == 403 and services.calls == []
    who["caller"] = COORDINATOR
    accepted = client.post("/api/v1/people/p-teacher/erasure", headers=BEARER)
    assert accepted.status_code == 202
    assert accepted.json["id"] == "e1"
    assert services.calls == [("directory", "erase_person", "p-teacher")]


def test_the_your_data_page_links_the_download_and_hides_the_erasure(client, services):
    page = client.get("/people/p-teacher/data")
    assert page.status_code == 200
    assert "Download my data" in page.text
    assert 'href="/people/p-teacher/data/download"' in page.text
    assert "Erase this person" not in page.text
    download = client.get("/people/p-teacher/data/download")
    assert download.mimetype == "application/zip"
    assert client.get("/people/someone-else/data").status_code == 404


def test_the_coordinator_erases_from_the_page_with_its_csrf_token(client, services, who):
    who["caller"] = COORDINATOR
    page = client.get("/people/p-teacher/data")
    assert "Done " in page.text and "Not yet" in page.text  # an erasure under way
    assert client.post("/people/p-teacher/data/erase").status_code in (400, 403)
    assert not [c for c in services.calls if c[1] == "erase_person"]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    assert token is None  # erasure requested already: no form, the progress instead
