"""``EventsClient``: every RPC of the events service (``events.service.EventsService`` and its
``rpc_*`` mixins), with the schema each loads its payload with and the schema it answers in."""

from contracts import events as c
from contracts import privacy
from contracts.clients.base import Rpc, ServiceClient
from contracts.common import HealthSchema, PageQuerySchema


class EventsClient(ServiceClient):
    service = c.SERVICE

    health = Rpc(returns=HealthSchema)

    # CPD events (rpc_catalogue)
    create_event = Rpc(takes=c.EventCreateSchema, returns=c.EventSchema)
    list_events = Rpc(takes=c.EventQuerySchema, returns=c.EventPageSchema)
    get_event = Rpc(returns=c.EventSchema)
    update_event = Rpc(takes=c.EventUpdateSchema, returns=c.EventSchema)
    cancel_event = Rpc(takes=c.EventCancelSchema, returns=c.EventSchema)

    # bookings (rpc_bookings)
    quote_price = Rpc(returns=c.PriceQuoteSchema)
    book_place = Rpc(takes=c.BookPlaceSchema, returns=c.BookingSchema)
    # each result holds a BookingSchema dump or a nameko-serialized error (not checked inside)
    book_places = Rpc(takes=c.BookPlacesSchema, returns=c.BookPlacesResultSchema)
    cancel_booking = Rpc(returns=c.BookingSchema)
    get_booking = Rpc(returns=c.BookingSchema)
    list_bookings = Rpc(takes=c.BookingQuerySchema, returns=c.BookingPageSchema)
    list_event_bookings = Rpc(takes=c.BookingQuerySchema, returns=c.BookingPageSchema)
    answer_offer = Rpc(takes=c.OfferAnswerSchema, returns=c.BookingSchema)
    answer_approval = Rpc(takes=c.ApprovalAnswerSchema, returns=c.BookingSchema)
    list_approvals = Rpc(takes=PageQuerySchema, returns=c.BookingPageSchema)

    # attendance, certificates, feedback, statements, calendars (rpc_records)
    record_attendance = Rpc(takes=c.AttendanceSchema, returns=c.AttendanceResultSchema)
    get_certificate = Rpc(returns=c.CertificateSchema)
    submit_feedback = Rpc(takes=c.FeedbackCreateSchema, returns=c.FeedbackSummarySchema)
    feedback_summary = Rpc(returns=c.FeedbackSummarySchema)
    school_statement = Rpc(takes=c.StatementQuerySchema, returns=c.StatementSchema)
    school_statement_csv = Rpc(takes=c.StatementQuerySchema, returns=str)  # CSV text
    partnership_statement = Rpc(takes=c.StatementQuerySchema, returns=c.PartnershipStatementSchema)
    partnership_statement_csv = Rpc(takes=c.StatementQuerySchema, returns=str)  # CSV text
    person_calendar = Rpc(returns=str)  # iCal text
    school_calendar = Rpc(returns=str)  # iCal text

    # cluster meetings and Teachmeets (rpc_meetings)
    create_rota = Rpc(takes=c.RotaCreateSchema, returns=c.RotaSchema)
    assign_meeting_roles = Rpc(takes=c.MeetingRolesSchema, returns=c.EventSchema)
    publish_minutes = Rpc(takes=c.MinutesSchema, returns=c.MeetingMinutesSchema)
    get_minutes = Rpc(returns=c.MeetingMinutesSchema)
    claim_slot = Rpc(takes=c.SlotClaimSchema, returns=c.RunningOrderSchema)
    remove_slot = Rpc(returns=c.RunningOrderSchema)
    reorder_slots = Rpc(takes=c.SlotOrderSchema, returns=c.RunningOrderSchema)
    get_running_order = Rpc(returns=c.RunningOrderSchema)
    publish_running_order = Rpc(returns=c.RunningOrderSchema)

    # training requests, the audit of need, demand, pathways (rpc_demand)
    submit_training_request = Rpc(
        takes=c.TrainingRequestCreateSchema, returns=c.TrainingRequestSchema
    )
    support_training_request = Rpc(returns=c.TrainingRequestSchema)
    close_training_request = Rpc(
        takes=c.TrainingRequestCloseSchema, returns=c.TrainingRequestSchema
    )
    merge_training_requests = Rpc(
        takes=c.TrainingRequestMergeSchema, returns=c.TrainingRequestSchema
    )
    list_training_requests = Rpc(
        takes=c.TrainingRequestQuerySchema, returns=c.TrainingRequestPageSchema
    )
    submit_audit = Rpc(takes=c.AuditSubmitSchema, returns=c.AuditSchema)
    demand = Rpc(takes=c.DemandQuerySchema, returns=c.DemandSchema)
    commission_course = Rpc(takes=c.CommissionSchema, returns=c.EventSchema)
    create_pathway = Rpc(takes=c.PathwayCreateSchema, returns=c.PathwaySchema)
    list_pathways = Rpc(takes=PageQuerySchema, returns=c.PathwayPageSchema)
    enrol_pathway = Rpc(returns=c.PathwayProgressSchema)
    pathway_progress = Rpc(takes=c.PathwayProgressQuerySchema, returns=c.PathwayProgressSchema)

    # people's data (contracts.privacy)
    export_person = Rpc(returns=privacy.PersonExportSchema)
