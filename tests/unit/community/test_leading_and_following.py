"""Who leads a group's space (pins, publishes the feedback to heads), who sees that feedback,
half terms and excerpts (community.permissions, community.domain: pure)."""

from datetime import date
from types import SimpleNamespace

import pytest

from community import permissions
from community.domain import SpaceView, Viewer, excerpt, parse_half_term
from contracts.caller import Caller
from contracts.errors import Forbidden

GROUP = SpaceView(id="group-inclusion", kind="group", source_id="inclusion")
CLUSTER = SpaceView(id="cluster-north", kind="cluster", source_id="north")
TODAY = date(2026, 10, 1)


def viewer(roles=("teacher",), **known):
    return Viewer(caller=Caller("p", tuple(roles), 100), **known)


def feedback(**fields):
    base = {"author_id": "chair", "partnership_wide": False, "hidden": False, "kind": "feedback"}
    return SimpleNamespace(**{**base, **fields})


def test_the_chair_secretary_and_coordinator_lead_a_group_space():
    assert permissions.may_lead(viewer(chairs=frozenset({"inclusion"})), GROUP)
    assert permissions.may_lead(viewer(secretaries=frozenset({"inclusion"})), GROUP)
    assert permissions.may_lead(viewer(roles=("coordinator",)), GROUP)
    assert not permissions.may_lead(viewer(groups=frozenset({"inclusion"})), GROUP)
    assert not permissions.may_lead(viewer(roles=("la_officer",)), GROUP)
    with pytest.raises(Forbidden):
        permissions.check_may_pin(viewer(groups=frozenset({"inclusion"})), GROUP)


def test_feedback_comes_from_a_group_space_open_for_posts():
    chair = viewer(chairs=frozenset({"inclusion"}))
    permissions.check_may_publish_feedback(chair, GROUP, TODAY)
    with pytest.raises(Forbidden):
        permissions.check_may_publish_feedback(viewer(roles=("coordinator",)), CLUSTER, TODAY)
    archived = SpaceView(id=GROUP.id, kind="group", source_id="inclusion", active=False)
    with pytest.raises(Forbidden):
        permissions.check_may_publish_feedback(chair, archived, TODAY)


def test_every_headteacher_sees_the_feedback_but_not_a_hidden_one():
    head = viewer(roles=("headteacher",))
    assert permissions.may_see_post(head, GROUP, feedback())
    assert not permissions.may_see_post(head, GROUP, feedback(kind="post"))
    assert not permissions.may_see_post(viewer(), GROUP, feedback())
    assert not permissions.may_see_post(head, GROUP, feedback(hidden=True))


def test_a_service_neither_reports_nor_follows_and_only_a_service_lists_followers():
    service = Viewer(caller=Caller.service("notifications"))
    with pytest.raises(Forbidden):
        permissions.check_may_report(service, GROUP, feedback(kind="post"))
    with pytest.raises(Forbidden):
        permissions.check_may_follow(service.caller)
    with pytest.raises(Forbidden):
        permissions.check_may_list_followers(viewer().caller)
    permissions.check_may_list_followers(service.caller)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-27 autumn 1", "2026-27 autumn 1"),
        ("2026/2027 Spring 2", "2026-27 spring 2"),
        (" 2099-00 SUMMER 1 ", "2099-00 summer 1"),
        ("2026-28 autumn 1", None),
        ("2026-27 autumn 3", None),
        ("autumn", None),
        ("", None),
    ],
)
def test_half_terms_have_one_spelling(text, expected):
    assert parse_half_term(text) == expected


def test_an_excerpt_is_short_plain_words():
    assert excerpt("# Title\n\nSome **bold** <b>text</b>") == "Title Some bold text"
    assert len(excerpt("word " * 200)) == 200 and excerpt("word " * 200).endswith("…")
