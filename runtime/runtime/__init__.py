"""Runtime: what every service process runs on, shared so that it is written once (the messages
themselves are in ``contracts``).

- ``delivery``: how domain events leave a service (outbox entries, the relay, the sweep) and
  arrive (a reliable handler: retried once, then dead-lettered; the correlation id provider).
- ``storage``: connecting a service's MongoDB (indexes made or rebuilt, the outbox sweep's index)
  and the ``Store`` dependency; ``indexes``: rebuilding an index whose definition changed.
- ``health``: the ``health`` RPC every service answers the same way; ``probe``: the container
  health check that calls it.
- ``caching``: short-lived caches of other services' answers, one per service instance.
- ``startup``: start-up objects frozen out of the garbage collector's view; ``quiet``: eventlet's
  deprecation text hidden before a command's output; ``logfilters``: an answered 4xx logged as
  one line.
"""
