"""Publisher confirms awaited together (``events.confirms``), against a stand-in channel that
acknowledges as a broker may: one or several at a time, in any order, or refusing some."""

import pytest

from events.confirms import Confirms, NotConfirmed


class Channel:
    def __init__(self):
        self.events = {"basic_ack": set(), "basic_nack": set()}
        self.confirm_mode = False

    def confirm_select(self):
        self.confirm_mode = True


class Connection:
    """Each ``drain_events`` delivers the next scripted answer: ("ack"|"nack", tag, multiple)."""

    def __init__(self, answers):
        self.default_channel = Channel()
        self.answers = list(answers)
        self.drained = 0

    def drain_events(self, timeout=None):
        self.drained += 1
        if not self.answers:
            raise TimeoutError
        kind, tag, multiple = self.answers.pop(0)
        for callback in self.default_channel.events[f"basic_{kind}"]:
            callback(tag, multiple)


def _published(confirms, count):
    for _ in range(count):
        confirms.published()


def test_the_channel_is_put_in_confirm_mode():
    connection = Connection([])
    Confirms(connection)
    assert connection.default_channel.confirm_mode


def test_one_wait_takes_acks_one_several_at_a_time_and_out_of_order():
    connection = Connection(
        [("ack", 2, False), ("ack", 3, True), ("ack", 5, False), ("ack", 4, False)]
    )
    confirms = Confirms(connection)
    _published(confirms, 5)
    confirms.wait_all(1.0)
    assert connection.drained == 4


def test_a_nacked_message_fails_the_wait_and_the_next_wait_starts_clean():
    connection = Connection([("ack", 1, False), ("nack", 2, False), ("ack", 3, False)])
    confirms = Confirms(connection)
    _published(confirms, 3)
    with pytest.raises(NotConfirmed, match="refused 1"):
        confirms.wait_all(1.0)
    connection.answers = [("ack", 4, False)]
    confirms.published()
    confirms.wait_all(1.0)


def test_messages_left_unconfirmed_fail_the_wait_when_time_runs_out():
    connection = Connection([("ack", 1, False)])
    confirms = Confirms(connection)
    _published(confirms, 2)
    with pytest.raises(NotConfirmed, match="1 messages not confirmed"):
        confirms.wait_all(0.05)


def test_nothing_published_needs_no_wait():
    connection = Connection([])
    Confirms(connection).wait_all(1.0)
    assert connection.drained == 0
