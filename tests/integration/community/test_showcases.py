"""School showcases: the school's headteacher or administrator (or the coordinator) publishes
entries with photos (images only, found from the content, within the size limit: a refused
photo names its field and nothing is stored); anyone reads the published ones and their
photos; a withdrawn entry and its photos are no longer public but are kept."""

import base64

import pytest

from community.storage import count_files
from contracts.errors import Forbidden, InvalidInput, NotFound, Unauthorized

from .conftest import MAX_BYTES, PDF, PNG, as_, encoded


def entry(**extra):
    return {"title": "Forest school", "text": "Every **Friday** <script>x</script>", **extra}


def test_the_head_publishes_with_a_photo_and_anyone_sees_it(community, rpc):
    photo = {"filename": "woods.png", "content": encoded(PNG), "description": " A den "}
    made = rpc.community.publish_showcase(100, entry(photos=[photo]), caller=as_("head-a"))
    assert made["published"] and made["school_urn"] == 100
    assert "<strong>Friday</strong>" in made["html"] and "<script>" not in made["html"]
    photo = made["photos"][0]
    assert photo["content_type"] == "image/png" and photo["size"] == len(PNG)
    assert photo["description"] == "A den"

    public = rpc.community.list_showcase(100)
    assert [e["id"] for e in public["items"]] == [made["id"]]
    got = rpc.community.get_showcase_photo(made["id"], photo["id"])
    assert base64.b64decode(got["content"]) == PNG and got["school_urn"] == 100
    assert rpc.community.list_showcase(200)["items"] == []


def test_who_may_edit_a_schools_showcase(community, rpc):
    rpc.community.publish_showcase(300, entry(), caller=as_("coord"))
    for who in ("teacher-a", "head-c", "la", "senco-c"):
        with pytest.raises(Forbidden):
            rpc.community.publish_showcase(100, entry(), caller=as_(who))
    with pytest.raises(Unauthorized):
        rpc.community.publish_showcase(100, entry())
    with pytest.raises(Forbidden):
        rpc.community.list_school_showcase(100, caller=as_("teacher-a"))
    assert rpc.community.list_showcase(100)["total"] == 0


@pytest.mark.parametrize(
    ("photo", "problem"),
    [
        ({"filename": "plan.pdf", "content": encoded(PDF)}, "Not a photo"),
        ({"filename": "big.png", "content": encoded(PNG + b"\0" * MAX_BYTES)}, "limit"),
        ({"filename": "pic.png", "content": encoded(PDF)}, "not what the name"),
        ({"filename": "empty.png", "content": ""}, "empty"),
        ({"filename": "x.png", "content": "not base64!"}, "base64"),
    ],
)
def test_a_bad_photo_is_refused_naming_the_field_and_nothing_is_stored(
    community, rpc, photo, problem
):
    before = count_files()
    good = {"filename": "ok.png", "content": encoded(PNG)}
    with pytest.raises(InvalidInput) as refused:
        rpc.community.publish_showcase(100, entry(photos=[good, photo]), caller=as_("head-a"))
    assert "photos.1.content" in refused.value.fields
    assert problem.lower() in str(refused.value.fields).lower() + refused.value.message.lower()
    assert count_files() == before
    assert rpc.community.list_school_showcase(100, caller=as_("head-a"))["total"] == 0


def test_a_withdrawn_entry_and_its_photos_are_no_longer_public(community, rpc):
    data = entry(photos=[{"filename": "woods.png", "content": encoded(PNG)}])
    made = rpc.community.publish_showcase(100, data, caller=as_("head-a"))
    with pytest.raises(Forbidden):
        rpc.community.withdraw_showcase(made["id"], caller=as_("teacher-a"))
    gone = rpc.community.withdraw_showcase(made["id"], caller=as_("head-a"))
    assert gone["published"] is False
    assert rpc.community.list_showcase(100)["total"] == 0
    with pytest.raises(NotFound):
        rpc.community.get_showcase_photo(made["id"], made["photos"][0]["id"])
    kept = rpc.community.list_school_showcase(100, caller=as_("head-a"))["items"]
    assert [e["published"] for e in kept] == [False]
