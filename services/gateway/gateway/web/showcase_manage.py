"""A school's showcase on the public website, edited by its headteacher or school administrator
(the community's ``publish_showcase`` / ``withdraw_showcase`` decide who may): ``/school/showcase``
lists the school's entries and publishes a new one with a photo (multipart form)."""

import base64

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from contracts.clients.community import CommunityClient
from contracts.errors import InvalidInput
from gateway.rpc import call
from gateway.upload_limit import upload_route
from gateway.web import community_uploads as uploads
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("showcase_manage", __name__, url_prefix="/school/showcase")
register_errors(blp)

FIELDS = {"title": "title", "text": "text", "photos": "photo"}


class ShowcaseForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=200, message="Up to 200 characters"),
        ],
    )
    text = TextAreaField(
        "What you do and what it achieves",
        widget=GovTextArea(),
        description="Markdown: ## for a heading, - for a list item, **bold**",
        validators=[Length(max=20_000, message="Up to 20,000 characters")],
    )
    photo = FileField(
        "Photo (optional)",
        widget=GovFileInput(),
        description="A PNG, JPEG, GIF or WebP image. Only photos you have permission to publish.",
    )
    photo_description = StringField(
        "Describe the photo",
        widget=GovTextInput(),
        description="For people who cannot see it, for example: pupils building a den",
        validators=[Length(max=300, message="Up to 300 characters")],
    )
    submit = SubmitField("Publish on the website", widget=GovSubmitInput())


def _urn() -> int:
    """The caller's school; the coordinator names one (``?urn=``)."""
    urn = request.args.get("urn", type=int) or g.caller.school_urn
    if urn is None:
        abort(404)
    return urn


def _payload(form: ShowcaseForm) -> dict:
    data = {"title": form.title.data.strip(), "text": form.text.data or "", "photos": []}
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        content = base64.b64encode(upload.read()).decode("ascii")
        description = (form.photo_description.data or "").strip()
        photo = {"filename": upload.filename, "content": content, "description": description}
        data["photos"].append(photo)
    return data


def _show_problem(form: ShowcaseForm, err: InvalidInput) -> None:
    for name, problems in (err.fields or {"title": [err.message]}).items():
        field = "photo_description" if name.endswith(".description") else name.split(".")[0]
        target = form[FIELDS.get(field, field if field in form else "title")]
        target.errors = [*list(target.errors or []), *problems]


@blp.route("", methods=["GET", "POST"])
@upload_route
@signed_in
def showcase():
    urn = _urn()
    form = ShowcaseForm()
    if request.method == "POST" and form.validate():
        try:
            call(CommunityClient.publish_showcase, urn, _payload(form))
        except InvalidInput as err:
            _show_problem(form, err)
        else:
            flash("Your entry is published on the school's public page.", "success")
            return redirect(url_for("showcase_manage.showcase", **_named(urn)))
    status = 400 if form.errors else 200
    return _page(urn, form, status)


def _page(urn: int, form: ShowcaseForm, status: int = 200):
    entries = call(CommunityClient.list_school_showcase, urn)["items"]
    return render("web/school/showcase.html", status, form=form, entries=entries, urn=urn)


@blp.after_request
def too_large(response):
    """A photo over the gateway's upload limit (answered 413 before the view): the form again,
    the limit said by the photo field."""

    def page():
        form = ShowcaseForm(formdata=None)
        limit = current_app.config["ATTACHMENT_MAX_BYTES"] / (1024 * 1024)
        form.photo.errors = [f"The photo must be smaller than {limit:g} MB"]
        return _page(_urn(), form, 413)

    return uploads.too_large_page(response, "showcase_manage.showcase", page)


@blp.post("/<entry_id>/withdraw")
@signed_in
def withdraw(entry_id: str):
    if len(entry_id) > 64:
        abort(404)
    entry = call(CommunityClient.withdraw_showcase, entry_id)
    flash("The entry is withdrawn from the website.", "success")
    return redirect(url_for("showcase_manage.showcase", **_named(entry["school_urn"])))


def _named(urn: int) -> dict:
    """``?urn=`` when it is not the caller's own school (the coordinator's case)."""
    return {} if urn == g.caller.school_urn else {"urn": urn}
