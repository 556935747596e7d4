"""Brokerage cases after brokering: the list, filtered by status and paged (directory
``list_cases``), and one case in full with its reviews (``get_case``) and the forms its state
allows: record a review (``add_case_review``), close it with its impact (``close_case``), cancel
it with a reason (``cancel_case``). People are named with one ``list_people`` call a page; the
schools' names come with the cases (one ``list_schools`` call only for any left without one).
The directory decides who may: its Forbidden is the 403 page, its other refusals come back on
the form."""

from datetime import UTC, datetime

from flask import flash, g, redirect, request, url_for

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.cases_forms import CancelCaseForm, CloseForm, ReviewForm
from gateway.web.directory import page_number, pagination
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.manage_ledger import CASE_STATUS, FUNDING
from gateway.web.names import people_names, school_names
from gateway.web.pages import LONDON, pounds, render
from gateway.web.session import signed_in

PER_PAGE = 20
OPEN = ("awaiting_consent", "active")
FILTERS = (("all", "All"), *((key, name) for key, (name, _) in CASE_STATUS.items()))


def area_name(area: str | None) -> str:
    return d.DEFAULT_SUPPORT_AREAS.get(area or "", (area or "Not given").replace("_", " ").title())


def with_names(cases: list[dict]) -> list[dict]:
    """Each case with both schools named: the names it carries, else one call for the rest."""
    missing = [
        c[f"{side}_urn"]
        for c in cases
        for side in ("provider", "receiver")
        if not c.get(f"{side}_name")
    ]
    found = school_names(missing)
    return [
        {
            **c,
            "provider_name": c.get("provider_name") or found.get(c["provider_urn"]) or "A school",
            "receiver_name": c.get("receiver_name") or found.get(c["receiver_urn"]) or "A school",
            "area_name": area_name(c.get("area")),
            "tag": CASE_STATUS.get(c["status"], (c["status"], "")),
        }
        for c in cases
    ]


def plain(error: InvalidInput | Conflict) -> InvalidInput | Conflict:
    """The directory's refusal in plain words where it names the case's state (a case that
    moved on since the page was shown), else as it is."""
    if isinstance(error, Conflict) and "status" in error.fields:
        message = "This case has moved on and that cannot be done now. Reload the page to see it."
        return Conflict(message, error.fields)
    return error


def people_of(case: dict) -> dict[str, str]:
    """Everyone the case names (its broker, practitioner, consenting head, reviewers): one call."""
    ids = [case.get("brokered_by"), case.get("practitioner_person_id")]
    ids += [(case.get("consent") or {}).get("by")]
    ids += [r.get("by") for r in case.get("reviews") or []]
    return people_names(ids)


@blp.get("/cases")
@signed_in
def cases():
    """The brokerage cases, newest first, by status, a page at a time."""
    showing = request.args.get("status", "all")
    if showing not in CASE_STATUS:
        showing = "all"
    page = page_number()
    query = {
        "page": page,
        "per_page": PER_PAGE,
        **({} if showing == "all" else {"status": showing}),
    }
    found = call(DirectoryClient.list_cases, query)
    return render(
        "web/manage/cases.html",
        cases=with_names(found["items"]),
        showing=showing,
        filters=FILTERS,
        paging=pagination("manage.cases", page, found["total"], PER_PAGE),
    )


def _forms(case: dict) -> dict:
    """The forms the case's state allows (the directory still decides who may use them)."""
    forms = {}
    if case["status"] in OPEN:
        forms["review_form"] = ReviewForm()
        forms["cancel_form"] = CancelCaseForm()
    if case["status"] == "active":
        forms["close_form"] = CloseForm()
    return forms


def _page(case: dict, forms: dict, failed=None):
    (case,) = with_names([case])
    return render(
        "web/manage/case_detail.html",
        400 if failed is not None else 200,
        case=case,
        people=people_of(case),
        funding=FUNDING.get(case.get("funding"), case.get("funding") or ""),
        pounds=pounds,
        partnership=g.caller.is_partnership,
        form=failed,
        **forms,
    )


@blp.get("/cases/<case_id>")
@signed_in
def case(case_id: str):
    """One case in full, with its reviews and the forms its state allows."""
    check_id(case_id)
    found = call(DirectoryClient.get_case, case_id)
    forms = _forms(found)
    if "review_form" in forms:
        forms["review_form"].on.data = datetime.now(UTC).astimezone(LONDON).date()
    return _page(found, forms)


ACTIONS = {
    "review": (
        ReviewForm,
        "review_form",
        DirectoryClient.add_case_review,
        "The review is recorded.",
    ),
    "close": (
        CloseForm,
        "close_form",
        DirectoryClient.close_case,
        "The case is closed with its impact.",
    ),
    "cancel": (
        CancelCaseForm,
        "cancel_form",
        DirectoryClient.cancel_case,
        "The case is cancelled.",
    ),
}


@blp.post("/cases/<case_id>/<any(review, close, cancel):action>")
@signed_in
def case_action(case_id: str, action: str):
    """Record a review, close or cancel: a bad answer is the same page again, with the problem
    by its field; the directory's refusal (a case no longer open, too many days) likewise."""
    check_id(case_id)
    found = call(DirectoryClient.get_case, case_id)
    kind, key, rpc, done = ACTIONS[action]
    forms = _forms(found)
    form = forms[key] = kind()
    if form.validate():
        try:
            call(rpc, case_id, form.payload())
        except (InvalidInput, Conflict) as err:
            service_problem(form, plain(err), "The case could not be changed")
        else:
            flash(done, "success")
            return redirect(url_for("manage.case", case_id=case_id))
    return _page(found, forms, failed=form)
