"""The coordinator's and the LA officer's forms: events with several sessions, the attendance
register, cluster rotas, minutes, commissioning a course, Ofsted grades and brokering support.
Every problem is named next to its field; nothing is sent to a service until the form is valid."""

import re
from datetime import UTC, date, datetime, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from contracts import directory as d
from contracts.events import KINDS, YEAR_GROUPS
from gateway.web.forms import DayMonthYearField
from gateway.web.pages import KIND_NAMES, LONDON

SESSION_ROWS = 3
ACTION_ROWS = 3
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


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
    capacity = IntegerField(
        "Places",
        widget=GovTextInput(),
        description="How many people can come",
        validators=[
            InputRequired("Enter how many places there are, as a number"),
            NumberRange(min=1, max=100000, message="Places must be between 1 and 100,000"),
        ],
    )
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


class RotaForm(FlaskForm):
    cluster = SelectField(
        "Cluster", widget=GovSelect(), validators=[InputRequired("Choose a cluster")]
    )
    academic_year = IntegerField(
        "Academic year starting in",
        widget=GovTextInput(),
        description="The first calendar year, for example 2026 for 2026 to 2027",
        validators=[
            InputRequired("Enter the year the academic year starts in, like 2026"),
            NumberRange(min=2000, max=2100, message="Enter a year between 2000 and 2100"),
        ],
    )
    year_groups = SelectMultipleField(
        "Year groups",
        widget=GovCheckboxesInput(),
        description="A meeting each half term for each year group you choose",
        choices=choices((y, y) for y in YEAR_GROUPS),
        validators=[InputRequired("Choose at least one year group")],
    )
    submit = SubmitField("Generate the rota", widget=GovSubmitInput())


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        "Minutes",
        widget=GovCharacterCount(),
        validators=[
            InputRequired("Enter the minutes"),
            Length(max=50000, message="The minutes must be 50,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Publish the minutes", widget=GovSubmitInput())

    def actions(self) -> list[dict]:
        out = []
        for n in range(1, ACTION_ROWS + 1):
            text = (self[f"action{n}_text"].data or "").strip()
            if text:
                owner = (self[f"action{n}_owner"].data or "").strip()
                out.append({"text": text, "owner": owner})
        return out

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for n in range(1, ACTION_ROWS + 1):
            owner = (self[f"action{n}_owner"].data or "").strip()
            if owner and not (self[f"action{n}_text"].data or "").strip():
                self[f"action{n}_text"].errors.append(f"Enter what action {n} is")
        return valid and not any(f.errors for f in self)


for _n in range(1, ACTION_ROWS + 1):
    setattr(
        MinutesForm,
        f"action{_n}_text",
        StringField(
            f"Action {_n}",
            widget=GovTextInput(),
            validators=[Length(max=1000, message="The action is too long")],
        ),
    )
    setattr(
        MinutesForm,
        f"action{_n}_owner",
        StringField(
            f"Action {_n}: who does it",
            widget=GovTextInput(),
            validators=[Length(max=200, message="The name is too long")],
        ),
    )


class CommissionForm(FlaskForm):
    request_ids = SelectMultipleField(
        "Training requests this course answers",
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[InputRequired("Choose at least one training request")],
    )
    title = StringField(
        "Course title",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the course title"), Length(max=200)],
    )
    capacity = IntegerField(
        "Places",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter how many places there are, as a number"),
            NumberRange(min=1, max=100000, message="Places must be between 1 and 100,000"),
        ],
    )
    day = DayMonthYearField("Date", validators=[InputRequired("Enter the date of the course")])
    starts = TimeField("Starts", validators=[InputRequired("Enter the start time, like 9:30")])
    ends = TimeField("Ends", validators=[InputRequired("Enter the end time, like 15:30")])
    venue = StringField(
        "Venue",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the venue"), Length(max=200)],
    )
    submit = SubmitField("Commission the course", widget=GovSubmitInput())

    def validate_starts(self, field):
        if parse_time(field.data or "") is None:
            raise ValidationError("Enter the start time, like 9:30")

    def validate_ends(self, field):
        ends, starts = parse_time(field.data or ""), parse_time(self.starts.data or "")
        if ends is None:
            raise ValidationError("Enter the end time, like 15:30")
        if starts is not None and ends <= starts:
            raise ValidationError("The course must end after it starts")

    def course(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "kind": "course",
            "capacity": self.capacity.data,
            "sessions": [
                {
                    "starts_at": london(self.day.data, parse_time(self.starts.data)),
                    "ends_at": london(self.day.data, parse_time(self.ends.data)),
                    "venue": self.venue.data.strip(),
                }
            ],
        }


def grade_name(value: str) -> str:
    return value.replace("_", " ").capitalize()


class OfstedForm(FlaskForm):
    inspected_on = DayMonthYearField(
        "Date of the report card inspection",
        validators=[InputRequired("Enter the date of the inspection")],
    )
    safeguarding = RadioField(
        "Safeguarding",
        widget=GovRadioInput(),
        choices=choices([("met", "Met"), ("not_met", "Not met")]),
        validators=[InputRequired("Choose whether safeguarding was met")],
    )
    submit = SubmitField("Save the grades", widget=GovSubmitInput())

    def validate_inspected_on(self, field):
        if isinstance(field.data, date) and field.data > datetime.now(LONDON).date():
            raise ValidationError("The date of the inspection must be today or in the past")

    def report_card(self) -> dict:
        grades = {
            a: self[f"grade_{a}"].data for a in d.REPORT_CARD_AREAS if self[f"grade_{a}"].data
        }
        return {
            "inspected_on": self.inspected_on.data.isoformat(),
            "grades": grades,
            "safeguarding": self.safeguarding.data,
        }


for _area in d.REPORT_CARD_AREAS:
    setattr(
        OfstedForm,
        f"grade_{_area}",
        SelectField(
            grade_name(_area),
            widget=GovSelect(),
            choices=choices(
                [("", "Not graded"), *((g, grade_name(g)) for g in d.REPORT_CARD_GRADES)]
            ),
            default="",
        ),
    )


class BrokerForm(FlaskForm):
    offer_id = RadioField(
        "Who will give the support?",
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired("Choose who will give the support")],
    )
    scope = TextAreaField(
        "What the support covers",
        widget=GovTextArea(),
        validators=[
            InputRequired("Enter what the support covers"),
            Length(max=5000, message="Must be 5000 characters or fewer"),
        ],
    )
    days = StringField(
        "Days agreed",
        widget=GovTextInput(),
        description="In half days or more, for example 2 or 1.5",
        validators=[InputRequired("Enter the number of days agreed")],
    )
    starts_on = DayMonthYearField("Starts on", validators=[InputRequired("Enter the start date")])
    ends_on = DayMonthYearField("Ends on", validators=[InputRequired("Enter the end date")])
    funding = RadioField(
        "Funding",
        widget=GovRadioInput(),
        choices=choices([("free", "Free"), ("credit", "Credit days"), ("cost", "Paid")]),
        default="free",
        validators=[InputRequired("Choose how the support is funded")],
    )
    submit = SubmitField("Broker the support", widget=GovSubmitInput())

    def validate_days(self, field):
        try:
            days = float((field.data or "").strip())
        except ValueError:
            raise ValidationError("Days agreed must be a number, like 2 or 1.5") from None
        if not 0.5 <= days <= 365 or days * 2 != int(days * 2):
            raise ValidationError("Days agreed must be in half days between 0.5 and 365")

    def validate_ends_on(self, field):
        starts = self.starts_on.data
        if isinstance(starts, date) and isinstance(field.data, date) and field.data < starts:
            raise ValidationError("Ends on must be the same as or after starts on")
