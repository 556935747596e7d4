"""Typed clients: every RPC of every service, declared once with its name, the schema it takes
and the schema it answers (``base.Rpc``). Callers name an RPC by its declaration
(``call(EventsClient.book_place, data)`` in the gateway, a ``runtime.clients.ServiceRpc``
dependency between services), never by a string, and every answer is checked against its
declared schema on arrival.

Modules:

- ``base``: ``Rpc`` (one RPC: takes, returns, many; ``check``), ``ServiceClient``,
  ``BrokenContract``
- ``directory``: ``DirectoryClient``, the directory service's RPCs
- ``events``: ``EventsClient``, the events service's RPCs
- ``notifications``: ``NotificationsClient``, the notifications service's RPCs
- ``community``: ``CommunityClient``, the community service's RPCs
"""

from contracts.clients.base import BrokenContract, Rpc, ServiceClient

__all__ = ["BrokenContract", "Rpc", "ServiceClient"]
