"""What the community's HTTP tests share: the North cluster's space (Northshore's teacher, head
and administrator see it; the coordinator moderates it), an outsider who cannot see it (a
teacher at Gullwing, in the South cluster), posts made through the API, and checks that an
answer is the error body naming a field, or matches its documented schema."""

import itertools
import uuid

from support.platform import DEMO_PASSWORD
from support.waiting import eventually

SPACE = "cluster-north"
OUTSIDER_URN = 900002  # Gullwing, in the South cluster
PDF = b"%PDF-1.4\n% Phonics map\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
MB = 1_000_000
_counter = itertools.count()


def ok(response, *statuses):
    assert response.status_code in statuses, response.text
    return response.json()


def error_fields(response, status) -> dict:
    """The error body's fields (``{}`` when it names none); fails on another status."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error.get("fields") or {}


def conforms(schema_class, body) -> dict:
    """``body`` as its documented schema says (every field known, the required ones there)."""
    problems = schema_class().validate(body)
    assert not problems, problems
    return body


def title(word: str) -> str:
    return f"{word} phonics resource {next(_counter)} {uuid.uuid4().hex[:6]}"


def outsider(platform, coordinator):
    """A new teacher at Gullwing: signed in, no member of the North cluster."""
    email = f"outsider.{uuid.uuid4().hex[:10]}@gullwing.demo.partnership.test"
    person = {
        "email": email,
        "name": "Otto Outsider",
        "school_urn": OUTSIDER_URN,
        "roles": ["teacher"],
        "password": DEMO_PASSWORD,
    }
    ok(coordinator.post("/api/v1/people", json=person), 201)
    return platform.client(email)


def wait_for_space(client, space_id: str = SPACE) -> None:
    """The community makes the group and cluster spaces once the directory answers."""
    eventually(lambda: client.get(f"/api/v1/spaces/{space_id}").status_code == 200, 45, 0.5)


def new_post(client, word: str = "Wren", files: dict | None = None) -> dict:
    """A post by ``client`` in the North cluster's space (multipart, with ``files``)."""
    form = {"title": title(word), "body": "How we teach **phonics**."}
    response = client.post(f"/api/v1/spaces/{SPACE}/posts", data=form, files=files or {})
    return ok(response, 201)
