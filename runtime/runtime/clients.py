"""A service's typed client as a nameko dependency: ``directory = ServiceRpc(DirectoryClient)``
gives each worker a proxy that calls only the RPCs the client declares (a misspelt name is an
``AttributeError`` at once, not a call nobody answers) and checks every answer against its
declared schema (``contracts.clients.base.Rpc.check``)."""

from typing import Any

from nameko.rpc import RpcProxy

from contracts.clients.base import Rpc, ServiceClient


class ServiceRpc(RpcProxy):
    def __init__(self, client: type[ServiceClient], **options: Any) -> None:
        super().__init__(client.service, **options)
        self.client = client

    def get_dependency(self, worker_ctx: Any) -> "TypedProxy":
        return TypedProxy(super().get_dependency(worker_ctx), self.client)


class TypedProxy:
    """nameko's service proxy, narrowed to the client's declared RPCs; answers checked."""

    def __init__(self, proxy: Any, client: type[ServiceClient]) -> None:
        self._proxy = proxy
        self._client = client

    def __getattr__(self, name: str) -> Any:
        rpc = vars(self._client).get(name)
        if not isinstance(rpc, Rpc):
            raise AttributeError(f"the {self._client.service} service has no RPC {name!r}")
        method = getattr(self._proxy, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return rpc.check(method(*args, **kwargs))

        call.__name__ = name
        return call
