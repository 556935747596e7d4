"""People's data across the four real services (each in a nameko container on this test's
vhost, each with its own database): every service's export holds its records of the person;
an erasure anonymises or removes them everywhere, each service records it once and the
directory shows the erasure complete; a redelivered ``person_erased`` never acts twice."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Producer

from community.service import CommunityService
from community.storage import Comment, Follow, Post
from contracts.caller import Caller
from contracts.envelope import make_event
from contracts.privacy import ERASED_NAME, PERSON_ERASED, PersonErasedSchema
from directory.service import DirectoryService
from events.service import EventsService
from events.storage import Booking
from notifications.privacy import is_suppressed
from notifications.service import NotificationsService
from notifications.storage import BookingCopy, Delivery, Notification, Preference
from runtime import erasures
from support.waiting import eventually

COORDINATOR = Caller("coord-1", ("coordinator",)).dump()


def _event():
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "title": "Phonics refresher",
        "kind": "course",
        "capacity": 5,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
    }


@pytest.fixture
def platform(container_factory, service_config, rpc):
    for cls, name in (
        (DirectoryService, "directory"),
        (EventsService, "events"),
        (NotificationsService, "notifications"),
        (CommunityService, "community"),
    ):
        container_factory(cls, service_config(name)).start()
    return rpc


@pytest.fixture
def person(platform):
    """A teacher with a booking (so an inbox entry and a delivery), a post, a comment and a
    follow; returns their wire caller."""
    made = platform.directory.register_person(
        {"email": "erin@example.test", "name": "Erin Example", "roles": ["teacher"]},
        caller=COORDINATOR,
    )
    who = Caller(made["id"], ("teacher",), name="Erin Example").dump()
    event = platform.events.create_event(_event(), caller=COORDINATOR)
    platform.events.book_place({"event_id": event["id"]}, caller=who)
    eventually(lambda: Notification.objects(person_id=made["id"]).count(), seconds=15)
    Preference(id=made["id"], categories={"community": {"inbox": True, "email": "off"}}).save()
    post = Post(space_id="s1", title="Our phonics", text="What worked", author_id=made["id"])
    post.author_name = "Erin Example"
    post.save()
    Comment(
        post_id=post.id,
        text="Thanks",
        html="<p>Thanks</p>",
        author_id=made["id"],
        author_name="Erin Example",
    ).save()
    Follow(
        id=f"{made['id']}:tag:reading", person_id=made["id"], kind="tag", target="reading"
    ).save()
    return who


def test_each_service_exports_what_it_holds_about_the_person(platform, person):
    exports = {
        name: getattr(platform, name).export_person(person["id"], caller=person)
        for name in ("directory", "events", "notifications", "community")
    }
    directory = exports["directory"]["records"]
    assert directory["person"][0]["name"] == "Erin Example"
    assert "password_hash" not in directory["person"][0]
    assert "token_version" not in json.dumps(directory)
    assert [b["person_id"] for b in exports["events"]["records"]["bookings"]] == [person["id"]]
    assert exports["notifications"]["records"]["inbox"]
    assert exports["notifications"]["records"]["preferences"][0]["_id"] == person["id"]
    assert exports["community"]["records"]["posts"][0]["title"] == "Our phonics"
    assert len(exports["community"]["records"]["follows"]) == 1
    someone = Caller("someone-else", ("teacher",)).dump()
    for name in exports:
        with pytest.raises(Exception, match="Forbidden|themself"):
            getattr(platform, name).export_person(person["id"], caller=someone)


def test_an_erasure_reaches_every_service_once_and_the_directory_sees_it_complete(
    platform, person, rabbit_config
):
    erasure = platform.directory.erase_person(person["id"], caller=COORDINATOR)
    assert erasure["services"]["directory"] is not None and not erasure["complete"]

    done = eventually(
        lambda: platform.directory.get_erasure(person["id"], caller=COORDINATOR)["complete"],
        seconds=20,
    )
    assert done
    stored = platform.directory.get_person(person["id"], caller=COORDINATOR)
    assert stored["name"] == ERASED_NAME and stored["roles"] == []
    assert stored["email"].endswith("@erased.invalid")
    assert Notification.objects(person_id=person["id"]).count() == 0
    assert Delivery.objects(person_id=person["id"]).count() == 0
    assert Preference.objects(id=person["id"]).count() == 0
    assert is_suppressed(person["id"])
    assert {p.author_name for p in Post.objects(author_id=person["id"])} == {ERASED_NAME}
    assert {c.author_name for c in Comment.objects(author_id=person["id"])} == {ERASED_NAME}
    assert Follow.objects(person_id=person["id"]).count() == 0
    assert Booking.objects(person_id=person["id"]).count() == 1  # the figures stay

    # the same person_erased again (a redelivery): nothing acts twice
    Notification(person_id=person["id"], source_event_id="later", kind="x", title="Later").save()
    body = PersonErasedSchema().dump(
        make_event({"person_id": person["id"], "erasure_id": erasure["id"]})
    )
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        exchange = Exchange("directory.events", type="topic", durable=True)
        Producer(conn).publish(body, exchange=exchange, routing_key=PERSON_ERASED)
    again = platform.directory.erase_person(person["id"], caller=COORDINATOR)
    assert again["id"] == erasure["id"]  # one erasure per person
    time.sleep(2)  # time for the redelivered event to be handled (and ignored)
    assert Notification.objects(person_id=person["id"], source_event_id="later").count() == 1
    assert erasures.collection(Notification._get_db()).count_documents({}) == 1
    assert erasures.collection(Post._get_db()).count_documents({}) == 1
    assert erasures.collection(Booking._get_db()).count_documents({}) == 1


def test_nothing_new_is_kept_of_an_erased_person(platform, person):
    """After the erasure, the coordinator books the erased person (and a colleague) on a new
    event: the colleague is notified; of the erased person the notifications service keeps no
    inbox entry, no email delivery and no copy of the booking."""
    platform.directory.erase_person(person["id"], caller=COORDINATOR)
    eventually(
        lambda: platform.directory.get_erasure(person["id"], caller=COORDINATOR)["complete"],
        seconds=20,
    )
    colleague = platform.directory.register_person(
        {"email": "cole@example.test", "name": "Cole League", "roles": ["teacher"]},
        caller=COORDINATOR,
    )
    event = platform.events.create_event(_event(), caller=COORDINATOR)
    for person_id in (person["id"], colleague["id"]):
        platform.events.book_place(
            {"event_id": event["id"], "person_id": person_id}, caller=COORDINATOR
        )
    eventually(lambda: BookingCopy.objects(person_id=colleague["id"]).count(), seconds=15)
    assert Notification.objects(person_id=colleague["id"]).count() >= 1
    time.sleep(1)  # the erased person's booking_confirmed came before the colleague's
    assert Notification.objects(person_id=person["id"]).count() == 0
    assert Delivery.objects(person_id=person["id"]).count() == 0
    assert BookingCopy.objects(person_id=person["id"]).count() == 0
