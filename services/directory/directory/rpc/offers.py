"""The directory's RPCs on the support directory's taxonomy and expertise offers: the areas, an
offer's publication, edits, verification and withdrawal (each relayed from the offer's outbox),
the ranked offer search, and the hourly verification reminders."""

from datetime import datetime

from nameko.rpc import rpc
from nameko.timer import timer

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import filters, offer_search, offers, permissions, support_areas
from directory.clock import today
from directory.storage import Offer, SupportArea


class OffersRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def list_support_areas(self, caller=None):
        """-> SupportAreaPageSchema (the managed taxonomy). Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.SupportAreaPageSchema().dump(support_areas.list_areas())

    @rpc
    def add_support_area(self, data, caller=None):
        """SupportAreaSchema -> SupportAreaSchema (support_area_added): the coordinator.
        InvalidInput, Conflict, Forbidden."""
        permissions.check_may_add_area(load_caller(caller))
        area = support_areas.add_area(load(c.SupportAreaSchema, data), self.correlation_id)
        self._publish(SupportArea, area.id)
        return c.SupportAreaSchema().dump({"id": area.id, "name": area.name})

    @rpc
    def create_offer(self, data, caller=None):
        """OfferCreateSchema -> OfferSchema (offer_published): the practitioner, their school's
        leaders, the partnership roles. Verification dates and endorsements only from a verifier
        (403 naming the field). InvalidInput, NotFound, Forbidden."""
        who = load_caller(caller)
        offer = offers.create_offer(
            load(c.OfferCreateSchema, data), today(), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(offers.offer_item(offer, today()))

    @rpc
    def get_offer(self, offer_id, caller=None):
        """offer id -> OfferSchema. NotFound, Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.OfferSchema().dump(offers.offer_item(offers.get_offer(offer_id), today()))

    @rpc
    def update_offer(self, offer_id, data, caller=None):
        """offer id, OfferUpdateSchema -> OfferSchema (offer_updated): the practitioner, their
        school's leaders, the partnership roles; endorsements only by a verifier. InvalidInput,
        NotFound, Forbidden."""
        who = load_caller(caller)
        offer = offers.update_offer(
            offer_id, load(c.OfferUpdateSchema, data), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(offers.offer_item(offer, today()))

    @rpc
    def verify_offer(self, offer_id, data, caller=None):
        """offer id, OfferVerificationSchema -> OfferSchema (offer_verified): the coordinator,
        the LA officer or the practitioner's headteacher. Forbidden, NotFound."""
        who = load_caller(caller)
        offer = offers.verify_offer(
            offer_id, load(c.OfferVerificationSchema, data), self.correlation_id, caller=who
        )
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(offers.offer_item(offer, today()))

    @rpc
    def withdraw_offer(self, offer_id, caller=None):
        """offer id -> OfferSchema (offer_withdrawn). NotFound, Conflict, Forbidden."""
        who = load_caller(caller)
        offer = offers.withdraw_offer(offer_id, self.correlation_id, caller=who)
        self._publish(Offer, offer.id)
        return c.OfferSchema().dump(offers.offer_item(offer, today()))

    @rpc
    def search_offers(self, query=None, caller=None):
        """OfferQuerySchema -> OfferPageSchema, ranked; full offers hidden. InvalidInput."""
        permissions.check_may_read(load_caller(caller))
        query = filters.resolved(load(c.OfferQuerySchema, query), ("area", "cluster"))
        found = offer_search.search_offers(query, today())
        return c.OfferPageSchema().dump(found)

    @rpc
    def remind_verification_due(self, on=None, caller=None):
        """``on`` (ISO date; default today) -> VerificationRemindersSchema: announce
        offer_verification_due for offers due by then. A service, the coordinator or the LA
        officer."""
        permissions.check_may_remind_verification(load_caller(caller))
        day = datetime.fromisoformat(on).date() if on else today()
        reminded = offers.remind_verification_due(day)
        self._publish(Offer, *reminded)
        return c.VerificationRemindersSchema().dump({"reminded": reminded})

    @timer(interval=3600)
    def sweep_verification_due(self):
        """Hourly: remind owners of offers whose verification is due."""
        self._publish(Offer, *offers.remind_verification_due(today()))
