"""The public website's pages in the community service: anyone reads them (default text until
the coordinator edits one), only the coordinator edits them, Markdown made safe, each change
recorded with who made it and when."""

import pytest

from contracts.errors import Forbidden, InvalidInput, NotFound, Unauthorized

from .conftest import as_


def test_every_page_has_default_text_anyone_may_read(community, rpc):
    for slug in ("home", "about", "constitution", "faq"):
        page = rpc.community.get_site_page(slug)
        assert page["slug"] == slug and page["title"] and page["html"].startswith("<")
        assert page["updated_at"] is None and page["changes"] == []
    assert "Membership" in rpc.community.get_site_page("constitution")["text"]
    with pytest.raises(NotFound) as refused:
        rpc.community.get_site_page("staff-list")
    assert "slug" in refused.value.fields


def test_the_coordinator_edits_a_page_and_the_change_is_recorded(community, rpc):
    data = {"title": "FAQ", "text": "## Parking?\n\nYes, **plenty**. <script>alert(1)</script>"}
    page = rpc.community.update_site_page("faq", data, caller=as_("coord"))
    assert "<strong>plenty</strong>" in page["html"] and "<script>" not in page["html"]
    assert page["updated_at"] and page["changes"][0]["by_id"] == "coord"
    assert page["changes"][0]["by_name"] == "Coordinator"

    public = rpc.community.get_site_page("faq")
    assert public["title"] == "FAQ" and "Parking?" in public["html"]
    assert public["changes"] == []  # who edited it is not public

    again = rpc.community.update_site_page("faq", {**data, "title": "Q&A"}, caller=as_("coord"))
    assert len(again["changes"]) == 2 and again["title"] == "Q&A"


def test_only_the_coordinator_edits_and_bad_input_names_the_field(community, rpc):
    data = {"title": "Ours now", "text": "text"}
    for who in ("head-a", "la", "teacher-a"):
        with pytest.raises(Forbidden):
            rpc.community.update_site_page("about", data, caller=as_(who))
    with pytest.raises(Unauthorized):
        rpc.community.update_site_page("about", data)
    with pytest.raises(InvalidInput) as refused:
        rpc.community.update_site_page("about", {"title": "", "text": "x"}, caller=as_("coord"))
    assert "title" in refused.value.fields
    with pytest.raises(NotFound):
        rpc.community.update_site_page("nope", data, caller=as_("coord"))
    assert rpc.community.get_site_page("about")["title"] == "About the partnership"
