"""Contracts: what crosses the wire between the services and the gateway, and nothing else (the
code every process runs on is the ``runtime`` package beside this one).

- ``errors``: exception types that cross the RPC wire as themselves.
- ``envelope``: the envelope every domain event carries; ``wire``: the correlation id's context
  key and the dead-letter exchange and queue names.
- ``caller``: who is asking (the wire form of the signed-in person or a service).
- ``common``, ``choices``, ``school_year``, ``leadership``: shared schema pieces, allowed values,
  terms and academic years, the fallback order of vacant posts.
- ``directory``, ``events`` (packages, one module per concept), ``notifications``, ``community``,
  ``community_site``: each service's RPC payloads, domain-event names and event payloads.
"""
