"""The forms of a brokerage case (directory ``add_case_review``, ``close_case``, ``cancel_case``,
``give_consent``): each field checked as the contract would, so a bad answer comes back next to
its field and nothing reaches the service. The submit buttons have names of their own, because
the review, close and cancel forms share one page."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from gateway.web.form_parts import choices
from gateway.web.forms import DayMonthYearField


def _text(label: str, missing: str | None, most: int, **kwargs) -> TextAreaField:
    """A text box; ``missing`` is the problem when it is left empty (None: it may be)."""
    size = Length(max=most, message=f"{label} must be {most:,} characters or fewer")
    needed = [DataRequired(missing)] if missing else []
    return TextAreaField(
        label, widget=GovTextArea(), validators=[*needed, size], filters=[_stripped], **kwargs
    )


def _stripped(text):
    return text.strip() if isinstance(text, str) else text


class ReviewForm(FlaskForm):
    """A review of an open case: when, how it is going, and when to look again."""

    on = DayMonthYearField("Date of the review", validators=[InputRequired("Enter the date")])
    notes = _text(
        "Progress so far",
        "Enter how the support is going",
        5000,
        description="What has been delivered so far, what has changed, anything to sort out",
    )
    next_review_on = DayMonthYearField("Next review (optional)")
    review_submit = SubmitField("Record the review", widget=GovSubmitInput())

    def validate_next_review_on(self, field):
        on = self.on.data
        if isinstance(on, date) and isinstance(field.data, date) and field.data < on:
            raise ValidationError("The next review must be on or after the date of this review")

    def payload(self) -> dict:
        return {
            "on": self.on.data.isoformat(),
            "notes": self.notes.data.strip(),
            "next_review_on": self.next_review_on.data.isoformat()
            if self.next_review_on.data
            else None,
        }


class CloseForm(FlaskForm):
    """Close an active case with the difference the support made."""

    impact = _text(
        "Impact",
        "Enter the impact of the support",
        10000,
        description="What changed for the school, its staff and its pupils, with any evidence",
    )
    days_delivered = StringField(
        "Days delivered (optional)",
        widget=GovTextInput(),
        description="Leave empty if every agreed day was delivered. Undelivered days go back "
        "to the providing school's offer",
    )
    close_submit = SubmitField("Close the case", widget=GovSubmitInput())

    def validate_days_delivered(self, field):
        text = (field.data or "").strip()
        if not text:
            return
        try:
            days = float(text)
        except ValueError:
            raise ValidationError("Days delivered must be a number, like 3 or 2.5") from None
        if days < 0 or days * 2 != int(days * 2):
            raise ValidationError("Days delivered must be 0 or more, in half days")

    def payload(self) -> dict:
        text = (self.days_delivered.data or "").strip()
        return {"impact": self.impact.data.strip(), "days_delivered": float(text) if text else None}


class CancelCaseForm(FlaskForm):
    """Cancel an open case: its days go back to the offer and the request opens again."""

    reason = _text("Why is the case cancelled?", "Enter why the case is cancelled", 2000)
    cancel_submit = SubmitField("Cancel the case", widget=GovSubmitInput())

    def payload(self) -> dict:
        return {"reason": self.reason.data.strip()}


class ConsentForm(FlaskForm):
    """The providing school's head agrees to give the support, or refuses."""

    given = RadioField(
        "Do you agree to your school giving this support?",
        widget=GovRadioInput(),
        choices=choices([("yes", "Yes, we agree"), ("no", "No, we cannot give it")]),
        validators=[InputRequired("Choose whether your school agrees")],
    )
    note = _text(
        "Note to the LA officer",
        None,
        2000,
        description="If your school cannot give this support, say why. If it can, you may say "
        "who will lead it",
    )
    consent_submit = SubmitField("Send my answer", widget=GovSubmitInput())

    def validate_note(self, field):
        if self.given.data == "no" and not (field.data or "").strip():
            raise ValidationError("Say why your school cannot give this support")

    def payload(self) -> dict:
        return {"given": self.given.data == "yes", "note": (self.note.data or "").strip()}
