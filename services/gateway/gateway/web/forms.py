"""The pages' forms (Flask-WTF, rendered by govuk-frontend-wtf): labels in plain English, and
every problem named next to its field."""

from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, PasswordField, StringField, SubmitField
from wtforms.fields import DateField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from contracts.events import KINDS
from gateway.web.pages import KIND_NAMES

PHASES = ("Primary", "Secondary", "Special", "All-through", "Nursery", "16 plus")


class DayMonthYearField(DateField):
    """A date typed as day, month and year. A missing or empty part is a problem on the form,
    never a 500 (the widget needs exactly three parts); all three empty means no date."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        parts = [str(part).strip() for part in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        if not any(parts):
            self.data = None
            return
        if not all(parts):
            self.data = None
            raise ValueError(f"{self.label.text} must include a day, month and year")
        try:
            self.data = datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from None


class SignInForm(FlaskForm):
    email = StringField(
        "Email",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address"), Length(max=320)],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password"), Length(max=200)],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgottenPasswordForm(FlaskForm):
    email = StringField(
        "Email",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
            Length(max=320),
        ],
    )
    submit = SubmitField("Send me a reset link", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    code = StringField(
        "Reset code",
        widget=GovTextInput(),
        description="It is in the email we sent you",
        validators=[
            InputRequired("Enter the reset code from the email"),
            Length(min=16, max=200, message="Enter the whole reset code from the email"),
        ],
    )
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description="At least 8 characters",
        validators=[
            InputRequired("Enter a new password"),
            Length(min=8, max=200, message="Your new password must be at least 8 characters"),
        ],
    )
    submit = SubmitField("Set my new password", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class OfferAnswerForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    accept = SubmitField("Accept the place", widget=GovSubmitInput())
    decline = SubmitField("Decline the place", widget=GovSubmitInput())


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ListedSelect(SelectField):
    """A drop-down whose value must be one it lists; any other is ``problem``, by the field."""

    def __init__(self, label, problem: str, **kwargs):
        super().__init__(label, widget=GovSelect(), default="", **kwargs)
        self.problem = problem

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValueError:
            raise ValidationError(self.problem) from None


class EventFilterForm(FlaskForm):
    """The events calendar's filters, kept in the query string (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    # (a query string without one of these filters is not an error: no filter)
    kind = ListedSelect(
        "Type of event",
        "Choose a type of event from the list",
        choices=_choices([("", "Any type"), *((k, KIND_NAMES[k]) for k in KINDS)]),
    )
    phase = ListedSelect(
        "Phase",
        "Choose a phase from the list",
        choices=_choices([("", "Any phase"), *((p, p) for p in PHASES)]),
    )
    cluster = StringField(
        "Cluster", widget=GovTextInput(), validators=[Length(max=60, message="Too long")]
    )
    # the directory's strategic groups (``with_groups``); an event names its group as its owner
    group = ListedSelect(
        "Strategic group",
        "Choose a strategic group from the list",
        choices=_choices([("", "Any group")]),
    )
    date_from = DayMonthYearField("From")
    date_to = DayMonthYearField("To")
    places_left = BooleanField("Only events with places left", widget=GovCheckboxInput())
    submit = SubmitField("Show events", widget=GovSubmitInput())

    def validate_date_to(self, field):
        start, end = self.date_from.data, field.data
        if isinstance(start, date) and isinstance(end, date) and end < start:
            raise ValueError("To must be the same as or after From")

    def with_groups(self, groups: list[dict]) -> "EventFilterForm":
        """The group choices: the directory's strategic groups by name (an id not among them is
        a problem by the field)."""
        self.group.choices = _choices([("", "Any group"), *((g["id"], g["name"]) for g in groups)])
        return self


RATINGS = (
    ("5", "5: very useful"),
    ("4", "4: useful"),
    ("3", "3: partly useful"),
    ("2", "2: not very useful"),
    ("1", "1: not useful at all"),
)


class FeedbackForm(FlaskForm):
    """Feedback on an event the person attended (events ``submit_feedback``)."""

    rating = RadioField(
        "How useful was the event?",
        widget=GovRadioInput(),
        choices=_choices(RATINGS),
        validators=[InputRequired("Choose how useful the event was")],
    )
    comments = StringField(
        "Comments (optional)",
        widget=GovTextArea(),
        description="What worked, and what could be better",
        validators=[Length(max=5000, message="Comments must be 5,000 characters or fewer")],
    )
    submit = SubmitField("Send feedback", widget=GovSubmitInput())
