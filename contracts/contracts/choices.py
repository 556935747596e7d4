"""Values from a fixed list (phases, kinds, roles, statuses, report-card areas and grades):
matched whatever their case and however spaces, hyphens and underscores are written, answered
in their one spelling, and an unknown one refused with the list of allowed values.

>>> match_choice("secondary", ("Primary", "Secondary"))
'Secondary'
>>> match_choice("CLUSTER meeting", ("cluster_meeting",))
'cluster_meeting'
>>> match_choice("Bogus", ("Primary", "Secondary")) is None
True
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import ValidationError, fields, validate

from contracts.errors import InvalidInput


def choice_key(text: object) -> str:
    """What two spellings of one value share: lower case, one space for any run of spaces,
    hyphens and underscores."""
    return re.sub(r"[\s_-]+", " ", str(text).strip().lower())


def match_choice(value: object, allowed: Iterable[str]) -> str | None:
    """The allowed value ``value`` spells (None when it is none of them)."""
    wanted = choice_key(value)
    return next((each for each in allowed if choice_key(each) == wanted), None)


def allowed_message(allowed: Iterable[str]) -> str:
    return "Must be one of: " + ", ".join(allowed) + "."


def resolve_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """``value`` as the allowed value it spells; InvalidInput naming ``name`` and listing the
    allowed values otherwise (for lists only the service knows: clusters, support areas)."""
    allowed = list(allowed)
    found = match_choice(value, allowed)
    if found is None:
        raise InvalidInput(f"Unknown {name}: {value}.", {name: [allowed_message(allowed)]})
    return found


def resolve_named(name: str, value: object, named: dict[str, str]) -> str:
    """The key of the item in ``named`` (key -> name) whose key or name ``value`` spells;
    InvalidInput naming ``name`` and listing the keys otherwise (clusters, support areas)."""
    found = match_choice(value, named) or next(
        (key for key, label in named.items() if match_choice(value, [label])), None
    )
    return found if found is not None else resolve_choice(name, value, sorted(named))


class Choice(fields.String):
    """A string from ``choices`` (listed as the OpenAPI ``enum``), matched as ``match_choice``
    matches and loaded in its one spelling; anything else is "Must be one of: ..."."""

    def __init__(self, choices: Iterable[str], **kwargs: Any) -> None:
        self.choices = tuple(choices)
        rules = kwargs.pop("validate", None)
        rules = [rules] if callable(rules) else list(rules or [])
        one_of = validate.OneOf(self.choices, error=allowed_message(self.choices))
        metadata = {"description": "Any case.", **kwargs.pop("metadata", {})}
        super().__init__(validate=[one_of, *rules], metadata=metadata, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 200:
            raise ValidationError(allowed_message(self.choices))
        return match_choice(text, self.choices) or text
