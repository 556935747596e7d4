"""The forms of the sharing practice pages (Flask-WTF, rendered by govuk-frontend-wtf): the
search kept in the query string, a post with its files, the half-termly feedback to heads, a
comment, a report and a moderator's reason for hiding."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, MultipleFileField, StringField, SubmitField
from wtforms.fields import SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from gateway.web.directory_forms import PHASE_CHOICES, SearchForm

PHASES = [SelectChoice(p, p) for p in PHASE_CHOICES]
MARKDOWN_HINT = (
    "You can use Markdown: **bold**, *italic*, # for a heading, - for a list and "
    "[words](https://example.org) for a link"
)


def area_choices(areas: dict, blank: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return [*first, *(SelectChoice(key, name) for key, name in areas.items())]


class PostSearchForm(SearchForm):
    q = StringField(
        "Words",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Words must be 200 characters or fewer")],
    )
    tag = SelectField("Area of practice", widget=GovSelect(), default="", choices=[])
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        default="",
        choices=[SelectChoice("", "Any phase"), *PHASES],
    )
    school = SelectField("School", widget=GovSelect(), default="", choices=[])
    submit = SubmitField("Search posts", widget=GovSubmitInput())


def _title() -> StringField:
    return StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )


class _WithFiles(FlaskForm):
    attachments = MultipleFileField("Files", widget=GovFileInput(multiple=True))


class PostForm(_WithFiles):
    title = _title()
    text = StringField(
        "What you want to share",
        widget=GovTextArea(),
        description=MARKDOWN_HINT,
        validators=[Length(max=50_000, message="The text must be 50,000 characters or fewer")],
    )
    tags = SelectMultipleField(
        "Areas of practice", widget=GovCheckboxesInput(), choices=[], validate_choice=True
    )
    phases = SelectMultipleField(
        "Phases", widget=GovCheckboxesInput(), choices=PHASES, validate_choice=True
    )
    partnership_wide = BooleanField(
        "Share with everyone in the partnership, not only this space's members",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Publish post", widget=GovSubmitInput())


class FeedbackForm(_WithFiles):
    half_term = StringField(
        "Half term",
        widget=GovTextInput(),
        description="For example, 2026-27 autumn 1",
        validators=[
            DataRequired("Enter the half term"),
            Regexp(
                r"(?i)^\s*\d{4}\s*[-/]\s*\d{2,4}\s+(autumn|spring|summer)\s*[12]\s*$",
                message="Enter a half term like 2026-27 autumn 1",
            ),
        ],
    )
    title = _title()
    text = StringField(
        "Feedback to heads",
        widget=GovTextArea(),
        description=MARKDOWN_HINT,
        validators=[Length(max=50_000, message="The text must be 50,000 characters or fewer")],
    )
    submit = SubmitField("Publish feedback to heads", widget=GovSubmitInput())


def _reason(label: str, missing: str) -> StringField:
    return StringField(
        label,
        widget=GovTextArea(),
        validators=[
            DataRequired(missing),
            Length(max=1000, message="The reason must be 1,000 characters or fewer"),
        ],
    )


class CommentForm(FlaskForm):
    text = StringField(
        "Add a comment",
        widget=GovTextArea(),
        description=MARKDOWN_HINT,
        validators=[
            DataRequired("Enter your comment"),
            Length(max=10_000, message="Your comment must be 10,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class ReportForm(FlaskForm):
    reason = _reason("Why are you reporting this?", "Enter why you are reporting this")
    submit = SubmitField("Send report", widget=GovSubmitInput())


class HideForm(FlaskForm):
    reason = _reason("Why are you hiding this?", "Enter why you are hiding this")
    submit = SubmitField("Hide it", widget=GovSubmitInput())
