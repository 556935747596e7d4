"""The forms of the cluster meeting and demand pages: generating a cluster rota, publishing minutes
with their actions, and commissioning a course that answers training requests. Every problem is
named next to its field; nothing is sent to a service until the form is valid."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from contracts.events import YEAR_GROUPS
from gateway.web.form_parts import TimeField, choices, london, parse_time, places_field
from gateway.web.forms import DayMonthYearField

ACTION_ROWS = 3


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
    capacity = places_field()
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
