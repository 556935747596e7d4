"""The sharing practice pages over HTTP on the real gateway, as a browser sends them (a signed
session cookie, CSRF, multipart/form-data): a post with a file goes to the post's page and the
file downloads with the API's headers; files past the gateway's upload limit (answered before
anything reads them) and an empty file come back as the form with the problem by the file field
(413 and 400, an HTML page, never the API's JSON), and nothing is stored."""

import re

import pytest
import requests

from support.platform import DEMO_PASSWORD
from support.waiting import eventually

SPACE = "group-inclusion"
EMAIL = "wes.web@northshore.demo.partnership.test"
PDF = b"%PDF-1.4\n% Provision map\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _csrf(page: requests.Response) -> str:
    assert page.status_code == 200, page.text[:500]
    return CSRF.search(page.text).group(1)


def _title(page: requests.Response) -> str:
    return re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)


@pytest.fixture(scope="module")
def browser(private_platform, as_private_user):
    """A web session of a new teacher made a member of the Inclusion group."""
    coordinator = as_private_user("coordinator")
    person = {
        "email": EMAIL,
        "name": "Wes Web",
        "school_urn": 900001,
        "roles": ["teacher"],
        "password": DEMO_PASSWORD,
    }
    created = coordinator.post("/api/v1/people", json=person)
    assert created.status_code == 201, created.text
    member = {"person_id": created.json()["id"]}
    added = coordinator.post("/api/v1/groups/inclusion/members", json=member)
    assert added.status_code in (200, 201), added.text
    api = private_platform.client(EMAIL)
    eventually(lambda: api.get(f"/api/v1/spaces/{SPACE}").status_code == 200, 60, 1)
    session = requests.Session()
    base = private_platform.url
    token = _csrf(session.get(base + "/sign-in"))
    signed = session.post(
        base + "/sign-in",
        data={"csrf_token": token, "email": EMAIL, "password": DEMO_PASSWORD},
    )
    assert signed.status_code == 200 and signed.url.endswith("/home"), signed.url
    session.base = base
    session.api = api
    return session


def _post(browser, title: str, files: list, data: dict | None = None) -> requests.Response:
    token = _csrf(browser.get(f"{browser.base}/sharing/spaces/{SPACE}"))
    form = {"csrf_token": token, "title": title, "text": "Our **map**.", **(data or {})}
    sent = [("attachments", each) for each in files]
    return browser.post(
        f"{browser.base}/sharing/spaces/{SPACE}", data=form, files=sent, allow_redirects=False
    )


def _stored(browser, title: str) -> bool:
    found = browser.api.get("/api/v1/posts", params={"q": title, "space": SPACE}).json()
    return any(post["title"] == title for post in found["items"])


def test_a_post_with_a_file_is_published_and_the_file_downloads(browser):
    answer = _post(browser, "Northshore provision map", [("Provision map.pdf", PDF)])
    assert answer.status_code == 302, answer.text[:500]
    post_path = answer.headers["Location"]
    assert re.search(r"/sharing/posts/[^/]+$", post_path)
    page = browser.get(browser.base + post_path)
    assert page.status_code == 200 and "<strong>map</strong>" in page.text
    link = re.search(r'href="(/sharing/posts/[^"]+/files/[^"]+)"', page.text).group(1)
    assert "(PDF, " in page.text
    got = browser.get(browser.base + link)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"] == 'attachment; filename="Provision map.pdf"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"


def test_files_past_the_upload_limit_are_the_form_again_said_by_the_file_field(browser):
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 300 * 1024)
    answer = _post(browser, "Far too big a map", [("Big map.pdf", big)])
    assert answer.status_code == 413
    assert answer.headers["Content-Type"].startswith("text/html")
    assert _title(answer).startswith("Error: ")
    assert "The files must be smaller than 10 MB in total" in answer.text
    assert 'href="#attachments"' in answer.text
    assert not _stored(browser, "Far too big a map")


def test_an_empty_file_is_the_form_again_naming_it_and_nothing_is_stored(browser):
    answer = _post(browser, "An empty map", [("Empty map.pdf", b"")], {"tags": "send"})
    assert answer.status_code == 400
    assert _title(answer).startswith("Error: ")
    assert "Empty map.pdf: The file is empty." in answer.text
    assert not _stored(browser, "An empty map")
