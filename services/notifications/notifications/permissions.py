"""Who may do what in the notifications service: one place, plain Python (``policy.py`` is the
other question, which channel a message takes).

- An inbox and its preferences are their person's alone: nobody reads, marks or changes anyone
  else's, whatever their roles (the coordinator included; a service has no inbox).
- Delivery records (every email's subject and address) are the coordinator's, who watches and
  retries them.
- Messages to the holders of a role (``send_role_message``) are the coordinator's to send.
- A password reset's code is emailed on the directory's command only: the directory owns
  accounts and is the one service that makes codes.
- ``health`` is public.

Each ``check_*`` returns nothing or raises: ``Unauthorized`` for the anonymous caller,
``Forbidden`` for a caller who may not act.
"""

from contracts.caller import Caller, deny, require_signed_in
from contracts.privacy import may_use_own_data

WATCHES_DELIVERIES = frozenset({"coordinator"})
MESSAGES_ROLES = frozenset({"coordinator"})
RESET_SENDER = "directory"


def check_may_use_inbox(caller: Caller, person_id: str | None) -> None:
    """The inbox, unread count, mark read and preferences of ``person_id``: theirs alone."""
    require_signed_in(caller)
    if caller.is_service or not person_id or caller.id != person_id:
        raise deny("Only its owner may read or change an inbox or its preferences.")


def check_may_watch_deliveries(caller: Caller) -> None:
    """List delivery records and retry a failed one."""
    require_signed_in(caller)
    if caller.is_service or not caller.has_role(*WATCHES_DELIVERIES):
        raise deny("Only the coordinator may see or retry email deliveries.")


def check_may_message_roles(caller: Caller) -> None:
    """Send a message to everyone holding a role (in a cluster, school or group)."""
    require_signed_in(caller)
    if caller.is_service or not caller.has_role(*MESSAGES_ROLES):
        raise deny("Only the coordinator may send messages to the holders of a role.")


def check_may_send_password_reset(caller: Caller) -> None:
    """Email a password reset code: the directory service only."""
    require_signed_in(caller)
    if not (caller.is_service and caller.id == Caller.service(RESET_SENDER).id):
        raise deny("Only the directory sends password reset codes.")


def check_may_see_health(caller: Caller) -> None:
    """Public: anyone, signed in or not."""


def check_may_export_person(caller: Caller, person_id: str) -> None:
    """A person's inbox, preferences and delivery records, in their export: theirs, or the
    coordinator's to hand them (``contracts.privacy``)."""
    require_signed_in(caller)
    if not may_use_own_data(caller, person_id):
        raise deny("Only the person themself or the coordinator may export their data.")


def check_may_sweep_retention(caller: Caller) -> None:
    """Run the retention sweep now: the coordinator, or a service (the command line)."""
    require_signed_in(caller)
    if not (caller.is_service or caller.has_role(*WATCHES_DELIVERIES)):
        raise deny("Only the coordinator may run the retention sweep.")
