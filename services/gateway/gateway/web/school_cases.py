"""A head's brokerage cases, on the "My school" pages: the cases of the school (directory
``list_cases``, which shows a head only their own school's), those waiting for the head's consent
first, and one case with the consent form (``get_case``, ``give_consent``). Only the head of the
school giving the support consents: the directory decides, and the page only leaves the form out
for anyone else."""

from flask import flash, g, redirect, url_for

from contracts.clients.directory import DirectoryClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.cases_forms import ConsentForm
from gateway.web.manage import check_id, service_problem
from gateway.web.manage_cases import people_of, plain, with_names
from gateway.web.manage_ledger import FUNDING
from gateway.web.pages import pounds, render
from gateway.web.school import blp
from gateway.web.session import signed_in

PER_PAGE = 100


def _asked(case: dict) -> bool:
    """Whether the case waits for the signed-in person's answer as its providing school's head."""
    return (
        case["status"] == "awaiting_consent"
        and g.caller.has_role("headteacher")
        and g.caller.of_school(case["provider_urn"])
    )


@blp.get("/school/cases")
@signed_in
def cases():
    """The school's cases, those waiting for my consent first (one call)."""
    found = with_names(call(DirectoryClient.list_cases, {"per_page": PER_PAGE})["items"])
    return render(
        "web/school/cases.html",
        waiting=[c for c in found if _asked(c)],
        others=[c for c in found if not _asked(c)],
        total=len(found),
    )


@blp.route("/school/cases/<case_id>", methods=["GET", "POST"])
@signed_in
def consent(case_id: str):
    """One case; its providing school's head agrees to give the support, or refuses."""
    check_id(case_id)
    (case,) = with_names([call(DirectoryClient.get_case, case_id)])
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            call(DirectoryClient.give_consent, case_id, form.payload())
        except (InvalidInput, Conflict) as err:
            service_problem(form, plain(err), "Your answer could not be saved")
        else:
            agreed = form.given.data == "yes"
            flash(
                f"You agreed to support {case['receiver_name']}. The LA officer is told."
                if agreed
                else "You said your school cannot give this support. The LA officer is told.",
                "success",
            )
            return redirect(url_for("school.consent", case_id=case_id))
    return render(
        "web/school/consent.html",
        400 if form.errors else 200,
        case=case,
        form=form,
        asked=_asked(case),
        people=people_of(case),
        funding=FUNDING.get(case.get("funding"), case.get("funding") or ""),
        pounds=pounds,
    )
