"""The directory's policy for people's data: who may export a person's records (the person, or
the partnership coordinator) and who erases a person (the coordinator alone)."""

from contracts.caller import Caller, deny, require_signed_in
from contracts.privacy import may_erase, may_use_own_data


def check_may_export_person(caller: Caller, person_id: str) -> None:
    """A person's export: theirs, or the coordinator's to hand them."""
    require_signed_in(caller)
    if not may_use_own_data(caller, person_id):
        raise deny("Only the person themself or the coordinator may export their data.")


def check_may_erase_person(caller: Caller, person_id: str) -> None:
    """Erase a person (never oneself: the coordinator acts on a request)."""
    require_signed_in(caller)
    if not may_erase(caller) or caller.id == person_id:
        raise deny("Only the coordinator may erase a person's data, and never their own.")


def check_may_see_erasure(caller: Caller, person_id: str) -> None:
    """How an erasure goes: the coordinator (the person can no longer sign in)."""
    require_signed_in(caller)
    if not may_erase(caller):
        raise deny("Only the coordinator may see an erasure.")
