"""Contracts: the only code the services and the gateway share.

- ``errors``: exception types that cross the RPC wire as themselves.
- ``envelope``: the envelope every domain event carries.
- ``delivery``: how events leave a service (outbox relay) and arrive (idempotent, dead-lettering
handler).
- ``directory``, ``booking``, ``notifications``: each service's RPC payloads and event payloads.
"""
