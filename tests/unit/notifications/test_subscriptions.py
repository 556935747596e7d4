"""The service listens to every event a message is written for, under the name its publisher's
contract gives it (a misspelt routing key would silently never fire)."""

from contracts import community, directory, events
from notifications.messages import BUILDERS
from notifications.policy import KIND_CATEGORY
from notifications.service import NotificationsService

PUBLISHED = {
    directory.SERVICE: set(directory.EVENTS),
    events.SERVICE: set(events.EVENTS),
    community.SERVICE: set(community.EVENTS),
}


def subscriptions() -> dict[str, str]:
    found = {}
    for name in dir(NotificationsService):
        for entrypoint in getattr(getattr(NotificationsService, name), "nameko_entrypoints", ()):
            if hasattr(entrypoint, "source_service"):
                found[entrypoint.event_type] = entrypoint.source_service
    return found


def test_every_subscription_names_an_event_its_publisher_declares():
    for event_type, source in subscriptions().items():
        assert event_type in PUBLISHED[source], f"{source}.{event_type} is in no contract"


def test_every_event_with_messages_is_subscribed_to_and_has_a_category():
    subscribed = set(subscriptions())
    assert len(subscribed) >= 25
    assert set(BUILDERS) <= subscribed
    assert set(BUILDERS) <= set(KIND_CATEGORY)


def test_no_subscription_hears_of_password_resets():
    """A reset code comes by the directory's directed command (``send_password_reset``), never
    on a broadcast event: nothing here listens for one, and no event builds a reset message."""
    assert not any("password" in event for event in subscriptions())
    assert not any("password" in kind for kind in BUILDERS)
