"""The sharing practice pages with a Flask test client and the services stood in for: spaces
grouped by kind, a search kept in the query string, a space's posts with the form to post
(multipart, files base64 to the community), a refused file shown by the file field (never a
500), a request too big for the gateway said on the file field, downloads with the API's
headers, what only a group's officers are offered, and a refusal as the 403 page."""

import base64
import io
import re

import pytest
from unit.gateway.stand_in import replace_calls

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden, InvalidInput
from gateway import auth
from gateway.app import create_app
from gateway.web import (
    community,
    community_lead,
    community_moderation,
    community_posts,
    names,
)

TEACHER = Caller(id="p-teacher", roles=("teacher",), school_urn=100001, name="Tess Teacher")
PDF = b"%PDF-1.4\n% a toolkit\n%%EOF\n"
SPACE = {
    "id": "group-inclusion",
    "kind": "group",
    "name": "Inclusion",
    "description": "",
    "source_id": "inclusion",
    "open_for_posts": True,
    "post_count": 2,
    "may_post": True,
    "may_lead": False,
    "may_moderate": False,
}
POST = {
    "id": "post1",
    "space_id": "group-inclusion",
    "space_name": "Inclusion",
    "title": "Zones of regulation toolkit",
    "text": "How we **map** provision",
    "html": "<p>How we <strong>map</strong> provision</p>",
    "tags": ["send"],
    "phases": ["Primary"],
    "partnership_wide": False,
    "author_id": "p-teacher",
    "author_name": "Tess Teacher",
    "school_urn": 100001,
    "published_at": "2026-11-30T10:00:00+00:00",
    "attachments": [
        {"id": "f1", "filename": "Toolkit map.pdf", "content_type": "application/pdf", "size": 812}
    ],
    "helped_count": 3,
    "helped_by_me": False,
    "comment_count": 0,
    "hidden": False,
    "kind": "post",
    "pinned": True,
}


class Services:
    """The community and directory stood in for: canned answers, every call recorded."""

    def __init__(self):
        self.calls = []
        self.space = dict(SPACE)
        self.refuse = None

    def __call__(self, service, method, *args):
        self.calls.append((method, *args))
        if self.refuse and method == self.refuse[0]:
            raise self.refuse[1]
        answers = {
            "list_spaces": {
                "items": [
                    SPACE,
                    {**SPACE, "id": "cluster-north", "kind": "cluster", "name": "North"},
                    {**SPACE, "id": "s3", "kind": "project", "name": "Oracy project"},
                ],
                "total": 3,
            },
            "get_space": self.space,
            "search_posts": {"items": [POST], "total": 1},
            "list_follows": {"items": [], "total": 0},
            "list_support_areas": {"items": [{"id": "send", "name": "SEND"}], "total": 1},
            "list_schools": {"items": [{"urn": 100001, "name": "Northshore Primary"}], "total": 1},
            "get_post": POST,
            "list_comments": {"items": [], "total": 0},
            "publish_post": POST,
            "pin_post": POST,
            "unpin_post": POST,
            "follow": {"items": [], "total": 0},
            "hide_post": POST,
            "hide_comment": {"id": "c1"},
            "dismiss_report": {"id": "r1", "space_id": "group-inclusion"},
            "list_people": {"items": [{"id": "p-member", "name": "Ines Inclusion"}], "total": 1},
            "list_reports": {
                "items": [
                    {
                        "id": "r1",
                        "target_kind": "post",
                        "target_id": "post1",
                        "post_id": "post1",
                        "space_id": "group-inclusion",
                        "reason": "It names a pupil.",
                        "reported_by": "p-member",
                        "reported_at": "2026-12-01T09:00:00+00:00",
                        "status": "open",
                    }
                ],
                "total": 1,
            },
            "publish_feedback": {**POST, "id": "fb1", "kind": "feedback"},
            "get_attachment": {
                **POST["attachments"][0],
                "content": base64.b64encode(PDF).decode(),
            },
        }
        if method not in answers:
            raise AssertionError(f"unexpected call {method}")
        return answers[method]

    def called(self, method):
        return [c for c in self.calls if c[0] == method]


@pytest.fixture
def services(monkeypatch):
    fake = Services()
    for module in (community, community_posts, community_lead, community_moderation, names):
        replace_calls(monkeypatch, module, fake)
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": TEACHER.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda *args, **kwargs: TEACHER)
    return fake


@pytest.fixture
def app(services):
    return create_app(
        {
            "TESTING": True,
            "AMQP_URI": "amqp://x@127.0.0.1:1/",
            "ATTACHMENT_MAX_BYTES": 64 * 1024,
            "UPLOAD_MAX_BYTES": 64 * 1024,
        }
    )


@pytest.fixture
def client(app):
    with app.test_client() as client:
        with client.session_transaction() as session:
            session["token"] = "a-token"
        yield client


def _csrf(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)


def _title(page) -> str:
    return re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)


def test_my_spaces_by_kind_and_a_search_kept_in_the_query_string(client, services):
    page = client.get("/sharing")
    assert page.status_code == 200
    text = page.text
    assert text.index("Strategic groups") < text.index("Clusters") < text.index("Other spaces")
    assert 'href="/sharing/spaces/cluster-north"' in text
    (latest,) = services.called("search_posts")  # without a search: the latest posts
    assert (latest[1]["sort"], latest[1]["per_page"]) == ("recent", 5)
    assert "Latest posts" in text and "Zones of regulation toolkit" in text
    services.calls.clear()
    found = client.get("/sharing?q=zones&tag=send&phase=Primary&school=100001")
    assert found.status_code == 200
    (asked,) = services.called("search_posts")
    assert asked[1]["q"] == "zones" and asked[1]["tag"] == "send"
    assert (asked[1]["phase"], asked[1]["school_urn"]) == ("Primary", 100001)
    assert "Zones of regulation toolkit" in found.text and "Northshore Primary" in found.text


@pytest.mark.parametrize("query", ["phase=Nonsense", "tag=nowhere", "school=abc", "q=" + "x" * 201])
def test_a_bad_search_is_a_400_with_its_problems_not_a_500(client, services, query):
    page = client.get("/sharing?" + query)
    assert page.status_code == 400
    assert _title(page).startswith("Error: ") and "govuk-error-summary" in page.text
    assert not services.called("search_posts")


def test_a_space_shows_pinned_posts_names_and_the_form_to_post(client, services):
    page = client.get("/sharing/spaces/group-inclusion")
    assert page.status_code == 200
    text = page.text
    assert "Pinned" in text and "Tess Teacher, Northshore Primary" in text
    assert 'enctype="multipart/form-data"' in text and 'name="csrf_token"' in text
    assert 'type="file"' in text and "SEND" in text
    assert "Publish half-termly feedback" not in text and "Reports to review" not in text
    assert services.called("search_posts")[0][1]["space_id"] == "group-inclusion"


def test_the_groups_officers_are_offered_pinning_feedback_and_reports(client, services):
    services.space.update(may_lead=True, may_moderate=True)
    text = client.get("/sharing/spaces/group-inclusion").text
    assert "Publish half-termly feedback" in text and "Reports to review" in text
    assert "Unpin" in text


def test_posting_sends_the_files_base64_and_goes_to_the_post(client, services):
    token = _csrf(client, "/sharing/spaces/group-inclusion")
    form = {
        "csrf_token": token,
        "title": "Toolkit",
        "text": "Our **map**",
        "tags": "send",
        "phases": "Primary",
        "partnership_wide": "y",
        "attachments": (io.BytesIO(PDF), "Toolkit map.pdf"),
    }
    sent = client.post("/sharing/spaces/group-inclusion", data=form)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/sharing/posts/post1")
    (call,) = services.called("publish_post")
    data = call[2]
    assert (data["title"], data["tags"], data["phases"]) == ("Toolkit", ["send"], ["Primary"])
    assert data["partnership_wide"] is True
    assert data["attachments"] == [
        {"filename": "Toolkit map.pdf", "content": base64.b64encode(PDF).decode()}
    ]


def test_a_refused_file_is_shown_by_the_file_field(client, services):
    token = _csrf(client, "/sharing/spaces/group-inclusion")
    services.refuse = (
        "publish_post",
        InvalidInput(
            "The attachment empty.pdf is empty.", {"attachments.0.content": ["The file is empty."]}
        ),
    )
    form = {"csrf_token": token, "title": "T", "attachments": (io.BytesIO(b""), "empty.pdf")}
    page = client.post("/sharing/spaces/group-inclusion", data=form)
    assert page.status_code == 400
    assert _title(page).startswith("Error: ")
    assert 'href="#attachments"' in page.text
    assert "empty.pdf: The file is empty." in page.text


def test_a_post_without_a_title_asks_nothing_of_the_community(client, services):
    token = _csrf(client, "/sharing/spaces/group-inclusion")
    page = client.post("/sharing/spaces/group-inclusion", data={"csrf_token": token})
    assert page.status_code == 400 and "Enter a title" in page.text
    assert not services.called("publish_post")


def test_files_too_big_for_the_gateway_are_said_by_the_file_field(client, services):
    token = _csrf(client, "/sharing/spaces/group-inclusion")
    form = {"csrf_token": token, "title": "T", "attachments": (io.BytesIO(b"x" * 70_000), "a.pdf")}
    page = client.post("/sharing/spaces/group-inclusion", data=form)
    assert page.status_code == 413
    assert _title(page).startswith("Error: ")
    assert "The files must be smaller than 0.0625 MB in total" in page.text
    assert not services.called("publish_post")


def test_a_download_has_the_apis_headers(client, services):
    got = client.get("/sharing/posts/post1/files/f1")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"] == 'attachment; filename="Toolkit map.pdf"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert services.called("get_attachment") == [("get_attachment", "post1", "f1")]


def test_the_post_page_links_its_files_with_size_and_type(client, services):
    page = client.get("/sharing/posts/post1")
    assert page.status_code == 200
    assert 'href="/sharing/posts/post1/files/f1"' in page.text
    assert "(PDF, 812 bytes)" in page.text
    assert "<strong>map</strong>" in page.text and "This helped us" in page.text


def test_a_space_the_caller_may_not_see_is_the_403_page(client, services):
    services.refuse = ("get_space", Forbidden("Only the space's members may see it."))
    page = client.get("/sharing/spaces/group-inclusion")
    assert page.status_code == 403 and "members may see it" in page.text
    assert "<html" in page.text


def test_the_chair_pins_a_post_and_a_member_follows_the_space(client, services):
    token = _csrf(client, "/sharing/spaces/group-inclusion")
    pinned = client.post("/sharing/posts/post1/pin", data={"csrf_token": token})
    assert pinned.status_code == 302
    assert pinned.headers["Location"].endswith("/sharing/spaces/group-inclusion")
    client.post("/sharing/posts/post1/pin", data={"csrf_token": token, "unpin": "1"})
    assert [c[0] for c in services.calls if "pin" in c[0]] == ["pin_post", "unpin_post"]
    followed = client.post("/sharing/spaces/group-inclusion/follow", data={"csrf_token": token})
    assert followed.status_code == 302
    assert services.called("follow") == [("follow", {"space_id": "group-inclusion"})]


def test_a_form_post_without_its_csrf_token_is_refused(client, services):
    page = client.post("/sharing/posts/post1/pin")
    assert page.status_code == 400 and "Your form has expired" in page.text
    assert not services.called("pin_post")


def test_the_reports_name_the_post_and_who_reported_it_and_one_is_dismissed(client, services):
    page = client.get("/sharing/reports?space=group-inclusion")
    assert page.status_code == 200
    assert "Zones of regulation toolkit" in page.text and "Reported by Ines Inclusion" in page.text
    (asked,) = services.called("list_reports")
    assert asked[1]["space_id"] == "group-inclusion" and asked[1]["status"] == "open"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    sent = client.post(
        "/sharing/reports/r1/dismiss", data={"csrf_token": token, "space": "group-inclusion"}
    )
    assert sent.status_code == 302 and "space=group-inclusion" in sent.headers["Location"]
    assert services.called("dismiss_report") == [("dismiss_report", "r1")]


def test_hiding_a_post_needs_a_reason_its_author_is_told(client, services):
    token = _csrf(client, "/sharing/posts/post1/hide")
    empty = client.post("/sharing/posts/post1/hide", data={"csrf_token": token, "reason": " "})
    assert empty.status_code == 400 and "Enter why you are hiding this" in empty.text
    assert not services.called("hide_post")
    sent = client.post(
        "/sharing/posts/post1/hide", data={"csrf_token": token, "reason": "It names a pupil."}
    )
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/sharing/posts/post1")
    assert services.called("hide_post") == [("hide_post", "post1", {"reason": "It names a pupil."})]


def test_the_feedback_form_is_for_the_groups_officers_only(client, services):
    page = client.get("/sharing/spaces/group-inclusion/feedback")
    assert page.status_code == 403 and "chair or secretary" in page.text
    services.space.update(may_lead=True)
    page = client.get("/sharing/spaces/group-inclusion/feedback")
    assert page.status_code == 200
    assert re.search(
        r'name="half_term"[^>]*value="20\d\d-\d\d (autumn|spring|summer) [12]"', page.text
    )


def test_a_second_feedback_for_the_half_term_is_shown_by_its_field(client, services):
    services.space.update(may_lead=True)
    token = _csrf(client, "/sharing/spaces/group-inclusion/feedback")
    services.refuse = ("publish_feedback", Conflict("Feedback for 2026-27 autumn 2 is published."))
    form = {"csrf_token": token, "half_term": "2026-27 autumn 2", "title": "Our half term"}
    page = client.post("/sharing/spaces/group-inclusion/feedback", data=form)
    assert page.status_code == 409 and _title(page).startswith("Error: ")
    assert 'href="#half_term"' in page.text and "is published" in page.text
    services.refuse = None
    sent = client.post("/sharing/spaces/group-inclusion/feedback", data=form)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/sharing/posts/fb1")
    (call,) = [c for c in services.called("publish_feedback")][-1:]
    assert call[2]["half_term"] == "2026-27 autumn 2" and call[2]["attachments"] == []
