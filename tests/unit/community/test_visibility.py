"""Who sees a space or a post, who posts and who hides (community.permissions, pure)."""

from datetime import date
from types import SimpleNamespace

import pytest

from community import permissions
from community.domain import SpaceView, Viewer, open_for_posts
from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized

GROUP = SpaceView(id="group-inclusion", kind="group", source_id="inclusion")
CLUSTER = SpaceView(id="cluster-north", kind="cluster", source_id="north")
ASSOCIATION = SpaceView(id="a", kind="association", phase="Secondary", member_ids=("guest",))


def viewer(person="t", roles=("teacher",), urn=100, **known):
    return Viewer(caller=Caller(person, tuple(roles), urn), **known)


def post(**fields):
    return SimpleNamespace(
        **{"author_id": "author", "partnership_wide": False, "hidden": False, **fields}
    )


def test_a_group_space_is_its_members_and_the_partnership_roles():
    assert permissions.may_see_space(viewer(groups=frozenset({"inclusion"})), GROUP)
    assert not permissions.may_see_space(viewer(groups=frozenset({"cpd"})), GROUP)
    assert permissions.may_see_space(viewer(roles=("la_officer",), urn=None), GROUP)
    assert permissions.may_see_space(viewer(roles=("coordinator",), urn=None), GROUP)


def test_a_cluster_space_is_the_staff_of_its_schools():
    assert permissions.may_see_space(viewer(cluster="north"), CLUSTER)
    assert not permissions.may_see_space(viewer(cluster="south"), CLUSTER)
    assert not permissions.may_see_space(viewer(urn=None), CLUSTER)


def test_an_opened_space_is_its_members_and_its_phase():
    assert permissions.may_see_space(viewer(phase="Secondary"), ASSOCIATION)
    assert permissions.may_see_space(viewer(person="guest", phase="Primary"), ASSOCIATION)
    assert not permissions.may_see_space(viewer(phase="Primary"), ASSOCIATION)


def test_a_partnership_wide_post_is_seen_by_everyone_signed_in():
    assert permissions.may_see_post(viewer(), GROUP, post(partnership_wide=True))
    assert not permissions.may_see_post(viewer(), GROUP, post())
    with pytest.raises(Unauthorized):
        permissions.check_may_see_post(
            Viewer(caller=Caller.anonymous()), GROUP, post(partnership_wide=True)
        )


def test_a_hidden_post_is_its_author_and_the_moderators_only():
    hidden = post(hidden=True, partnership_wide=True)
    assert permissions.may_see_post(viewer(person="author"), GROUP, hidden)
    assert permissions.may_see_post(viewer(chairs=frozenset({"inclusion"})), GROUP, hidden)
    assert not permissions.may_see_post(viewer(groups=frozenset({"inclusion"})), GROUP, hidden)
    assert not permissions.may_see_post(viewer(roles=("la_officer",)), GROUP, hidden)


def test_the_chair_or_the_coordinator_hides():
    permissions.check_may_moderate(viewer(chairs=frozenset({"inclusion"})), GROUP)
    permissions.check_may_moderate(viewer(roles=("coordinator",)), CLUSTER)
    with pytest.raises(Forbidden):
        permissions.check_may_moderate(viewer(chairs=frozenset({"inclusion"})), CLUSTER)


def test_a_project_takes_posts_until_its_end_date():
    project = SpaceView(id="p", kind="project", member_ids=("t",), ends_on=date(2026, 7, 20))
    assert open_for_posts(project, date(2026, 7, 20))
    assert not open_for_posts(project, date(2026, 7, 21))
    with pytest.raises(Forbidden):
        permissions.check_may_post(viewer(), project, date(2026, 7, 21))
    archived = SpaceView(id="g", kind="group", source_id="x", active=False)
    with pytest.raises(Forbidden):
        permissions.check_may_post(viewer(groups=frozenset({"x"})), archived, date(2026, 1, 1))
