"""Small pieces the staff pages' forms share: a list of select choices, a time of day typed as
text ('9:30', '2pm') and parsed, and a London date and time as the UTC moment the services take.
"""

import re
from datetime import UTC, date, datetime, time

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import IntegerField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from gateway.web.pages import LONDON

TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def places_field(description: str = "") -> IntegerField:
    """How many places an event or commissioned course has: a whole number, 1 to 100,000."""
    return IntegerField(
        "Places",
        widget=GovTextInput(),
        description=description,
        validators=[
            InputRequired("Enter how many places there are, as a number"),
            NumberRange(min=1, max=100000, message="Places must be between 1 and 100,000"),
        ],
    )


def parse_time(text: str) -> time | None:
    """'9:30', '14:00', '2pm', '2.15pm' -> a time; None when it is not one."""
    found = TIME.match(text or "")
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def london(day: date, at: time) -> str:
    """A London wall-clock date and time as an aware ISO moment in UTC."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC).isoformat()


class TimeField(StringField):
    widget = GovTextInput()

    def __init__(self, label, **kwargs):
        kwargs.setdefault("description", "For example, 9:30 or 14:00")
        kwargs.setdefault("validators", [Optional(), Length(max=10)])
        super().__init__(label, **kwargs)
