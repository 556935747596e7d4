"""Forms for meetings and the LA officer's school pages: a meeting's chair and minute-taker, a
Teachmeet presentation slot, statutory-moderation selection and the support ledger's year.
Every problem is named next to its field; nothing reaches a service until the form is valid."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from gateway.web.form_parts import choices

# phases as the directory spells them (contracts.directory.PHASES)
MODERATION_PHASES = ("Primary", "Middle deemed primary", "Secondary", "All-through")


def current_academic_year(today: date | None = None) -> str:
    """The academic year a day falls in, starting on 1 September: '2026-27'."""
    today = today or date.today()
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def check_academic_year(form, field) -> None:
    """A year like 2026-27, whose second part follows the first."""
    text = (field.data or "").strip()
    field.data = text
    if not text:
        return
    first, _, second = text.partition("-")
    if not (len(first) == 4 and first.startswith("20") and first.isdigit()):
        raise ValidationError("Enter an academic year like 2026-27")
    if not (len(second) == 2 and second.isdigit()) or int(second) != (int(first) + 1) % 100:
        raise ValidationError("Enter an academic year like 2026-27")


class ChoiceField(SelectField):
    """A drop-down whose answer must be one of its choices, said in plain English."""

    def __init__(self, label=None, validators=None, wrong="Choose from the list", **kwargs):
        kwargs.setdefault("choices", [])
        kwargs.setdefault("default", "")
        super().__init__(label, validators, widget=GovSelect(), **kwargs)
        self.wrong = wrong

    def pre_validate(self, form):
        if self.data not in {c.value if hasattr(c, "value") else c[0] for c in self.choices}:
            raise ValidationError(self.wrong)


class MeetingRolesForm(FlaskForm):
    chair_id = ChoiceField(
        "Chair",
        validators=[InputRequired("Choose who chairs the meeting")],
        wrong="Choose the chair from the list",
    )
    minute_taker_id = ChoiceField(
        "Minute-taker",
        validators=[InputRequired("Choose who takes the minutes")],
        wrong="Choose the minute-taker from the list",
    )
    submit = SubmitField("Save the chair and minute-taker", widget=GovSubmitInput())

    def set_people(self, people: list[tuple[str, str]]) -> None:
        self.chair_id.choices = choices([("", "Choose the chair"), *people])
        self.minute_taker_id.choices = choices([("", "Choose the minute-taker"), *people])


class SlotForm(FlaskForm):
    title = StringField(
        "Title of your presentation",
        widget=GovTextInput(),
        filters=[lambda text: text.strip() if isinstance(text, str) else text],
        validators=[
            DataRequired("Enter the title of your presentation"),
            Length(max=200, message="The title must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Claim the slot", widget=GovSubmitInput())


def year_field(hint: str, required: bool) -> StringField:
    first = InputRequired("Enter the academic year, like 2026-27") if required else Optional()
    return StringField(
        "Academic year",
        widget=GovTextInput(),
        description=hint,
        validators=[first, check_academic_year],
    )


class QueryForm(FlaskForm):
    """A GET form kept in the query string: no CSRF token."""

    class Meta:
        csrf = False


class ModerationFilterForm(QueryForm):
    """Which year, and which schools to choose from."""

    academic_year = year_field("For example, 2026-27", required=True)
    phase = ChoiceField(
        "Phase",
        description="Key stage 1 and 2 assessment is moderated in primary schools",
        choices=choices([("", "Any phase"), *((p, p) for p in MODERATION_PHASES)]),
        wrong="Choose a phase from the list",
    )
    cluster = ChoiceField("Cluster", wrong="Choose a cluster from the list")
    q = StringField(
        "School name contains",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message="Enter 100 characters or fewer")],
    )
    submit = SubmitField("Show schools", widget=GovSubmitInput())

    def set_clusters(self, clusters: list[dict]) -> None:
        self.cluster.choices = choices(
            [("", "Any cluster"), *((c["id"], c["name"]) for c in clusters)]
        )

    def query(self) -> dict:
        """The directory's school search for these filters (open schools only)."""
        found = {"per_page": 200, "status": "Open"}
        for name in ("phase", "cluster", "q"):
            value = (self[name].data or "").strip()
            if value:
                found[name] = value
        return found


class ModerationSelectForm(FlaskForm):
    urns = SelectMultipleField(
        "Schools selected for moderation",
        widget=GovCheckboxesInput(),
        choices=[],
        validate_choice=True,
    )
    submit = SubmitField("Save the selection", widget=GovSubmitInput())


class LedgerYearForm(QueryForm):
    academic_year = year_field("For example, 2026-27. Leave it empty for every year", False)
    submit = SubmitField("Show the year", widget=GovSubmitInput())
