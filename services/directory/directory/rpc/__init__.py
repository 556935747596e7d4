"""The directory's RPC entrypoints, one mixin class per area, composed by
``directory.service.DirectoryService`` (nameko finds the ``@rpc`` and ``@timer`` entrypoints and
the dependency providers of every base class). Each entrypoint loads the caller and its payload
with their contracts, calls a use case (which asks ``permissions`` who may act), relays what the
write left in the outbox (the service's ``_publish``) and dumps the answer.

- ``schools``: schools and clusters (search, a school's page, local data, its approver)
- ``groups``: the strategic groups, their offices and members
- ``people``: people, their roles, who holds a role
- ``accounts``: sign-in, sessions, passwords, calendar keys
- ``offers``: the support taxonomy and expertise offers
- ``support_requests``: support requests and suggested offers
- ``brokerage``: brokerage cases and a school's ledger of support days
- ``arguments``: plain arguments checked by the entrypoints (a URN)
"""
