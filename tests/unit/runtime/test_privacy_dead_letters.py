"""Dead-letter retention with a fake channel: old messages are acknowledged (gone), younger ones
and those without a dead-lettering time are handed back, a dry run acknowledges nothing."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from runtime.dead_letter_retention import dead_lettered_at, is_expired, sweep_queue

NOW = datetime(2026, 6, 1, tzinfo=UTC)
CUTOFF = NOW - timedelta(days=90)


def death(*times):
    return {"x-death": [{"time": t, "count": 1} for t in times]}


class FakeChannel:
    def __init__(self, headers):
        self.queue = [
            SimpleNamespace(
                properties={"application_headers": h}, delivery_info={"delivery_tag": n}
            )
            for n, h in enumerate(headers, 1)
        ]
        self.acked, self.requeued = [], []

    def queue_declare(self, name, passive):
        return name, len(self.queue), 0

    def basic_get(self, name, no_ack):
        return self.queue.pop(0) if self.queue else None

    def basic_ack(self, tag):
        self.acked.append(tag)

    def basic_reject(self, tag, requeue):
        assert requeue
        self.requeued.append(tag)


def test_the_newest_dead_lettering_time_decides():
    old, young = NOW - timedelta(days=200), NOW - timedelta(days=1)
    assert dead_lettered_at(death(old, young)) == young
    assert is_expired(death(old), CUTOFF)
    assert not is_expired(death(old, young), CUTOFF)
    assert not is_expired({}, CUTOFF) and not is_expired(None, CUTOFF)


def test_a_naive_broker_timestamp_is_read_as_utc():
    naive = (NOW - timedelta(days=100)).replace(tzinfo=None)
    assert is_expired(death(naive), CUTOFF)


def test_old_messages_go_and_younger_ones_come_back():
    channel = FakeChannel(
        [
            death(NOW - timedelta(days=120)),
            death(NOW - timedelta(days=3)),
            {},
            death(NOW - timedelta(days=91)),
        ]
    )
    assert sweep_queue(channel, "dlq.q", CUTOFF) == (2, 2)
    assert channel.acked == [1, 4]
    assert sorted(channel.requeued) == [2, 3]


def test_a_dry_run_acknowledges_nothing():
    channel = FakeChannel([death(NOW - timedelta(days=120)), death(NOW - timedelta(days=3))])
    assert sweep_queue(channel, "dlq.q", CUTOFF, dry_run=True) == (1, 1)
    assert channel.acked == [] and sorted(channel.requeued) == [1, 2]
