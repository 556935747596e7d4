"""The services' caches of other services' answers: kept for their time to live, one per
service instance."""

from runtime import caching
from runtime.caching import TtlCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_kept_for_its_time_to_live_then_asked_again(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(caching.time, "monotonic", clock)
    cache, asked = TtlCache(30), []

    def load():
        asked.append(clock.now)
        return len(asked)

    assert cache.get("groups", load) == 1
    clock.now += 29.9
    assert cache.get("groups", load) == 1
    clock.now += 0.2
    assert cache.get("groups", load) == 2
    assert asked == [100.0, 130.1]


def test_keys_are_kept_apart_and_clear_forgets_every_answer():
    cache = TtlCache(30)
    assert cache.get(("school", 1), lambda: "a") == "a"
    assert cache.get(("school", 2), lambda: "b") == "b"
    assert cache.get(("school", 1), lambda: "changed") == "a"
    cache.clear()
    assert cache.get(("school", 1), lambda: "changed") == "changed"


def test_two_caches_share_nothing():
    first, second = TtlCache(30), TtlCache(30)
    first.get("groups", lambda: ["first"])
    assert second.get("groups", lambda: ["second"]) == ["second"]


def test_the_oldest_answer_goes_when_the_cache_is_full():
    cache = TtlCache(ttl=60, size=2)
    for key in ("a", "b", "c"):
        cache.put(key, key.upper())
    assert [cache.peek(key) for key in ("a", "b", "c")] == [None, "B", "C"]
