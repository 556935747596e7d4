"""The community's export of uploads and its permission for people's data, as plain Python."""

import pytest

from community.permissions import check_may_export_person
from community.privacy import uploads_of
from contracts.caller import Caller
from contracts.errors import Forbidden


def test_every_file_of_the_persons_posts_is_listed_with_its_post():
    posts = [{"_id": "p1", "attachments": [{"id": "f1"}, {"id": "f2"}]}, {"_id": "p2"}]
    assert uploads_of(posts) == [{"id": "f1", "post_id": "p1"}, {"id": "f2", "post_id": "p1"}]


def test_only_the_person_or_the_coordinator_exports():
    check_may_export_person(Caller("p1", ("teacher",)), "p1")
    check_may_export_person(Caller("c1", ("coordinator",)), "p1")
    with pytest.raises(Forbidden):
        check_may_export_person(Caller.service("notifications"), "p1")
