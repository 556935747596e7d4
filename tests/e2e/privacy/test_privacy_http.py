"""People's data over HTTP on a platform of this module's own (every process real): a person
downloads one zip of everything every service holds about them; nobody else but the
coordinator may; the coordinator's erasure ends their sign-in and reaches every service."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import requests

from support.platform import Client
from support.waiting import eventually

EMAIL, PASSWORD = "dana.data@example.test", "a-long-password-1"


def _event():
    start = datetime.now(UTC) + timedelta(days=10)
    end = start + timedelta(hours=2)
    session = {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "venue": "Hub"}
    return {"title": "Data day", "kind": "course", "capacity": 10, "sessions": [session]}


def _person(platform, coordinator):
    made = coordinator.post(
        "/api/v1/people",
        json={"email": EMAIL, "name": "Dana Data", "roles": ["teacher"], "password": PASSWORD},
    )
    assert made.status_code == 201, made.text
    return made.json()["id"], Client(platform.url, platform.token(EMAIL, PASSWORD))


def test_export_then_erasure(private_platform, as_private_user):
    coordinator, teacher = as_private_user("coordinator"), as_private_user("teacher")
    person_id, dana = _person(private_platform, coordinator)
    event = coordinator.post("/api/v1/events", json=_event()).json()
    booked = dana.post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert booked.status_code == 201, booked.text
    eventually(lambda: dana.get("/api/v1/me/notifications").json()["total"], seconds=20)

    answer = dana.get(f"/api/v1/people/{person_id}/export")
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/zip"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        files = {name: json.loads(z.read(name)) for name in z.namelist()}
    assert set(files) == {
        "manifest.json",
        "directory.json",
        "events.json",
        "notifications.json",
        "community.json",
    }
    assert files["manifest.json"]["person_id"] == person_id
    assert files["directory.json"]["records"]["person"][0]["name"] == "Dana Data"
    assert [b["event_id"] for b in files["events.json"]["records"]["bookings"]] == [event["id"]]
    assert files["notifications.json"]["records"]["inbox"]
    assert "password" not in json.dumps(files["directory.json"]["records"]["person"])

    assert teacher.get(f"/api/v1/people/{person_id}/export").status_code == 403
    assert coordinator.get(f"/api/v1/people/{person_id}/export").status_code == 200
    assert dana.post(f"/api/v1/people/{person_id}/erasure").status_code == 403

    erased = coordinator.post(f"/api/v1/people/{person_id}/erasure")
    assert erased.status_code == 202, erased.text
    assert erased.json()["person_id"] == person_id

    def complete():
        status = coordinator.get(f"/api/v1/people/{person_id}/erasure").json()
        return status["complete"] and status

    status = eventually(complete, seconds=30)
    assert set(status["services"]) == {"directory", "events", "notifications", "community"}
    assert dana.get("/api/v1/me").status_code == 401  # their tokens ended
    again = requests.post(
        private_platform.url + "/api/v1/auth/token",
        json={"email": EMAIL, "password": PASSWORD},
        timeout=10,
    )
    assert again.status_code == 401
    person = coordinator.get(f"/api/v1/people/{person_id}").json()
    assert person["name"] == "Erased person"
    assert coordinator.get("/api/v1/people/nobody-at-all/erasure").status_code in (403, 404)
