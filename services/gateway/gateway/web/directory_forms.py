"""The forms of the directory, support and inbox pages (Flask-WTF, rendered by
govuk-frontend-wtf): searches kept in the query string, the offer of one's expertise and the
notification preferences."""

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import StringField, SubmitField
from wtforms.fields import RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from contracts import directory as d
from contracts import notifications as n

PHASE_CHOICES = [p for p in d.PHASES if p != "Not applicable"]
ROLE_NAMES = {
    "headteacher": "Headteacher",
    "deputy_head": "Deputy headteacher",
    "assistant_head": "Assistant headteacher",
    "senco": "SENCO",
    "business_manager": "School business manager",
    "school_admin": "School administrator",
    "teacher": "Teacher",
    "support_staff": "Support staff",
    "coordinator": "Partnership coordinator",
    "la_officer": "Local authority officer",
}
CATEGORY_NAMES = {
    "bookings": "Bookings",
    "waitlist": "Waiting lists and offered places",
    "approvals": "Approvals",
    "reminders": "Reminders",
    "directory": "The directory and support offers",
    "group_news": "Group and cluster news",
    "community": "Sharing practice: spaces and tags you follow, feedback to heads",
}
EMAIL_MODE_NAMES = {
    "immediate": "Email me straight away",
    "daily": "A daily summary email",
    "weekly": "A weekly summary email",
    "off": "No emails",
}


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role.replace("_", " ").capitalize())


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class SearchForm(FlaskForm):
    """A search kept in the query string (a GET form: no CSRF)."""

    class Meta:
        csrf = False


class SchoolSearchForm(SearchForm):
    q = StringField(
        "School name",
        widget=GovTextInput(),
        validators=[Length(max=100, message="School name must be 100 characters or fewer")],
    )
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        default="",
        choices=_choices([("", "Any phase"), *((p, p) for p in PHASE_CHOICES)]),
    )
    type = StringField(
        "Type of school",
        widget=GovTextInput(),
        validators=[Length(max=100, message="Type of school must be 100 characters or fewer")],
    )
    cluster = SelectField(
        "Cluster", widget=GovSelect(), default="", choices=[SelectChoice("", "Any cluster")]
    )
    submit = SubmitField("Search schools", widget=GovSubmitInput())


class PeopleSearchForm(SearchForm):
    q = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[Length(max=100, message="Name must be 100 characters or fewer")],
    )
    school = StringField(
        "School",
        widget=GovTextInput(),
        validators=[Length(max=100, message="School must be 100 characters or fewer")],
    )
    role = SelectField(
        "Role",
        widget=GovSelect(),
        default="",
        choices=_choices([("", "Any role"), *((r, role_name(r)) for r in d.ROLES)]),
    )
    submit = SubmitField("Search people", widget=GovSubmitInput())


class OfferSearchForm(SearchForm):
    area = SelectField(
        "Area of support", widget=GovSelect(), default="", choices=[SelectChoice("", "Any area")]
    )
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        default="",
        choices=_choices([("", "Any phase"), *((p, p) for p in PHASE_CHOICES)]),
    )
    cluster = SelectField(
        "Cluster", widget=GovSelect(), default="", choices=[SelectChoice("", "Any cluster")]
    )
    q = StringField(
        "Words to look for",
        widget=GovTextInput(),
        validators=[Length(max=100, message="Words to look for must be 100 characters or fewer")],
    )
    submit = SubmitField("Search offers", widget=GovSubmitInput())


class OfferForm(FlaskForm):
    area = SelectField(
        "Area of support",
        widget=GovSelect(),
        choices=[SelectChoice("", "Choose an area")],
        validators=[InputRequired("Choose the area of support")],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    description = StringField(
        "Description",
        widget=GovTextArea(),
        validators=[Length(max=5000, message="Description must be 5,000 characters or fewer")],
    )
    phases = SelectMultipleField(
        "Phases",
        widget=GovCheckboxesInput(),
        choices=_choices((p, p) for p in PHASE_CHOICES),
        validate_choice=True,
    )
    academic_year = StringField(
        "Academic year",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the academic year"),
            Regexp(r"^20\d\d-\d\d$", message="Enter an academic year like 2026-27"),
        ],
    )
    capacity_days = StringField(
        "Days a year",
        widget=GovTextInput(),
        description="How many days a year you can give, for example 2 or 2.5",
        validators=[InputRequired("Enter how many days a year you can give")],
    )
    submit = SubmitField("Publish my offer", widget=GovSubmitInput())

    def validate_capacity_days(self, field):
        try:
            number = float((field.data or "").strip())
        except ValueError:
            raise ValidationError("Days a year must be a number, like 2 or 2.5") from None
        if not 0.5 <= number <= 365 or number * 2 != int(number * 2):
            raise ValidationError("Days a year must be between 0.5 and 365, in half days")
        field.number = number

    def validate_academic_year(self, field):
        data = (field.data or "").strip()
        if re.fullmatch(r"20\d\d-\d\d", data) and (int(data[2:4]) + 1) % 100 != int(data[5:7]):
            raise ValidationError(
                "Enter an academic year like 2026-27, the second year after the first"
            )


def preferences_form(current: dict):
    """A form with one set of radios per category, preset to the person's choices."""

    class PreferencesForm(FlaskForm):
        submit = SubmitField("Save my preferences", widget=GovSubmitInput())

    for category in n.ALL_CATEGORIES:
        field = RadioField(
            CATEGORY_NAMES.get(category, category),
            widget=GovRadioInput(),
            choices=_choices((m, EMAIL_MODE_NAMES[m]) for m in n.EMAIL_MODES),
            validators=[InputRequired(f"Choose how to hear about {CATEGORY_NAMES[category]}")],
            default=(current.get(category) or {}).get("email", "immediate"),
        )
        setattr(PreferencesForm, category, field)
    return PreferencesForm
