"""The LA officer's pages: Ofsted report-card grades per school (directory ``get_school``,
``update_ofsted``) and support requests brokered into cases (``list_support_requests``,
``get_support_request``, ``suggest_offers``, ``broker_support``)."""

from datetime import date

from flask import flash, redirect, request, url_for

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.form_parts import choices
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.manage_la_forms import BrokerForm, OfstedForm, grade_name
from gateway.web.pages import pounds, render
from gateway.web.session import signed_in

URGENCY = {"low": "Low", "medium": "Medium", "high": "High"}
REQUEST_STATUS = {
    "open": "Open",
    "brokered": "Brokered",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
}


@blp.route("/schools/<int(max=999999999):urn>/ofsted", methods=["GET", "POST"])
@signed_in
def ofsted(urn: int):
    school = call(DirectoryClient.get_school, urn)
    form = OfstedForm()
    card = school.get("report_card") or {}
    if request.method == "GET" and card:
        if card.get("inspected_on"):
            form.inspected_on.data = date.fromisoformat(card["inspected_on"])
        form.safeguarding.data = card.get("safeguarding")
        for area, grade in (card.get("grades") or {}).items():
            if f"grade_{area}" in form:
                form[f"grade_{area}"].data = grade
    elif request.method == "POST" and form.validate():
        try:
            call(DirectoryClient.update_ofsted, urn, {"report_card": form.report_card()})
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The grades could not be saved")
        else:
            flash(f"The report card grades for {school['name']} are saved.", "success")
            return redirect(url_for("manage.ofsted", urn=urn))
    return render(
        "web/manage/ofsted.html",
        400 if form.errors else 200,
        school=school,
        form=form,
        card=card,
        areas=[(a, grade_name(a)) for a in d.REPORT_CARD_AREAS],
        grade_name=grade_name,
    )


@blp.get("/support")
@signed_in
def support():
    """Support requests, newest first, with brokering for the open ones."""
    status = request.args.get("status", "open")
    if status not in (*d.REQUEST_STATUSES, "all"):
        status = "open"
    query = {"per_page": 100, **({} if status == "all" else {"status": status})}
    found = call(DirectoryClient.list_support_requests, query)
    return render(
        "web/manage/support.html",
        requests=found["items"],
        total=found["total"],
        showing=status,
        urgency=URGENCY,
        statuses=REQUEST_STATUS,
    )


@blp.route("/support/<request_id>/broker", methods=["GET", "POST"])
@signed_in
def broker(request_id: str):
    """Broker a request into a case: choose an offer, agree the days, dates and funding."""
    check_id(request_id)
    wanted = call(DirectoryClient.get_support_request, request_id)
    offers = call(DirectoryClient.suggest_offers, request_id)["items"]
    form = BrokerForm()
    form.offer_id.choices = choices(
        (
            o["id"],
            f"{o['title']}: {o.get('school_name') or 'a partnership school'}"
            + (f" ({o['person_name']})" if o.get("person_name") else "")
            + f", {o['days_remaining']:g} days left",
        )
        for o in offers
    )
    if request.method == "GET" and wanted.get("days_wanted"):
        form.days.data = f"{wanted['days_wanted']:g}"
    if request.method == "POST" and form.validate():
        data = {
            "request_id": request_id,
            "offer_id": form.offer_id.data,
            "scope": form.scope.data.strip(),
            "days": float(form.days.data),
            "starts_on": form.starts_on.data.isoformat(),
            "ends_on": form.ends_on.data.isoformat(),
            "funding": form.funding.data,
        }
        try:
            case = call(DirectoryClient.broker_support, data)
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The support could not be brokered")
        else:
            return render("web/manage/case.html", case=case, pounds=pounds)
    return render(
        "web/manage/broker.html",
        400 if form.errors else 200,
        wanted=wanted,
        offers=offers,
        form=form,
        urgency=URGENCY,
    )
