"""Plain RPC arguments the directory's entrypoints check themselves (the rest arrive as contract
payloads and are loaded with their schemas): a school's URN, refused with a 422 naming ``urn``
when it is not a whole number in range."""

from contracts.errors import InvalidInput


def urn_argument(urn) -> int:
    """A URN argument as an int (422 naming ``urn`` when it is not one)."""
    try:
        value = int(urn)
    except (TypeError, ValueError):
        value = None
    if value is None or not 0 <= value < 2**31 or isinstance(urn, bool | float):
        raise InvalidInput("A URN is a whole number.", {"urn": ["Not a URN."]})
    return value
