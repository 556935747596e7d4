"""What ``get_space`` tells a page the caller may do in a space (community.permissions
``abilities``: pure): members post, a group's chair or secretary or the coordinator lead, its
chair or the coordinator moderate; an archived space takes no posts; a service never posts."""

from datetime import date

from community import permissions
from community.domain import SpaceView, Viewer
from contracts.caller import Caller

GROUP = SpaceView(id="group-inclusion", kind="group", source_id="inclusion")
TODAY = date(2026, 10, 1)


def viewer(roles=("teacher",), **known):
    return Viewer(caller=Caller("p", tuple(roles), 100), **known)


def test_a_member_posts_but_neither_leads_nor_moderates():
    member = viewer(groups=frozenset({"inclusion"}))
    assert permissions.abilities(member, GROUP, TODAY) == {
        "may_post": True,
        "may_lead": False,
        "may_moderate": False,
    }


def test_the_chair_leads_and_moderates_the_secretary_only_leads():
    inclusion = frozenset({"inclusion"})
    chair = permissions.abilities(viewer(groups=inclusion, chairs=inclusion), GROUP, TODAY)
    secretary = permissions.abilities(viewer(groups=inclusion, secretaries=inclusion), GROUP, TODAY)
    assert chair == {"may_post": True, "may_lead": True, "may_moderate": True}
    assert secretary == {"may_post": True, "may_lead": True, "may_moderate": False}


def test_the_coordinator_does_everything_a_service_never_posts_nor_in_an_archived_space():
    coordinator = permissions.abilities(viewer(roles=("coordinator",)), GROUP, TODAY)
    assert coordinator == {"may_post": True, "may_lead": True, "may_moderate": True}
    service = Viewer(caller=Caller.service("notifications"))
    assert permissions.abilities(service, GROUP, TODAY)["may_post"] is False
    archived = SpaceView(id=GROUP.id, kind="group", source_id="inclusion", active=False)
    member = viewer(groups=frozenset({"inclusion"}))
    assert permissions.abilities(member, archived, TODAY)["may_post"] is False


def test_someone_outside_the_group_may_do_nothing_there():
    outsider = permissions.abilities(viewer(roles=("headteacher",)), GROUP, TODAY)
    assert outsider == {"may_post": False, "may_lead": False, "may_moderate": False}
