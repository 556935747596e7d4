"""The coordinator edits the public website's pages (home introduction, about, constitution,
FAQ): ``/manage/site`` lists them, ``/manage/site/<slug>`` edits one (community
``update_site_page``, which decides who may). Markdown, shown safely."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from contracts.clients.community import CommunityClient
from contracts.community_site import SITE_SLUGS
from contracts.errors import Forbidden, InvalidInput
from gateway.rpc import call, call_all
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("site_manage", __name__, url_prefix="/manage/site")
register_errors(blp)

PUBLIC_ENDPOINTS = {
    "home": "public.home",
    "about": "public.about",
    "constitution": "public.constitution",
    "faq": "public.faq",
}


class SitePageForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=120, message="Up to 120 characters"),
        ],
    )
    text = TextAreaField(
        "Text",
        widget=GovTextArea(),
        description="Markdown: ## for a heading, - for a list item, **bold**, [a link](https://...)",
        validators=[
            InputRequired("Enter the page's text"),
            Length(max=50_000, message="Up to 50,000 characters"),
        ],
    )
    submit = SubmitField("Save and publish", widget=GovSubmitInput())


def _check_coordinator() -> None:
    if not g.caller.has_role("coordinator"):
        raise Forbidden("Only the coordinator may edit the website's pages.")


@blp.get("")
@signed_in
def index():
    _check_coordinator()
    pages = call_all(*[(CommunityClient.get_site_page, slug) for slug in SITE_SLUGS])
    return render("web/manage/site_pages.html", pages=pages, endpoints=PUBLIC_ENDPOINTS)


@blp.route("/<slug>", methods=["GET", "POST"])
@signed_in
def edit(slug: str):
    if slug not in SITE_SLUGS:
        abort(404)
    _check_coordinator()
    page = call(CommunityClient.get_site_page, slug)
    form = SitePageForm()
    if request.method == "GET":
        form.title.data, form.text.data = page["title"], page["text"]
    elif form.validate():
        data = {"title": form.title.data.strip(), "text": form.text.data}
        try:
            call(CommunityClient.update_site_page, slug, data)
        except InvalidInput as err:
            for name, problems in (err.fields or {"text": [err.message]}).items():
                target = form[name] if name in form else form.text
                target.errors = [*list(target.errors or []), *problems]
        else:
            flash(f"{data['title']} is saved and published.", "success")
            return redirect(url_for(PUBLIC_ENDPOINTS[slug]))
    status = 400 if form.errors else 200
    return render("web/manage/site_page_form.html", status, form=form, page=page)
