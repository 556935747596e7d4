"""The LA officer's forms: a school's Ofsted report-card grades (an inspection today or in the
past) and brokering school-to-school support (days in half days, an end on or after the start).
Every problem is named next to its field."""

from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from contracts import directory as d
from gateway.web.form_parts import choices
from gateway.web.forms import DayMonthYearField
from gateway.web.pages import LONDON


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
