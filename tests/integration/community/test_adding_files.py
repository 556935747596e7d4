"""A file added to a post afterwards (``add_attachment``): its author adds it and those who may
see the post download it; anyone else is refused; a file too big, disguised or empty is refused
naming ``content``, and a sixth file is a conflict; a refusal stores nothing in GridFS."""

import base64

import pytest

from community.storage import count_files
from contracts.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import MAX_BYTES, PDF, PNG, as_, encoded

INCLUSION = "group-inclusion"


@pytest.fixture
def post(community, rpc):
    rpc.community.sync_spaces(caller=as_("coord"))
    data = {"title": "Our SEND map", "text": "See the files."}
    return rpc.community.publish_post(INCLUSION, data, caller=as_("teacher-a"))


def test_the_author_adds_a_file_a_member_downloads_it(rpc, post):
    upload = {"filename": "map.pdf", "content": encoded(PDF)}
    added = rpc.community.add_attachment(post["id"], upload, caller=as_("teacher-a"))
    assert (added["filename"], added["content_type"], added["size"]) == (
        "map.pdf",
        "application/pdf",
        len(PDF),
    )
    got = rpc.community.get_attachment(post["id"], added["id"], caller=as_("senco-c"))
    assert base64.b64decode(got["content"]) == PDF
    shown = rpc.community.get_post(post["id"], caller=as_("senco-c"))
    assert [a["id"] for a in shown["attachments"]] == [added["id"]]
    assert count_files() == 1


@pytest.mark.parametrize("who", ["senco-c", "coord", "teacher-b"])
def test_only_the_author_adds_files(rpc, post, who):
    upload = {"filename": "map.pdf", "content": encoded(PDF)}
    with pytest.raises(Forbidden):
        rpc.community.add_attachment(post["id"], upload, caller=as_(who))
    assert count_files() == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (encoded(b"%PDF-1.4\n" + b"0" * MAX_BYTES), "Larger than the limit"),
        (encoded(PNG), "not what the name"),
        ("", "empty"),
    ],
)
def test_a_bad_file_is_refused_naming_content_and_nothing_is_stored(rpc, post, content, problem):
    with pytest.raises(InvalidInput) as refused:
        rpc.community.add_attachment(
            post["id"], {"filename": "map.pdf", "content": content}, caller=as_("teacher-a")
        )
    assert problem in refused.value.fields["content"][0]
    assert rpc.community.get_post(post["id"], caller=as_("teacher-a"))["attachments"] == []
    assert count_files() == 0


def test_a_sixth_file_is_a_conflict_and_unknown_posts_are_named(rpc, post):
    upload = {"filename": "map.pdf", "content": encoded(PDF)}
    for _ in range(5):
        rpc.community.add_attachment(post["id"], upload, caller=as_("teacher-a"))
    with pytest.raises(Conflict) as full:
        rpc.community.add_attachment(post["id"], upload, caller=as_("teacher-a"))
    assert "post_id" in full.value.fields
    assert count_files() == 5
    with pytest.raises(NotFound) as unknown:
        rpc.community.add_attachment("nothing", upload, caller=as_("teacher-a"))
    assert "post_id" in unknown.value.fields
