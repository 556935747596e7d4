"""runtime.queues: which queues become quorum queues, with which arguments, and what a type clash
on the broker says."""

from types import SimpleNamespace

import pytest
from amqp.exceptions import PreconditionFailed
from kombu import Exchange, Queue
from nameko.events import EventHandler
from nameko.messaging import QueueConsumer
from nameko.rpc import RpcConsumer

from runtime import queues

CLASH = (
    "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'rpc-events' in vhost '/': "
    "received the value 'quorum' of type 'longstr' but current is none"
)


@pytest.fixture(autouse=True)
def _default_type(monkeypatch):
    monkeypatch.delenv("QUEUE_TYPE", raising=False)


def _handler_queue() -> Queue:
    return Queue(
        "evt-events-booking_confirmed--notifications.handle",
        exchange=Exchange("events.events", type="topic"),
        durable=True,
        queue_arguments={"x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "k"},
    )


def test_the_type_is_quorum_unless_the_environment_says_classic(monkeypatch):
    assert queues.queue_type() == "quorum"
    monkeypatch.setenv("QUEUE_TYPE", " Classic ")
    assert queues.queue_type() == "classic"
    monkeypatch.setenv("QUEUE_TYPE", "mirrored")
    with pytest.raises(ValueError, match="QUEUE_TYPE"):
        queues.queue_type()


def test_a_durable_queue_becomes_a_quorum_queue():
    queue = queues.typed(Queue("rpc-events", durable=True))
    assert queue.queue_arguments == {"x-queue-type": "quorum"}


def test_a_dead_lettering_queue_dead_letters_at_least_once_and_keeps_its_own_arguments():
    queue = queues.typed(_handler_queue())
    assert queue.queue_arguments == {
        "x-dead-letter-exchange": "dlx",
        "x-dead-letter-routing-key": "k",
        "x-queue-type": "quorum",
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
    assert queues.typed(queue).queue_arguments == queue.queue_arguments  # twice: the same


@pytest.mark.parametrize(
    "queue",
    [
        Queue("gateway-inbox-1", durable=False, exclusive=True, auto_delete=True),
        Queue("evt-a-b-broadcast", durable=True, exclusive=True),
        Queue("evt-a-b--unreliable", durable=True, auto_delete=True),
    ],
)
def test_exclusive_auto_deleted_and_transient_queues_stay_classic(queue):
    assert queues.typed(queue).queue_arguments in (None, {})


def test_classic_adds_nothing(monkeypatch):
    monkeypatch.setenv("QUEUE_TYPE", "classic")
    assert queues.typed(Queue("rpc-events", durable=True)).queue_arguments in (None, {})
    assert queues.typed(_handler_queue()).queue_arguments == _handler_queue().queue_arguments


def test_a_nameko_reply_queue_is_made_transient_and_stays_classic():
    queue = Queue("rpc.reply-events-1234", queue_arguments={"x-expires": 300000})
    assert queue.durable  # kombu's default, nameko's reply queues as they come
    queues.typed(queue)
    assert not queue.durable
    assert queue.queue_arguments == {"x-expires": 300000}


def test_a_type_clash_names_the_queue_and_what_to_do():
    mismatch = queues.QueueTypeMismatch.from_error(PreconditionFailed(CLASH, (50, 10), 406))
    text = str(mismatch)
    assert "queue 'rpc-events' (vhost '/') already exists" in text
    assert "rabbitmqctl delete_queue -p / rpc-events" in text
    assert "scripts/rabbitmq.sh ensure" in text and "QUEUE_TYPE" in text
    other = queues.QueueTypeMismatch.from_error(PreconditionFailed("PRECONDITION_FAILED - odd"))
    assert "odd" in str(other)


class _FakeConsumer:
    def __init__(self, queues, callbacks, accept, clash=False):
        if clash:
            raise PreconditionFailed(CLASH, (50, 10), 406)
        self.queues = queues

    def qos(self, prefetch_count):
        self.prefetch_count = prefetch_count


class _Provider:
    def __init__(self, queue):
        self.queue = queue


def _consumer_of(*queue_list):
    return SimpleNamespace(
        _providers=[_Provider(queue) for queue in queue_list],
        _consumers={},
        accept=["json"],
        prefetch_count=10,
        handle_message=lambda provider, body, message: None,
    )


def test_installed_every_nameko_consumer_declares_typed_queues():
    queues.install()
    queues.install()  # idempotent: wrapped once
    assert QueueConsumer.get_consumers.typed_queues
    assert not hasattr(QueueConsumer.get_consumers.__wrapped__, "typed_queues")
    rpc_queue, reply = Queue("rpc-directory", durable=True), Queue("rpc.reply-directory-1")
    consumer = _consumer_of(rpc_queue, reply)
    made = list(QueueConsumer.get_consumers(consumer, _FakeConsumer, channel=None))
    assert [c.queues[0].name for c in made] == ["rpc-directory", "rpc.reply-directory-1"]
    assert rpc_queue.queue_arguments == {"x-queue-type": "quorum"}
    assert not reply.durable


def test_installed_a_clash_on_start_up_raises_the_readable_error(caplog):
    queues.install()
    consumer = _consumer_of(Queue("rpc-events", durable=True))

    def clashing(**kwargs):
        return _FakeConsumer(clash=True, **kwargs)

    with pytest.raises(queues.QueueTypeMismatch, match="rabbitmqctl delete_queue"):
        QueueConsumer.get_consumers(consumer, clashing, channel=None)
    assert "already exists on the broker" in caplog.text


class _Container:
    def __init__(self, service_name):
        self.service_name = service_name
        self.config = {}
        self.shared_extensions = {}


def test_nameko_rpc_and_event_handler_queues_reach_the_consumer_as_durable_shared_queues():
    """What ``typed`` relies on: nameko builds its RPC and service-pool handler queues durable,
    not exclusive, not auto-deleted (so they become quorum queues)."""
    events, notifications = _Container("events"), _Container("notifications")
    rpc = RpcConsumer().bind(events)
    rpc.queue_consumer = SimpleNamespace(register_provider=lambda provider: None)
    rpc.setup()
    handler = EventHandler("directory", "person_registered").bind(notifications, "handle")
    handler.queue_consumer = SimpleNamespace(register_provider=lambda provider: None)
    handler.setup()
    for queue in (rpc.queue, handler.queue):
        assert queues.replicable(queue), queue
        assert queues.arguments_for(queue) == {"x-queue-type": "quorum"}


class _LostMessage:
    class channel:  # noqa: N801 - stands in for kombu's message.channel
        connection = object()  # still looks alive: the socket has not said otherwise yet

    def ack(self):
        raise ConnectionResetError(104, "Connection reset by peer")

    requeue = ack


def test_installed_an_ack_or_requeue_on_a_lost_connection_is_logged_not_raised(caplog):
    queues.install()
    QueueConsumer.ack_message(SimpleNamespace(), _LostMessage())
    QueueConsumer.requeue_message(SimpleNamespace(), _LostMessage())
    assert caplog.text.count("the broker delivers it again") == 2
