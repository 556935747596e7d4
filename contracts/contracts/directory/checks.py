"""Checks several of the directory's request schemas share."""

from marshmallow import ValidationError


def _dates_in_order(data: dict, start: str, end: str) -> None:
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise ValidationError(f"Must not be before {start}.", end)
