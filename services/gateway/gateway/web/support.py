"""The school-to-school support directory: directory ``search_offers``, ``get_offer``,
``list_support_areas``, ``list_clusters`` and ``create_offer`` (the same RPCs as the API). An
offer of one's expertise is made for the signed-in person and their school; the directory
decides whether they may."""

from datetime import datetime

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from wtforms.fields.choices import SelectChoice

from contracts.clients.directory import DirectoryClient
from contracts.errors import InvalidInput
from gateway.rpc import call
from gateway.web.directory import (
    CLUSTERS,
    cluster_choices,
    cluster_names,
    page_number,
    pagination,
    search_page,
)
from gateway.web.directory_forms import OfferForm, OfferSearchForm
from gateway.web.pages import LONDON, error_page, register_errors, render
from gateway.web.reference import call_all
from gateway.web.session import signed_in

blp = Blueprint("support_pages", __name__)
register_errors(blp)

OFFER_FIELDS = ("area", "title", "description", "phases", "academic_year", "capacity_days")


AREAS = (DirectoryClient.list_support_areas,)


def _areas(answer: dict | None = None) -> dict:
    """The support areas by id (``list_support_areas``, remembered for a few seconds, or its
    ``answer`` already had)."""
    answer = call_all(AREAS)[0] if answer is None else answer
    return {a["id"]: a["name"] for a in answer["items"]}


def _area_choices(areas: dict, blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank), *(SelectChoice(k, v) for k, v in areas.items())]


def days(value) -> str:
    """'1 day', '2.5 days'."""
    number = float(value or 0)
    text = f"{number:g}"
    return f"{text} day" if number == 1 else f"{text} days"


blp.add_app_template_filter(days, "days")


def this_academic_year() -> str:
    today = datetime.now(LONDON).date()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@blp.get("/support")
@signed_in
def search():
    """Offers by area, phase, cluster and words, kept in the query string, a page at a time
    (one ``search_offers``; one ``list_support_areas`` and one ``list_clusters`` for the
    filters)."""
    form = OfferSearchForm(request.args)
    page = page_number()

    def choose(form, areas, clusters):
        form.area.choices = _area_choices(_areas(areas), "Any area")
        form.cluster.choices = cluster_choices(cluster_names(clusters))

    (areas, clusters), found, status = search_page(
        form,
        DirectoryClient.search_offers,
        ("area", "phase", "cluster", "q"),
        page,
        [AREAS, CLUSTERS],
        choose,
        ("area", "cluster"),
    )
    areas, clusters = _areas(areas), cluster_names(clusters)
    return render(
        "web/support/search.html",
        status,
        form=form,
        offers=found["items"],
        areas=areas,
        clusters=clusters,
        paging=pagination("support_pages.search", page, found["total"]),
    )


@blp.get("/support/offers/<offer_id>")
@signed_in
def offer(offer_id: str):
    """One offer: who offers it, the area, phases, days left, evidence and verification."""
    if len(offer_id) > 64:
        abort(404)
    found = call(DirectoryClient.get_offer, offer_id)
    return render("web/support/offer.html", offer=found, areas=_areas(), clusters=cluster_names())


@blp.route("/support/offers/new", methods=["GET", "POST"])
@signed_in
def new_offer():
    """Offer my expertise: directory ``create_offer`` for me and my school."""
    if g.caller.school_urn is None:
        return error_page(
            403,
            "You cannot offer expertise here",
            "Offers of expertise are made for a school, and your account is not at a school.",
        )
    areas = _areas()
    form = OfferForm(academic_year=this_academic_year())
    form.area.choices = _area_choices(areas, "Choose an area")
    if request.method == "GET" or not form.validate():
        status = 400 if request.method == "POST" else 200
        return render("web/support/new_offer.html", status, form=form)
    data = {
        "school_urn": g.caller.school_urn,
        "person_id": g.caller.id,
        "area": form.area.data,
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "phases": list(form.phases.data or []),
        "academic_year": form.academic_year.data.strip(),
        "capacity_days": form.capacity_days.number,
    }
    try:
        created = call(DirectoryClient.create_offer, data)
    except InvalidInput as err:
        for name, problems in (err.fields or {}).items():
            field = getattr(form, name, None) if name in OFFER_FIELDS else None
            if field is not None:
                field.errors = [*field.errors, *(str(p) for p in problems)]
        if not form.errors:
            form.title.errors = [err.message or "Check the offer and try again"]
        return render("web/support/new_offer.html", 400, form=form)
    flash(
        "Your offer is published in the support directory. Schools can now find it; the "
        "partnership may check it with your headteacher.",
        "success",
    )
    return redirect(url_for("support_pages.offer", offer_id=created["id"]))
