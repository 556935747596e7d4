"""Sharing practice over HTTP: a teacher posts a resource with a file to the Inclusion group's
space, a member downloads it with the right headers, a non-member is refused, bad uploads are a
4xx naming the field (nothing stored), and search finds the post."""

import base64
import itertools

import pytest

from support.platform import DEMO_PASSWORD, DEMO_SCHOOL_URN
from support.waiting import eventually

SPACE = "group-inclusion"
MEMBER = "inclusion.member@gullwing.demo.partnership.test"
PDF = b"%PDF-1.4\n% Inclusion toolkit\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
_counter = itertools.count()


def _ok(response, *statuses):
    assert response.status_code in statuses, response.text
    return response.json()


def _error_fields(response, status) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error.get("fields") or {}


@pytest.fixture(scope="module")
def people(private_platform, as_private_user):
    """The teacher and a new person made members of the Inclusion group (its demo chair and
    secretary cannot sign in); Northshore's head is no member."""
    coordinator = as_private_user("coordinator")
    group = _ok(coordinator.get("/api/v1/groups/inclusion"), 200)
    insiders = {*group["members"], group["chair_person_id"], group["secretary_person_id"]}
    teacher_id = _ok(as_private_user("teacher").get("/api/v1/me"), 200)["id"]
    head_id = _ok(as_private_user("headteacher").get("/api/v1/me"), 200)["id"]
    assert teacher_id not in insiders and head_id not in insiders
    member = {
        "email": MEMBER,
        "name": "Ines Inclusion",
        "school_urn": 900002,
        "roles": ["senco"],
        "password": DEMO_PASSWORD,
    }
    member_id = _ok(coordinator.post("/api/v1/people", json=member), 201)["id"]
    for person_id in (teacher_id, member_id):
        _ok(
            coordinator.post("/api/v1/groups/inclusion/members", json={"person_id": person_id}),
            200,
            201,
        )
    teacher = as_private_user("teacher")
    member_client = private_platform.client(MEMBER)

    def sees_space(client):
        spaces = client.get("/api/v1/spaces").json().get("items", [])
        return any(space["id"] == SPACE for space in spaces)

    # the community asks the directory who is in which group at most every 30 s
    eventually(lambda: sees_space(teacher) and sees_space(member_client), 45, 1)
    return {
        "teacher": teacher,
        "member": member_client,
        "outsider": as_private_user("headteacher"),
        "coordinator": coordinator,
    }


def _title(word: str) -> str:
    return f"{word} inclusion toolkit {next(_counter)}"


def _publish_pdf(teacher, title: str):
    form = {
        "title": title,
        "body": "How we map **provision**.",
        "tags": "send",
        "phases": "primary",
    }
    files = {"file": ("Toolkit map.pdf", PDF, "application/pdf")}
    return teacher.post(f"/api/v1/spaces/{SPACE}/posts", data=form, files=files)


@pytest.fixture(scope="module")
def post(people):
    return _ok(_publish_pdf(people["teacher"], _title("Zebrafinch")), 201)


def test_the_group_space_is_listed_as_the_groups(people):
    spaces = _ok(people["member"].get("/api/v1/spaces"), 200)["items"]
    space = next(each for each in spaces if each["id"] == SPACE)
    assert (space["kind"], space["group_id"], space["name"]) == ("group", "inclusion", "Inclusion")
    assert _ok(people["member"].get(f"/api/v1/spaces/{SPACE}"), 200)["id"] == SPACE


def test_a_teacher_posts_a_resource_with_a_file(post):
    assert post["space_id"] == SPACE and post["tags"] == ["send"] and post["phases"] == ["Primary"]
    assert "<strong>provision</strong>" in post["html"] and post["body"] == post["text"]
    (attachment,) = post["attachments"]
    assert attachment["content_type"] == "application/pdf"
    assert attachment["size"] == len(PDF) and attachment["filename"] == "Toolkit map.pdf"
    assert attachment["url"] == f"/api/v1/attachments/{attachment['id']}"


def test_a_member_downloads_it_with_the_right_headers(people, post):
    member = people["member"]
    for path in (f"/api/v1/posts/{post['id']}/attachments/0", post["attachments"][0]["url"]):
        response = member.get(path)
        assert response.status_code == 200, response.text
        assert response.content == PDF
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="Toolkit map.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    seen = _ok(member.get(f"/api/v1/spaces/{SPACE}/posts"), 200)
    assert post["id"] in [each["id"] for each in seen["items"]]


def test_a_non_member_can_neither_see_the_post_nor_download_it(people, post):
    outsider = people["outsider"]
    for path in (
        f"/api/v1/spaces/{SPACE}",
        f"/api/v1/spaces/{SPACE}/posts",
        f"/api/v1/posts/{post['id']}",
        f"/api/v1/posts/{post['id']}/attachments/0",
        post["attachments"][0]["url"],
    ):
        response = outsider.get(path)
        assert response.status_code in (403, 404), (path, response.text)
        assert response.json()["error"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    found = _ok(outsider.get("/api/v1/posts", params={"q": "zebrafinch"}), 200)
    assert found["total"] == 0


def test_an_unknown_attachment_is_404_naming_it(people, post):
    member = people["member"]
    for path in (
        f"/api/v1/posts/{post['id']}/attachments/3",
        f"/api/v1/posts/{post['id']}/attachments/nothing",
        "/api/v1/attachments/nothing",
        f"/api/v1/attachments/{post['id']}-000000000000000000000000",
    ):
        assert "attachment_id" in _error_fields(member.get(path), 404), path


def test_search_finds_it_by_words_tag_phase_and_school(people, post):
    member = people["member"]
    for query in (
        {"q": "zebrafinch toolkit"},
        {"tag": "send", "q": "zebrafinch"},
        {"phase": "primary", "q": "zebrafinch"},
        {"school": DEMO_SCHOOL_URN, "q": "zebrafinch"},
        {"space": SPACE, "q": "zebrafinch"},
    ):
        found = _ok(member.get("/api/v1/posts", params=query), 200)
        assert [each["id"] for each in found["items"]] == [post["id"]], query
    assert (
        _ok(member.get("/api/v1/posts", params={"q": "zebrafinch", "school": 900002}), 200)["total"]
        == 0
    )
    bad = member.get("/api/v1/posts", params={"phase": "kindergarten"})
    assert "phase" in _error_fields(bad, 422)


def test_a_post_with_base64_json_attachments(people):
    body = {
        "title": _title("Heron"),
        "body": "A picture of our calm corner.",
        "attachments": [{"filename": "corner.png", "content": base64.b64encode(PNG).decode()}],
    }
    made = _ok(people["teacher"].post(f"/api/v1/spaces/{SPACE}/posts", json=body), 201)
    assert made["attachments"][0]["content_type"] == "image/png"
    response = people["member"].get(made["attachments"][0]["url"])
    assert response.status_code == 200 and response.content == PNG
    assert response.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("disguised.pdf", PNG, "attachments.0.content"),
        ("empty.pdf", b"", "attachments.0.content"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "attachments.0.content"),
    ],
)
def test_a_bad_upload_is_422_naming_the_field_and_stores_nothing(people, name, content, field):
    title = _title("Kestrel")
    files = {"file": (name, content, "application/pdf")}
    response = people["teacher"].post(
        f"/api/v1/spaces/{SPACE}/posts", data={"title": title}, files=files
    )
    assert field in _error_fields(response, 422)
    found = _ok(people["member"].get("/api/v1/posts", params={"q": title}), 200)
    assert found["total"] == 0


def test_bad_requests_are_4xx_naming_the_field(people):
    teacher, path = people["teacher"], f"/api/v1/spaces/{SPACE}/posts"
    assert "title" in _error_fields(teacher.post(path, json={"body": "No title"}), 422)
    not_base64 = {"title": "T", "attachments": [{"filename": "a.pdf", "content": "%%%"}]}
    assert "attachments.0.content" in _error_fields(teacher.post(path, json=not_base64), 422)
    odd = teacher.post(path, data={"title": "T", "colour": "red"}, files={"x": ("a", b"a")})
    assert {"colour", "x"} <= set(_error_fields(odd, 422))
    flag = teacher.post(path, data={"title": "T", "partnership_wide": "maybe"}, files={})
    assert "partnership_wide" in _error_fields(flag, 422)
    plain = teacher.post(path, data="title=T", headers={"Content-Type": "text/plain"})
    _error_fields(plain, 415)
    assert "tags.0" in _error_fields(teacher.post(path, json={"title": "T", "tags": ["x"]}), 422)


def test_a_request_over_the_limit_is_413_with_the_error_body(people):
    big = b"%PDF-1.4\n" + b"0" * (11 * 1000 * 1000)  # past the 10 MiB attachment limit
    response = people["teacher"].post(
        f"/api/v1/spaces/{SPACE}/posts",
        data={"title": _title("Albatross")},
        files={"file": ("big.pdf", big, "application/pdf")},
    )
    assert "file" in _error_fields(response, 413)
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_comments_marks_and_hiding(people):
    made = _ok(_publish_pdf(people["teacher"], _title("Puffin")), 201)
    member, post_path = people["member"], f"/api/v1/posts/{made['id']}"
    comment = _ok(member.post(f"{post_path}/comments", json={"text": "We tried it."}), 201)
    assert comment["post_id"] == made["id"]
    listed = _ok(member.get(f"{post_path}/comments"), 200)
    assert [each["id"] for each in listed["items"]] == [comment["id"]]
    assert _ok(member.post(f"{post_path}/marks"), 200)["helped_count"] == 1
    assert _ok(member.post(f"{post_path}/marks"), 200)["helped_count"] == 1
    assert "reason" in _error_fields(people["coordinator"].post(f"{post_path}/hide", json={}), 422)
    refused = member.post(f"{post_path}/hide", json={"reason": "Off topic"})
    assert refused.status_code == 403, refused.text
    hidden = _ok(people["coordinator"].post(f"{post_path}/hide", json={"reason": "Duplicate"}), 200)
    assert hidden["hidden"] and hidden["hidden_reason"] == "Duplicate"
    assert member.get(post_path).status_code in (403, 404)
    assert people["teacher"].get(post_path).status_code == 200  # its author still sees it


def test_the_coordinator_opens_a_space(people):
    body = {"kind": "working_party", "name": "Transition working party"}
    space = _ok(people["coordinator"].post("/api/v1/spaces", json=body), 201)
    assert (space["kind"], space["opened_kind"]) == ("other", "working_party")
    refused = people["teacher"].post("/api/v1/spaces", json=body)
    assert refused.status_code == 403, refused.text
    project = {"kind": "project", "name": "Reading project"}
    assert "ends_on" in _error_fields(
        people["coordinator"].post("/api/v1/spaces", json=project), 422
    )
