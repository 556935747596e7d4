"""The partnership's public website over HTTP, without a session: pages the coordinator edits
(API and page), school showcases with photos (images only, the head edits), the course calendar
of courses open to booking only, and nothing private reachable from any public page."""

import base64
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import requests

from community import demo
from support.platform import DEMO_SCHOOL_URN

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SECRET_POST = "Internal staffing worries 7c1e"
SECRET_NOTE = "Coordinator's private note 9f2a"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _ok(response, *statuses):
    assert response.status_code in statuses, response.text
    return response.json()


def _fields(response, status) -> dict:
    assert response.status_code == status, response.text
    return response.json()["error"].get("fields") or {}


def _course(title, days=20, **extra):
    start = datetime.now(UTC) + timedelta(days=days)
    session = {
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "venue": "Tideway Hall",
    }
    return {"title": title, "kind": "course", "capacity": 12, "sessions": [session], **extra}


@pytest.fixture(scope="module")
def web(private_platform):
    """A browser-like client with no session."""
    session = requests.Session()

    def get(path, **kwargs):
        return session.get(private_platform.url + path, timeout=15, **kwargs)

    return get


def test_the_coordinator_edits_a_page_and_anyone_reads_it(private_platform, as_private_user, web):
    public = requests.get(private_platform.url + "/api/v1/site/pages/constitution", timeout=15)
    assert public.status_code == 200 and public.json()["html"].startswith("<")
    assert "Constitution" in web("/constitution").text
    assert (
        requests.get(private_platform.url + "/api/v1/site/pages/nope", timeout=15).status_code
        == 404
    )

    data = {
        "title": "Questions and answers",
        "text": "## Is there parking?\n\nYes, at **Tideway**.",
    }
    path = "/api/v1/site/pages/faq"
    assert as_private_user("headteacher").request("PUT", path, json=data).status_code == 403
    assert "title" in _fields(
        as_private_user("coordinator").request("PUT", path, json={**data, "title": ""}), 422
    )
    changed = _ok(as_private_user("coordinator").request("PUT", path, json=data), 200)
    assert changed["changes"][0]["at"]
    page = web("/faq")
    assert page.status_code == 200 and "Is there parking?" in page.text
    assert "<strong>Tideway</strong>" in page.text


def test_a_head_publishes_a_showcase_with_a_photo_seen_on_the_schools_page(as_private_user, web):
    path = f"/api/v1/schools/{DEMO_SCHOOL_URN}/showcase"
    photo = {"filename": "garden.png", "content": base64.b64encode(PNG).decode()}
    entry = {
        "title": "Our growing garden",
        "text": "Pupils grow **vegetables**.",
        "photos": [photo],
    }
    assert as_private_user("teacher").post(path, json=entry).status_code == 403
    bad = {**entry, "photos": [{"filename": "plan.pdf", "content": base64.b64encode(PDF).decode()}]}
    assert "photos.0.content" in _fields(as_private_user("headteacher").post(path, json=bad), 422)
    made = _ok(as_private_user("headteacher").post(path, json=entry), 201)

    listed = web(path).json()["items"]
    # newest first, before the demo's seeded entry
    assert [e["title"] for e in listed] == ["Our growing garden", demo.TITLE]
    page = web(f"/member-schools/{DEMO_SCHOOL_URN}")
    assert page.status_code == 200 and "Our growing garden" in page.text
    assert f"/member-schools/{DEMO_SCHOOL_URN}" in web("/member-schools").text
    src = re.search(r'<img class="hub-showcase-photo" src="([^"]+)"', page.text).group(1)
    image = web(src)
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    elsewhere = src.replace(f"/member-schools/{DEMO_SCHOOL_URN}/", "/member-schools/900002/")
    assert web(elsewhere).status_code == 404

    as_private_user("headteacher").request("DELETE", f"/api/v1/showcase/{made['id']}")
    assert web(src).status_code == 404
    assert "Our growing garden" not in web(f"/member-schools/{DEMO_SCHOOL_URN}").text


def test_the_course_calendar_lists_only_courses_open_to_booking(as_private_user, web):
    coordinator = as_private_user("coordinator")
    _ok(coordinator.post("/api/v1/events", json=_course("Open phonics course")), 201)
    later = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    _ok(
        coordinator.post("/api/v1/events", json=_course("Not yet open", booking_opens_at=later)),
        201,
    )
    cancelled = _ok(coordinator.post("/api/v1/events", json=_course("Called off course")), 201)
    _ok(coordinator.post(f"/api/v1/events/{cancelled['id']}/cancel", json={}), 200)

    page = web("/courses")
    assert page.status_code == 200
    assert "Open phonics course" in page.text and "Tideway Hall" in page.text
    assert "Not yet open" not in page.text and "Called off course" not in page.text
    assert "Sign in to book" in page.text and "12 places left" in page.text
    event_page = web(
        re.search(r'href="(/events/[^"]+)"', page.text).group(1), allow_redirects=False
    )
    assert event_page.status_code in (302, 303) and "sign-in" in event_page.headers["Location"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        if tag == "img" and attrs.get("src", "").startswith("/"):
            self.links.append(attrs["src"])


def test_nothing_private_is_reachable_from_the_public_pages(as_private_user, web):
    coordinator = as_private_user("coordinator")
    coordinator.request("PATCH", f"/api/v1/schools/{DEMO_SCHOOL_URN}", json={"notes": SECRET_NOTE})
    post = {"title": SECRET_POST, "text": "Not for the public."}
    _ok(coordinator.post("/api/v1/spaces/group-inclusion/posts", json=post), 201)

    seen, todo = set(), ["/", "/about", "/constitution", "/faq", "/member-schools", "/courses"]
    while todo:
        path = todo.pop()
        if path in seen or path.startswith(("/static", "/sign-in", "/account", "/events/")):
            continue
        seen.add(path)
        response = web(path, allow_redirects=False)
        if response.status_code in (301, 302, 303):
            assert "sign-in" in response.headers["Location"], path  # a signed-in page: closed
            continue
        assert response.status_code == 200, path
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        text = response.text
        assert not EMAIL.search(text), (path, EMAIL.search(text).group(0))
        assert SECRET_POST not in text and SECRET_NOTE not in text, path
        parser = _Links()
        parser.feed(text)
        todo.extend(link for link in parser.links if link not in seen)
    assert f"/member-schools/{DEMO_SCHOOL_URN}" in seen and len(seen) > 10
