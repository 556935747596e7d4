"""The notifications service's look-up caches: kept for their time to live, one set per
service instance."""

from notifications.adapters import LookupCache, Lookups


def test_a_look_up_is_kept_until_its_time_to_live_ends():
    cache = LookupCache(ttl=60)
    assert cache.get("p1") is None
    cache.put("p1", {"name": "Ann"})
    assert cache.get("p1") == {"name": "Ann"}
    expired = LookupCache(ttl=0)
    expired.put("p1", {"name": "Ann"})
    assert expired.get("p1") is None


def test_the_oldest_goes_when_the_cache_is_full():
    cache = LookupCache(ttl=60, size=2)
    for key in ("a", "b", "c"):
        cache.put(key, key.upper())
    assert [cache.get(key) for key in ("a", "b", "c")] == [None, "B", "C"]


def test_each_service_instance_has_caches_of_its_own():
    first, second = Lookups(), Lookups()
    first.people.put("p1", {"name": "Ann"})
    assert second.people.get("p1") is None and first.events.get("p1") is None
