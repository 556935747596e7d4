"""The coordinator's email delivery records: who each email went to, its subject, status,
attempts and when, filtered by status, with a retry for a failed one (notifications
``list_deliveries`` and ``retry_delivery``; directory ``list_people`` once for the names). The
notifications service decides who may see them: a refusal is the 403 page."""

from flask import flash, redirect, request, url_for

from contracts.clients.notifications import NotificationsClient
from contracts.errors import Conflict, NotFound
from gateway.rpc import call
from gateway.web.directory import page_number, pagination
from gateway.web.forms import ActionForm
from gateway.web.manage import blp, check_id
from gateway.web.manage_admin_forms import DELIVERY_STATUS_NAMES, DeliveryFilterForm
from gateway.web.names import people_names
from gateway.web.pages import render
from gateway.web.session import signed_in

PER_PAGE = 20
STATUS_CLASSES = {
    "sent": "govuk-tag--green",
    "digested": "govuk-tag--green",
    "failed": "govuk-tag--red",
    "pending": "govuk-tag--blue",
    "sending": "govuk-tag--blue",
}


def delivery_tag(status: str) -> dict:
    """A status tag whose words say the status (the colour only repeats it)."""
    name = DELIVERY_STATUS_NAMES.get(status, status.replace("_", " ").capitalize())
    return {"text": name, "classes": STATUS_CLASSES.get(status, "govuk-tag--grey")}


@blp.get("/deliveries")
@signed_in
def deliveries():
    """A page of delivery records, newest first (one ``list_deliveries``, one ``list_people``)."""
    form = DeliveryFilterForm(request.args)
    page = page_number()
    found, status = {"items": [], "total": 0}, 200
    if request.args and not form.validate():
        status = 400
    else:
        query = {"page": page, "per_page": PER_PAGE}
        if form.status.data:
            query["status"] = form.status.data
        found = call(NotificationsClient.list_deliveries, query)
    return render(
        "web/manage/deliveries.html",
        status,
        form=form,
        records=found["items"],
        names=people_names(r.get("person_id") for r in found["items"]),
        paging=pagination("manage.deliveries", page, found["total"], PER_PAGE),
        retry_form=ActionForm(),
        tag=delivery_tag,
    )


@blp.post("/deliveries/<delivery_id>/retry")
@signed_in
def retry_delivery(delivery_id: str):
    """Send a failed email again, then back to the records (the filter kept)."""
    check_id(delivery_id)
    form = ActionForm()
    if form.validate():
        try:
            call(NotificationsClient.retry_delivery, delivery_id)
        except (Conflict, NotFound) as err:
            flash(err.message or "That email could not be sent again.", "error")
        else:
            flash("The email is being sent again.", "success")
    status = request.form.get("status", "")
    kept = {"status": status} if status in DELIVERY_STATUS_NAMES else {}
    return redirect(url_for("manage.deliveries", **kept))
