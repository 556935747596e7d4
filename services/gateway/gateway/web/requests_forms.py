"""The form for asking for training (Flask-WTF, rendered by govuk-frontend-wtf): the topic, the
phase, why the school needs it and, if it fits one, the strategic group it belongs to."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.fields import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from gateway.web.directory_forms import PHASE_CHOICES


def _one_of(field, message: str) -> None:
    """A select's value is one of its choices (a plain-English problem otherwise)."""
    if (field.data or "") not in {choice.value for choice in field.choices}:
        raise ValidationError(message)


class TrainingRequestForm(FlaskForm):
    topic = StringField(
        "Topic",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the topic you want training on"),
            Length(max=200, message="The topic must be 200 characters or fewer"),
        ],
    )
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        choices=[SelectChoice("", "Choose a phase"), *(SelectChoice(p, p) for p in PHASE_CHOICES)],
        validators=[InputRequired("Choose the phase the training is for")],
        validate_choice=False,
    )
    reason = StringField(
        "Why your school needs it",
        widget=GovTextArea(),
        validators=[
            DataRequired("Say why your school needs this training"),
            Length(max=5000, message="Why your school needs it must be 5,000 characters or fewer"),
        ],
    )
    strategic_group = SelectField(
        "Strategic group (optional)",
        widget=GovSelect(),
        choices=[SelectChoice("", "None")],
        default="",
        validate_choice=False,
    )
    submit = SubmitField("Send my request", widget=GovSubmitInput())

    def validate_phase(self, field):
        _one_of(field, "Choose the phase the training is for")

    def validate_strategic_group(self, field):
        _one_of(field, "Choose a strategic group from the list, or None")

    def payload(self) -> dict:
        """The body of ``submit_training_request`` (TrainingRequestCreateSchema)."""
        return {
            "topic": self.topic.data.strip(),
            "phase": self.phase.data,
            "reason": self.reason.data.strip(),
            "strategic_group": self.strategic_group.data or None,
        }
