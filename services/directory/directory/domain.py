"""Directory rules that need neither RabbitMQ nor MongoDB."""

import re

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens for search: ``tokens("St Mary's C of E")`` -> ``['st', 'mary', 's',
    ...]``.

    >>> tokens("Hawes Side Academy")
    ['hawes', 'side', 'academy']
    """
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def normalise_email(email: str) -> str:
    return email.strip().lower()
