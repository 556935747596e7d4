"""The coordinator's forms for an event: create and edit an event with several sessions (blank
session rows ignored, each filled one needing a date, times and a venue), cancel it with a
reason, and the attendance register. Every problem is named next to its field."""

from datetime import date, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from contracts.events import KINDS
from gateway.web.form_parts import TimeField, choices, london, parse_time, places_field
from gateway.web.forms import DayMonthYearField
from gateway.web.pages import KIND_NAMES

SESSION_ROWS = 3


class _EventFields(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired("Enter a title"), Length(max=200, message="Title is too long")],
    )
    description = TextAreaField(
        "Description",
        widget=GovCharacterCount(),
        validators=[Length(max=5000, message="Description must be 5000 characters or fewer")],
    )
    capacity = places_field("How many people can come")
    per_school_cap = IntegerField(
        "Most places for one school (optional)",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, message="Must be 1 or more")],
    )
    booking_opens = DayMonthYearField("Booking opens (optional)")
    booking_closes = DayMonthYearField("Booking closes (optional)")
    submit = SubmitField("Save event", widget=GovSubmitInput())

    def validate_booking_closes(self, field):
        opens = self.booking_opens.data
        if isinstance(opens, date) and isinstance(field.data, date) and field.data <= opens:
            raise ValidationError("Booking closes must be after booking opens")

    def validate_title(self, field):
        if field.data is not None and not field.data.strip():
            raise ValidationError("Enter a title")

    def session_rows(self) -> list[dict]:
        return [
            {
                "number": n,
                "date": self[f"session{n}_date"],
                "starts": self[f"session{n}_starts"],
                "ends": self[f"session{n}_ends"],
                "venue": self[f"session{n}_venue"],
            }
            for n in range(1, SESSION_ROWS + 1)
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        filled = 0
        for row in self.session_rows():
            given = [row["date"].raw_data and any(row["date"].raw_data)] + [
                bool((row[k].data or "").strip()) for k in ("starts", "ends", "venue")
            ]
            if not any(given):
                continue
            filled += 1
            n = row["number"]
            if not row["date"].data and not row["date"].errors:
                row["date"].errors.append(f"Enter the date of session {n}")
            starts = parse_time(row["starts"].data or "")
            ends = parse_time(row["ends"].data or "")
            if starts is None:
                row["starts"].errors.append(f"Enter the start time of session {n}, like 9:30")
            if ends is None:
                row["ends"].errors.append(f"Enter the end time of session {n}, like 15:30")
            elif starts is not None and ends <= starts:
                row["ends"].errors.append(f"Session {n} must end after it starts")
            if not (row["venue"].data or "").strip():
                row["venue"].errors.append(f"Enter the venue of session {n}")
        if filled == 0:
            self.session1_date.errors.append("Enter the date, times and venue of a session")
        return valid and not any(f.errors for f in self)

    def sessions(self) -> list[dict]:
        """The filled session rows as the events contract's sessions (blank rows ignored)."""
        out = []
        for row in self.session_rows():
            if not row["date"].data:
                continue
            out.append(
                {
                    "starts_at": london(row["date"].data, parse_time(row["starts"].data)),
                    "ends_at": london(row["date"].data, parse_time(row["ends"].data)),
                    "venue": row["venue"].data.strip(),
                }
            )
        return out

    def window(self) -> dict:
        opens, closes = self.booking_opens.data, self.booking_closes.data
        return {
            "booking_opens_at": london(opens, time(0, 0)) if opens else None,
            "booking_closes_at": london(closes, time(23, 59)) if closes else None,
        }


for _n in range(1, SESSION_ROWS + 1):
    setattr(_EventFields, f"session{_n}_date", DayMonthYearField(f"Session {_n} date"))
    setattr(_EventFields, f"session{_n}_starts", TimeField(f"Session {_n} starts"))
    setattr(_EventFields, f"session{_n}_ends", TimeField(f"Session {_n} ends"))
    setattr(
        _EventFields,
        f"session{_n}_venue",
        StringField(
            f"Session {_n} venue",
            widget=GovTextInput(),
            validators=[Length(max=200, message="Venue is too long")],
        ),
    )


class EventEditForm(_EventFields):
    """Changing an event: the kind and the approval step stay as they were created."""


class EventCreateForm(_EventFields):
    kind = SelectField(
        "Type of event",
        widget=GovSelect(),
        choices=choices((k, KIND_NAMES[k]) for k in KINDS),
        default="course",
    )
    requires_approval = BooleanField(
        "Bookings need the school's approval", widget=GovCheckboxInput()
    )


class CancelEventForm(FlaskForm):
    reason = TextAreaField(
        "Why is the event cancelled?",
        widget=GovTextArea(),
        description="Everyone booked is told this",
        validators=[
            InputRequired("Enter why the event is cancelled"),
            Length(max=1000, message="The reason must be 1000 characters or fewer"),
        ],
    )
    submit = SubmitField("Cancel the event", widget=GovSubmitInput())


class RegisterForm(FlaskForm):
    present = SelectMultipleField("Who was there?", widget=GovCheckboxesInput(), choices=[])
    submit = SubmitField("Save the register", widget=GovSubmitInput())
