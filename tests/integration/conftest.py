"""Integration tier: services run in nameko containers in this process against a real RabbitMQ vhost
and a real SecantusDB over TCP; nothing is faked."""

import pytest
from nameko.standalone.rpc import ClusterRpcProxy


@pytest.fixture
def rpc(rabbit_config):
    """A started cluster RPC proxy on the test's vhost: ``rpc.events.book_place({...})``."""
    with ClusterRpcProxy(rabbit_config, timeout=10) as proxy:
        yield proxy
