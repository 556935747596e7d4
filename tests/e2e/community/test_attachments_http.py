"""A file added to a post over HTTP (``POST /posts/{id}/attachments``): its author adds it and
those who may see the post download it with the right headers; others are refused; a file too
big is 413 naming ``file``, a disguised, unaccepted or empty one 422 naming ``file``, and
nothing is stored. Upload routes take bodies up to the attachment limit (a 5 MB file passes, an
11 MB one is 413 with the error body, never a reset connection) while other routes keep 1 MB."""

import base64

import pytest

from gateway.api.community_shapes import AttachmentHttpSchema, PostHttpSchema
from support.community_http import (
    MB,
    PDF,
    PNG,
    SPACE,
    conforms,
    error_fields,
    new_post,
    ok,
    outsider,
    title,
    wait_for_space,
)


@pytest.fixture(scope="module")
def people(platform, as_user):
    teacher = as_user("teacher")
    wait_for_space(teacher)
    return {
        "teacher": teacher,
        "head": as_user("headteacher"),
        "admin": as_user("school_admin"),
        "coordinator": as_user("coordinator"),
        "outsider": outsider(platform, as_user("coordinator")),
    }


@pytest.fixture(scope="module")
def post(people):
    return new_post(people["teacher"], "Linnet")


def _add(client, post_id, name, content, kind="application/octet-stream"):
    return client.post(
        f"/api/v1/posts/{post_id}/attachments", files={"file": (name, content, kind)}
    )


def _attachments(client, post_id) -> list:
    return ok(client.get(f"/api/v1/posts/{post_id}"), 200)["attachments"]


def test_the_author_adds_a_file_and_a_member_downloads_it(people, post):
    added = conforms(
        AttachmentHttpSchema, ok(_add(people["teacher"], post["id"], "Map.pdf", PDF), 201)
    )
    assert (added["filename"], added["content_type"], added["size"]) == (
        "Map.pdf",
        "application/pdf",
        len(PDF),
    )
    assert added["url"] == f"/api/v1/attachments/{added['id']}"
    response = people["head"].get(added["url"])
    assert response.status_code == 200, response.text
    assert response.content == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Map.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    shown = conforms(PostHttpSchema, ok(people["head"].get(f"/api/v1/posts/{post['id']}"), 200))
    assert added["id"] in [each["id"] for each in shown["attachments"]]


def test_a_file_as_json_base64(people, post):
    body = {"filename": "corner.png", "content": base64.b64encode(PNG).decode()}
    added = ok(people["teacher"].post(f"/api/v1/posts/{post['id']}/attachments", json=body), 201)
    assert added["content_type"] == "image/png"
    assert people["admin"].get(added["url"]).content == PNG


def test_only_the_author_adds_files_and_outsiders_see_nothing(people):
    made = new_post(people["teacher"], "Siskin", {"file": ("a.pdf", PDF, "application/pdf")})
    for who in ("head", "coordinator", "outsider"):
        refused = _add(people[who], made["id"], "b.pdf", PDF)
        assert refused.status_code in (403, 404), (who, refused.text)
        assert refused.json()["error"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    assert len(_attachments(people["teacher"], made["id"])) == 1
    download = people["outsider"].get(made["attachments"][0]["url"])
    assert download.status_code in (403, 404), download.text
    assert download.json()["error"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    unknown = _add(people["teacher"], "000000000000000000000000", "b.pdf", PDF)
    assert "post_id" in error_fields(unknown, 404)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("disguised.pdf", PNG),  # a PNG named as a PDF
        ("empty.pdf", b""),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100),  # a program
        ("page.txt", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_bad_file_is_422_naming_file_and_nothing_is_stored(people, post, name, content):
    before = _attachments(people["teacher"], post["id"])
    assert "file" in error_fields(_add(people["teacher"], post["id"], name, content), 422)
    assert _attachments(people["teacher"], post["id"]) == before


def test_bad_requests_name_the_field(people, post):
    path = f"/api/v1/posts/{post['id']}/attachments"
    teacher = people["teacher"]
    assert "file" in error_fields(teacher.post(path, data={"x": "1"}, files={}), 422)
    wrong = teacher.post(path, files={"upload": ("a.pdf", PDF)})
    assert "upload" in error_fields(wrong, 422)
    not_base64 = teacher.post(path, json={"filename": "a.pdf", "content": "%%%"})
    assert "content" in error_fields(not_base64, 422)
    assert "filename" in error_fields(teacher.post(path, json={"content": "AA=="}), 422)
    plain = teacher.post(path, data="file", headers={"Content-Type": "text/plain"})
    error_fields(plain, 415)


def test_a_five_mb_file_is_taken_on_both_upload_routes(people):
    five = b"%PDF-1.4\n" + b"0" * (5 * MB)
    made = new_post(people["teacher"], "Bunting", {"file": ("five.pdf", five, "application/pdf")})
    assert made["attachments"][0]["size"] == len(five)
    added = ok(_add(people["teacher"], made["id"], "again.pdf", five), 201)
    response = people["head"].get(added["url"], timeout=60)
    assert response.status_code == 200 and response.content == five


def test_an_eleven_mb_file_is_413_naming_file_and_stores_nothing(people, post):
    big = b"%PDF-1.4\n" + b"0" * (11 * MB)
    before = _attachments(people["teacher"], post["id"])
    response = _add(people["teacher"], post["id"], "big.pdf", big)
    assert "file" in error_fields(response, 413)
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert _attachments(people["teacher"], post["id"]) == before
    name = title("Ouzel")
    creating = people["teacher"].post(
        f"/api/v1/spaces/{SPACE}/posts",
        data={"title": name},
        files={"file": ("big.pdf", big, "application/pdf")},
    )
    assert "file" in error_fields(creating, 413)
    assert ok(people["teacher"].get("/api/v1/posts", params={"q": name}), 200)["total"] == 0


def test_a_file_just_past_the_limit_within_the_body_limit_is_413_too(people, post):
    over = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)  # 10 MiB and 9 bytes
    assert "file" in error_fields(_add(people["teacher"], post["id"], "over.pdf", over), 413)


def test_other_routes_keep_the_one_mb_limit(people, post):
    text = {"text": "x" * (2 * MB)}
    response = people["teacher"].post(f"/api/v1/posts/{post['id']}/comments", json=text)
    error_fields(response, 413)
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
