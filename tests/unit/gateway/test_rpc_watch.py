"""The gateway's word from the broker on whether a service runs: asked again only when stale."""

from gateway.rpc_watch import ConsumerWatch


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_broker_is_asked_once_while_its_answer_is_fresh():
    clock, asked = Clock(), []
    watch = ConsumerWatch(fresh_for=0.5, clock=clock)

    def ask(queue):
        asked.append(queue)
        return 1

    assert watch.serving("events", ask) and watch.serving("events", ask)
    assert asked == ["rpc-events"]
    clock.now += 0.6
    assert watch.serving("events", ask)
    assert asked == ["rpc-events", "rpc-events"]


def test_no_consumer_means_not_serving_and_each_service_is_asked_apart():
    watch = ConsumerWatch(clock=Clock())
    counts = {"rpc-events": 0, "rpc-directory": 2}
    assert not watch.serving("events", counts.__getitem__)
    assert watch.serving("directory", counts.__getitem__)


def test_a_service_that_comes_back_is_served_once_the_answer_is_stale():
    clock = Clock()
    watch = ConsumerWatch(fresh_for=0.5, clock=clock)
    counts = {"rpc-events": 0}
    assert not watch.serving("events", counts.__getitem__)
    counts["rpc-events"] = 1
    assert not watch.serving("events", counts.__getitem__)  # still the last word
    clock.now += 0.5
    assert watch.serving("events", counts.__getitem__)
