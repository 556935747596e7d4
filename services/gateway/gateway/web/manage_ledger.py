"""The LA officer's school pages: statutory-moderation selection (directory ``list_clusters``,
``list_schools`` twice, ``set_moderation_selection`` at most twice a save) and each school's
support ledger (``get_school``, ``school_ledger``, ``list_cases``): a fixed number of calls a
page, whatever the number of schools or cases. The directory decides who may: others get the 403
page from its Forbidden."""

from flask import flash, redirect, request
from werkzeug.datastructures import MultiDict

from contracts.clients.directory import DirectoryClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.form_parts import choices
from gateway.web.manage import blp, service_problem
from gateway.web.meetings_forms import (
    LedgerYearForm,
    ModerationFilterForm,
    ModerationSelectForm,
    current_academic_year,
)
from gateway.web.pages import pounds, render
from gateway.web.session import signed_in

CASE_STATUS = {
    "awaiting_consent": ("Waiting for consent", "govuk-tag--blue"),
    "active": ("Active", "govuk-tag--green"),
    "closed": ("Closed", "govuk-tag--grey"),
    "declined": ("Declined", "govuk-tag--red"),
    "cancelled": ("Cancelled", "govuk-tag--grey"),
}
FUNDING = {"cost": "Paid for", "credit": "Paid in credit days", "free": "Free"}


def _names(schools) -> str:
    return ", ".join(s["name"] for s in schools)


def _save_selection(year: str, add: list[int], remove: list[int]) -> str:
    """Select and deselect; the sentence saying which schools changed."""
    said = []
    for urns, selected, verb in ((add, True, "Selected"), (remove, False, "No longer selected")):
        if urns:
            data = {"academic_year": year, "urns": urns, "selected": selected}
            changed = call(DirectoryClient.set_moderation_selection, data)["items"]
            if changed:
                said.append(f"{verb} for {year}: {_names(changed)}.")
    return " ".join(said) or "Nothing changed."


@blp.route("/moderation", methods=["GET", "POST"])
@signed_in
def moderation():
    """Choose the year and the schools to choose from, then tick the schools to moderate."""
    clusters = call(DirectoryClient.list_clusters)
    clusters = clusters["items"] if isinstance(clusters, dict) else clusters
    args = request.args or MultiDict({"academic_year": current_academic_year(), "phase": "Primary"})
    filters = ModerationFilterForm(formdata=args)
    filters.set_clusters(clusters)
    selection = ModerationSelectForm()
    context = {"filters": filters, "selection": selection, "form": filters}
    if not filters.validate():
        return render("web/manage/moderation.html", 400, **context, candidates=None)
    year = filters.academic_year.data
    found = call(DirectoryClient.list_schools, filters.query())
    candidates = found["items"]
    before = {s["urn"] for s in candidates if year in (s.get("moderation_selected_years") or [])}
    selection.urns.choices = choices(
        (str(s["urn"]), s["name"] + (f" ({s['phase']})" if s.get("phase") else ""))
        for s in candidates
    )
    if request.method == "GET":
        selection.urns.data = [str(urn) for urn in before]
    elif selection.validate():
        chosen = {int(urn) for urn in selection.urns.data or []}
        try:
            said = _save_selection(year, sorted(chosen - before), sorted(before - chosen))
        except (InvalidInput, Conflict) as err:
            service_problem(selection, err, "The selection could not be saved")
        else:
            flash(said, "success")
            return redirect(request.full_path)
    selected = call(DirectoryClient.list_schools, {"moderation_year": year, "per_page": 200})
    context["form"] = selection if selection.errors else filters
    return render(
        "web/manage/moderation.html",
        400 if selection.errors else 200,
        **context,
        year=year,
        candidates=candidates,
        total=found["total"],
        selected=selected["items"],
        selected_total=selected["total"],
    )


def _cases_of(urn: int, cases: list[dict], year: str | None) -> list[dict]:
    """The school's cases, newest first, each seen from the school's side."""
    rows = []
    for case in cases:
        if year and case.get("academic_year") != year:
            continue
        giving = case.get("provider_urn") == urn
        rows.append(
            {
                **case,
                "giving": giving,
                "counterpart": case.get("receiver_name" if giving else "provider_name")
                or "A partnership school",
                "status_tag": CASE_STATUS.get(case["status"], (case["status"], "")),
                "funding_name": FUNDING.get(case.get("funding"), case.get("funding") or ""),
            }
        )
    return sorted(rows, key=lambda c: c.get("starts_on") or "", reverse=True)


@blp.get("/schools/<int(max=999999999):urn>/ledger")
@signed_in
def ledger(urn: int):
    """Support days the school gave and received, with each case's reviews and impact."""
    school = call(DirectoryClient.get_school, urn)
    form = LedgerYearForm(formdata=request.args or None)
    if request.args and not form.validate():
        return render("web/manage/ledger.html", 400, school=school, form=form, totals=None)
    year = form.academic_year.data or None
    totals = call(DirectoryClient.school_ledger, urn, {"academic_year": year} if year else {})
    cases = call(DirectoryClient.list_cases, {"school_urn": urn, "per_page": 200})["items"]
    return render(
        "web/manage/ledger.html",
        school=school,
        form=form,
        year=year,
        totals=totals,
        cases=_cases_of(urn, cases, year),
        pounds=pounds,
    )
