"""Retention in the real notifications service (nameko container, real RabbitMQ vhost and
SecantusDB): only inbox entries, finished delivery records and dead letters older than their
retention periods go; younger ones, and deliveries still to send, stay; a dry run removes
nothing and says what it would."""

from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection

from contracts.caller import Caller
from contracts.wire import dead_letter_queue_name
from notifications.service import NotificationsService
from notifications.storage import Delivery, Notification
from runtime.dead_letter_retention import handler_queues

COORDINATOR = Caller("coord-1", ("coordinator",)).dump()
NOW = datetime.now(UTC)
OLD, YOUNG = NOW - timedelta(days=400), NOW - timedelta(days=10)
DLQ = dead_letter_queue_name(handler_queues(NotificationsService)[0])


def _delivery(key, created_at, status):
    Delivery(
        id=key,
        person_id="p1",
        source_event_id=key,
        kind="booking_confirmed",
        subject="s",
        status=status,
        created_at=created_at,
        send_at=created_at,
    ).save()


@pytest.fixture
def notifications(container_factory, service_config, rpc, rabbit_config):
    config = {**service_config("notifications"), "DEAD_LETTER_RETENTION_DAYS": "90"}
    container_factory(NotificationsService, config).start()
    for key, at in (("old", OLD), ("young", YOUNG)):
        Notification(
            id=key, person_id="p1", source_event_id=key, kind="k", title="t", created_at=at
        ).save()
    _delivery("old-sent", OLD, "sent")
    _delivery("old-pending", OLD, "pending")
    _delivery("young-sent", YOUNG, "sent")
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        channel = conn.channel()
        for body, at in (("old-1", OLD), ("young-1", YOUNG), ("old-2", OLD)):
            message = channel.prepare_message(
                body.encode(),
                content_type="text/plain",
                content_encoding="utf-8",
                headers={"x-death": [{"time": at, "count": 1, "reason": "rejected"}]},
            )
            channel.basic_publish(message, exchange="", routing_key=DLQ)
        channel.close()
    return rpc


def _dead_letters(rabbit_config) -> list[str]:
    bodies = []
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        channel = conn.channel()
        while (message := channel.basic_get(DLQ, no_ack=True)) is not None:
            bodies.append(
                message.body.decode() if isinstance(message.body, bytes) else message.body
            )
        channel.close()
    return bodies


def test_a_dry_run_counts_and_removes_nothing(notifications, rabbit_config):
    report = notifications.notifications.sweep_retention({"dry_run": True}, caller=COORDINATOR)
    assert report["dry_run"] is True
    assert report["removed"] == {"inbox": 1, "deliveries": 1, "dead_letters": 2}
    assert Notification.objects.count() == 2 and Delivery.objects.count() == 3
    assert sorted(_dead_letters(rabbit_config)) == ["old-1", "old-2", "young-1"]


def test_only_what_is_past_its_retention_period_goes(notifications, rabbit_config):
    report = notifications.notifications.sweep_retention({}, caller=COORDINATOR)
    assert report["removed"] == {"inbox": 1, "deliveries": 1, "dead_letters": 2}
    assert [n.id for n in Notification.objects] == ["young"]
    assert sorted(d.id for d in Delivery.objects) == ["old-pending", "young-sent"]
    assert _dead_letters(rabbit_config) == ["young-1"]


def test_only_the_coordinator_or_a_service_sweeps(notifications):
    teacher = Caller("t1", ("teacher",)).dump()
    with pytest.raises(Exception, match="coordinator"):
        notifications.notifications.sweep_retention({}, caller=teacher)
