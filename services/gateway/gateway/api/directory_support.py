"""The school-to-school support directory: the area taxonomy, expertise offers, support requests,
suggested matches and brokerage cases. The directory decides who may do what
(directory.permissions); the gateway only passes the caller along."""

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("support", __name__, description="School-to-school support")


@blp.route("/support-areas", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.SupportAreaPageSchema, success=True)
def list_areas():
    """The managed taxonomy of support areas."""
    return call(DirectoryClient.list_support_areas)


@blp.route("/support-areas", methods=["POST"])
@login_required
@blp.arguments(d.SupportAreaSchema)
@blp.alt_response(201, schema=d.SupportAreaSchema, success=True)
def add_area(data):
    """Add an area to the taxonomy (coordinator). 403, 409 when it exists."""
    return call(DirectoryClient.add_support_area, d.SupportAreaSchema().dump(data)), 201


@blp.route("/offers", methods=["POST"])
@login_required
@blp.arguments(d.OfferCreateSchema)
@blp.alt_response(201, schema=d.OfferSchema, success=True)
def create_offer(data):
    """Offer expertise: a practitioner for themselves, a school's leaders for their school or its
    staff, or the partnership roles. Verification dates and endorsements only from the
    coordinator, the LA officer or the practitioner's headteacher (403 naming the field); an
    offer published by anyone else starts unverified. 422 on an unknown area or bad capacity."""
    return call(DirectoryClient.create_offer, d.OfferCreateSchema().dump(data)), 201


@blp.route("/offers", methods=["GET"])
@login_required
@blp.arguments(d.OfferQuerySchema, location="query")
@blp.alt_response(200, schema=d.OfferPageSchema, success=True)
def search_offers(query):
    """Search offers by area, phase, cluster, remaining days (min_days), ranked (same cluster as
    near_urn first, recently verified, most days left); full offers hidden."""
    return call(DirectoryClient.search_offers, d.OfferQuerySchema().dump(query))


@blp.route("/offers/<offer_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.OfferSchema, success=True)
def get_offer(offer_id):
    """One offer with its evidence, capacity and verification dates. 404."""
    return call(DirectoryClient.get_offer, offer_id)


@blp.route("/offers/<offer_id>", methods=["PATCH"])
@login_required
@blp.arguments(d.OfferUpdateSchema)
@blp.alt_response(200, schema=d.OfferSchema, success=True)
def update_offer(data, offer_id):
    """Edit an offer (the practitioner, their school's leaders, the partnership roles); capacity
    never below committed days; endorsements change only by a verifier. 403, 404, 422."""
    return call(DirectoryClient.update_offer, offer_id, d.OfferUpdateSchema().dump(data))


@blp.route("/offers/<offer_id>/verify", methods=["POST"])
@login_required
@blp.arguments(d.OfferVerificationSchema)
@blp.alt_response(200, schema=d.OfferSchema, success=True)
def verify_offer(data, offer_id):
    """Record that the offer was checked and is current; sets the next verification date (the
    coordinator, the LA officer or the practitioner's headteacher, never the owner). 403, 404."""
    return call(DirectoryClient.verify_offer, offer_id, d.OfferVerificationSchema().dump(data))


@blp.route("/offers/<offer_id>/withdraw", methods=["POST"])
@login_required
@blp.alt_response(200, schema=d.OfferSchema, success=True)
def withdraw_offer(offer_id):
    """Withdraw an offer from the directory (as for editing). 403, 404, 409 when already
    withdrawn."""
    return call(DirectoryClient.withdraw_offer, offer_id)


@blp.route("/support-requests", methods=["POST"])
@login_required
@blp.arguments(d.SupportRequestCreateSchema)
@blp.alt_response(201, schema=d.SupportRequestSchema, success=True)
def create_request(data):
    """A school asks for support in an area (its leaders, SENCO and business manager, the
    coordinator, the LA officer). 403, 422."""
    return call(
        DirectoryClient.create_support_request, d.SupportRequestCreateSchema().dump(data)
    ), 201


@blp.route("/support-requests", methods=["GET"])
@login_required
@blp.arguments(d.SupportRequestQuerySchema, location="query")
@blp.alt_response(200, schema=d.SupportRequestPageSchema, success=True)
def list_requests(query):
    """Support requests, newest first: all for the coordinator and LA officer, else own school's."""
    return call(DirectoryClient.list_support_requests, d.SupportRequestQuerySchema().dump(query))


@blp.route("/support-requests/<request_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.SupportRequestSchema, success=True)
def get_request(request_id):
    """One support request (its school's staff, whoever asked, the coordinator, the LA officer).
    403, 404."""
    return call(DirectoryClient.get_support_request, request_id)


@blp.route("/support-requests/<request_id>/suggestions", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.OfferPageSchema, success=True)
def suggest(request_id):
    """Offers suggested for a request, with score and reasons: areas answering the school's
    weakest report-card areas, same cluster first (the school's leaders, the partnership roles).
    403, 404."""
    return call(DirectoryClient.suggest_offers, request_id)


@blp.route("/brokerage-cases", methods=["POST"])
@login_required
@blp.arguments(d.BrokerageCreateSchema)
@blp.alt_response(201, schema=d.BrokerageCaseSchema, success=True)
def broker(data):
    """Broker a request to an offer (coordinator, LA officer): the days come off the offer's
    capacity at once; 409 when fewer days are left or the request is no longer open. 403."""
    return call(DirectoryClient.broker_support, d.BrokerageCreateSchema().dump(data)), 201


@blp.route("/brokerage-cases", methods=["GET"])
@login_required
@blp.arguments(d.CaseQuerySchema, location="query")
@blp.alt_response(200, schema=d.BrokerageCasePageSchema, success=True)
def list_cases(query):
    """Cases the caller may see (coordinator, LA officer, the heads of the two schools)."""
    return call(DirectoryClient.list_cases, d.CaseQuerySchema().dump(query))


@blp.route("/brokerage-cases/<case_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.BrokerageCaseSchema, success=True)
def get_case(case_id):
    """One case: the coordinator, the LA officer or one of its two schools' heads. 403, 404."""
    return call(DirectoryClient.get_case, case_id)


@blp.route("/brokerage-cases/<case_id>/consent", methods=["POST"])
@login_required
@blp.arguments(d.ConsentSchema)
@blp.alt_response(200, schema=d.BrokerageCaseSchema, success=True)
def consent(data, case_id):
    """The sending school's head gives or refuses consent (refusal returns the days). 403, 409."""
    return call(DirectoryClient.give_consent, case_id, d.ConsentSchema().dump(data))


@blp.route("/brokerage-cases/<case_id>/reviews", methods=["POST"])
@login_required
@blp.arguments(d.ReviewSchema)
@blp.alt_response(200, schema=d.BrokerageCaseSchema, success=True)
def review(data, case_id):
    """Record a review of an open case (anyone who may see it). 403, 404, 409."""
    return call(DirectoryClient.add_case_review, case_id, d.ReviewSchema().dump(data))


@blp.route("/brokerage-cases/<case_id>/close", methods=["POST"])
@login_required
@blp.arguments(d.CaseCloseSchema)
@blp.alt_response(200, schema=d.BrokerageCaseSchema, success=True)
def close(data, case_id):
    """Close an active case with its impact statement (coordinator, LA officer). 403, 409, 422."""
    return call(DirectoryClient.close_case, case_id, d.CaseCloseSchema().dump(data))


@blp.route("/brokerage-cases/<case_id>/cancel", methods=["POST"])
@login_required
@blp.arguments(d.CaseCancelSchema)
@blp.alt_response(200, schema=d.BrokerageCaseSchema, success=True)
def cancel(data, case_id):
    """Cancel an open case (coordinator, LA officer): the days return to the offer. 403, 409."""
    return call(DirectoryClient.cancel_case, case_id, d.CaseCancelSchema().dump(data))
