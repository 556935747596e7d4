"""The coordinator's forms for strategic groups, people and their roles, and email delivery
records. Every problem is named next to its field; nothing is sent to a service until the form
is valid. The directory still decides who may do what: a refusal comes back by the field."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from contracts import directory as d
from contracts import notifications as n
from gateway.web.directory_forms import PHASE_CHOICES, SearchForm, role_name
from gateway.web.form_parts import choices
from gateway.web.forms import DayMonthYearField

# the shape of an address only: the directory checks it fully (and knows the demo's .test ones)
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
OFFICE_NAMES = {"chair": "Chair", "secretary": "Secretary"}
DELIVERY_STATUS_NAMES = {
    "pending": "Waiting to send",
    "sending": "Sending",
    "sent": "Sent",
    "failed": "Failed",
    "queued": "Waiting for a summary email",
    "digested": "Sent in a summary email",
    "assembling": "Being put into a summary email",
}


def person_field(label: str = "Person") -> SelectField:
    """A choice of person; the page fills in the people (one directory call)."""
    return SelectField(
        label,
        widget=GovSelect(),
        choices=[],
        default="",
        validators=[InputRequired("Choose a person")],
    )


class OfficeForm(FlaskForm):
    """Name a chair or secretary of a strategic group for a term."""

    office = RadioField(
        "Office",
        widget=GovRadioInput(),
        choices=choices(OFFICE_NAMES.items()),
        validators=[InputRequired("Choose chair or secretary")],
    )
    person_id = person_field("Who holds the office")
    starts_on = DayMonthYearField(
        "Term starts", validators=[InputRequired("Enter the date the term starts")]
    )
    ends_on = DayMonthYearField("Term ends (optional)")
    submit = SubmitField("Name them for the term", widget=GovSubmitInput())

    def validate_ends_on(self, field):
        starts = self.starts_on.data
        if isinstance(starts, date) and isinstance(field.data, date) and field.data < starts:
            raise ValidationError("The term must end on or after the day it starts")

    def payload(self) -> dict:
        return {
            "office": self.office.data,
            "person_id": self.person_id.data,
            "starts_on": self.starts_on.data.isoformat(),
            "ends_on": self.ends_on.data.isoformat() if self.ends_on.data else None,
        }


class MemberForm(FlaskForm):
    """Add a member to a strategic group."""

    member_id = person_field("Who joins the group")
    add = SubmitField("Add to the group", widget=GovSubmitInput())


class GroupEditForm(FlaskForm):
    """The phases a strategic group is associated with."""

    phases = SelectMultipleField(
        "Phases the group works with",
        widget=GovCheckboxesInput(),
        choices=choices((p, p) for p in PHASE_CHOICES),
    )
    save = SubmitField("Save the phases", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    """Grant or remove one of a person's roles."""

    role = SelectField(
        "Role",
        widget=GovSelect(),
        choices=choices([("", "Choose a role"), *((r, role_name(r)) for r in d.ROLES)]),
        validators=[InputRequired("Choose a role")],
    )
    change = RadioField(
        "Grant or remove it?",
        widget=GovRadioInput(),
        choices=choices([("grant", "Grant the role"), ("remove", "Remove the role")]),
        validators=[InputRequired("Choose whether to grant or remove the role")],
    )
    submit = SubmitField("Change the roles", widget=GovSubmitInput())

    def payload(self) -> dict:
        return {"role": self.role.data, "assigned": self.change.data == "grant"}


class PersonForm(FlaskForm):
    """Add a person to the directory; they set a password from the forgotten-password link."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the person's full name"), Length(max=200)],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's email address"),
            Regexp(
                EMAIL, message="Enter an email address in the correct format, like name@example.com"
            ),
            Length(max=320),
        ],
    )
    school_urn = SelectField("School", widget=GovSelect(), choices=[], default="")
    job_title = StringField(
        "Job title (optional)",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Job title must be 200 characters or fewer")],
    )
    roles = SelectMultipleField(
        "Roles",
        widget=GovCheckboxesInput(),
        choices=choices((r, role_name(r)) for r in d.ROLES),
    )
    submit = SubmitField("Add the person", widget=GovSubmitInput())

    def validate_name(self, field):
        if field.data is not None and not field.data.strip():
            raise ValidationError("Enter the person's full name")

    def payload(self) -> dict:
        data = {
            "name": self.name.data.strip(),
            "email": self.email.data.strip(),
            "roles": list(self.roles.data or []),
            "job_title": (self.job_title.data or "").strip(),
        }
        if self.school_urn.data:
            data["school_urn"] = int(self.school_urn.data)
        return data


class DeliveryFilterForm(SearchForm):
    """The delivery records' status filter, kept in the query string."""

    status = SelectField(
        "Status",
        widget=GovSelect(),
        default="",
        choices=choices(
            [("", "Any status"), *((s, DELIVERY_STATUS_NAMES[s]) for s in n.DELIVERY_STATUSES)]
        ),
    )
    submit = SubmitField("Show records", widget=GovSubmitInput())
