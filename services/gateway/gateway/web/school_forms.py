"""The forms of the heads' and school administrators' pages: refusing a booking, booking for a
member of staff, choosing a term, a support request and the audit of need. Each problem is named
next to its field; the services still decide who may do what."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.fields import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from contracts import school_year
from contracts.directory import URGENCIES

TERM_NAMES = ("autumn", "spring", "summer")
URGENCY_NAMES = {"low": "Low", "medium": "Medium", "high": "High"}
MAX_PRIORITIES = 20


def academic_year_of(day: date) -> int:
    """The academic year a day falls in, named by its first calendar year (September starts it)."""
    return day.year if day.month >= 9 else day.year - 1


def term_of(day: date) -> str:
    """``2026-autumn`` (September to December 2026), ``2027-spring`` (January to March 2027),
    ``2027-summer`` (April to August 2027): as the events service names terms."""
    return school_year.term_of(day).name


def term_name(term: str) -> str:
    """'Autumn term 2026', 'Spring term 2027'."""
    return school_year.parse_term(term).label


def term_choices(today: date) -> list[SelectChoice]:
    """The terms of last academic year, this one and the next, newest last."""
    current = academic_year_of(today)
    terms = [
        school_year.parse_term(f"{year}-{year + 1} {name}").name
        for year in range(current - 1, current + 2)
        for name in TERM_NAMES
    ]
    return [SelectChoice(term, term_name(term)) for term in terms]


def year_choices(today: date) -> list[SelectChoice]:
    current = academic_year_of(today)
    return [SelectChoice(str(year), f"{year} to {year + 1}") for year in (current, current + 1)]


class RefuseForm(FlaskForm):
    reason = TextAreaField(
        "Why are you refusing this booking?",
        widget=GovTextArea(),
        description="The member of staff will see this in their email",
        validators=[
            InputRequired("Enter a reason for refusing the booking"),
            Length(max=1000, message="The reason must be 1,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Refuse the booking", widget=GovSubmitInput())

    def validate_reason(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter a reason for refusing the booking")


class BookForForm(FlaskForm):
    person = SelectField(
        "Member of staff",
        widget=GovSelect(),
        validators=[InputRequired("Choose a member of staff")],
        validate_choice=False,  # checked against the school's staff in validate_person
    )
    submit = SubmitField("Book a place for them", widget=GovSubmitInput())

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice("", "Choose a member of staff")] + [
            SelectChoice(p["id"], p["name"]) for p in staff
        ]
        self._staff_ids = {p["id"] for p in staff}

    def validate_person(self, field):
        if field.data not in self._staff_ids:
            raise ValidationError("Choose a member of staff from the list")


class StatementForm(FlaskForm):
    """The term of a statement, in the query string (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    term = SelectField("Term", widget=GovSelect(), validate_choice=True)
    submit = SubmitField("Show the statement", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.term.choices = term_choices(today)


class SupportRequestForm(FlaskForm):
    area = SelectField(
        "Area of support",
        widget=GovSelect(),
        validators=[InputRequired("Choose the area you want support with")],
        validate_choice=False,  # checked against the directory's areas in validate_area
    )
    description = TextAreaField(
        "What support do you need?",
        widget=GovTextArea(),
        description="Say what you want to improve and what has been tried already",
        validators=[
            InputRequired("Describe the support you need"),
            Length(max=5000, message="The description must be 5,000 characters or fewer"),
        ],
    )
    urgency = RadioField(
        "How urgent is it?",
        widget=GovRadioInput(),
        choices=[SelectChoice(u, URGENCY_NAMES[u]) for u in URGENCIES],
        validators=[InputRequired("Choose how urgent the support is")],
    )
    days_wanted = StringField(
        "Days of support wanted (optional)",
        widget=GovTextInput(),
        description="In days, for example 2 or 1.5",
        validators=[Length(max=10, message="Enter a number of days, for example 2 or 1.5")],
    )
    submit = SubmitField("Send the request", widget=GovSubmitInput())

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice("", "Choose an area")] + [
            SelectChoice(a["id"], a["name"]) for a in areas
        ]
        self._area_ids = {a["id"] for a in areas}

    def validate_area(self, field):
        if field.data not in self._area_ids:
            raise ValidationError("Choose an area of support from the list")

    def validate_description(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Describe the support you need")

    def days(self) -> float | None:
        text = (self.days_wanted.data or "").strip()
        return float(text) if text else None

    def validate_days_wanted(self, field):
        text = (field.data or "").strip()
        if not text:
            return
        try:
            days = float(text)
        except ValueError:
            raise ValidationError("Enter a number of days, for example 2 or 1.5") from None
        if days != days or days < 0.5 or days > 365:
            raise ValidationError("Days of support must be between 0.5 and 365")


class AuditForm(FlaskForm):
    academic_year = SelectField("Academic year", widget=GovSelect(), validate_choice=True)
    priorities = TextAreaField(
        "Your school's training priorities",
        widget=GovTextArea(),
        description=f"One priority a line, up to {MAX_PRIORITIES}, for example Early reading",
        validators=[
            InputRequired("Enter at least one priority"),
            Length(max=MAX_PRIORITIES * 202, message="There are too many priorities"),
        ],
    )
    submit = SubmitField("Send the audit", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.academic_year.choices = year_choices(today)

    def priority_list(self) -> list[str]:
        return [line.strip() for line in (self.priorities.data or "").splitlines() if line.strip()]

    def validate_priorities(self, field):
        found = self.priority_list()
        if not found:
            raise ValidationError("Enter at least one priority")
        if len(found) > MAX_PRIORITIES:
            raise ValidationError(f"Enter {MAX_PRIORITIES} priorities or fewer")
        if any(len(line) > 200 for line in found):
            raise ValidationError("Each priority must be 200 characters or fewer")
