"""What a typed service client is made of: each RPC declared once with its name, the schema
of the data it takes and the schema of what it answers.

>>> from marshmallow import Schema, fields
>>> class Thing(Schema):
...     name = fields.String(required=True)
>>> class Things(ServiceClient):
...     service = "things"
...     get_thing = Rpc(returns=Thing)
>>> Things.get_thing.route
'things.get_thing'
>>> Things.get_thing.check({"name": "a"})
{'name': 'a'}
>>> try:
...     Things.get_thing.check({"nmae": "a"})
... except BrokenContract as broken:
...     print(str(broken)[:59])
things.get_thing answered outside Thing: {'name': ['Missing
"""

from typing import Any, ClassVar

from marshmallow import Schema, fields

PLAIN = {
    bool: fields.Boolean,
    int: fields.Integer,
    str: fields.String,
    dict: fields.Dict,
    list: fields.List,
}


class BrokenContract(Exception):
    """A service answered in a shape its client does not declare: a bug in one of the two, never
    the caller's fault (the gateway answers 502)."""


class Rpc:
    """One RPC of a service. ``takes``: the schema of its ``data`` argument (None when it takes
    only ids and plain values); ``returns``: the schema of its answer, ``many`` when a list of
    them, a plain type (``bool``, ``int``, ``str``, ``dict``) or None for no answer."""

    def __init__(
        self,
        takes: type[Schema] | None = None,
        returns: type[Schema] | type | None = None,
        many: bool = False,
    ):
        self.takes = takes
        self.returns = returns
        self.many = many
        self.service = ""
        self.name = ""
        self._checker: Schema | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.service = getattr(owner, "service", "")

    @property
    def route(self) -> str:
        return f"{self.service}.{self.name}"

    def __repr__(self) -> str:
        return f"Rpc({self.route})"

    def check(self, answer: Any) -> Any:
        """``answer`` unchanged when it has the declared shape, else ``BrokenContract`` naming
        the fields that are wrong."""
        if self.returns is None:
            if answer is not None:
                raise BrokenContract(f"{self.route} answered {type(answer).__name__}, not nothing")
            return answer
        if self.returns in PLAIN:
            wanted = list if self.many else self.returns
            if not isinstance(answer, wanted) or isinstance(answer, bool) is not (wanted is bool):
                raise BrokenContract(
                    f"{self.route} answered {type(answer).__name__}, not {wanted.__name__}"
                )
            return answer
        if self._checker is None:
            assert isinstance(self.returns, type) and issubclass(self.returns, Schema)
            self._checker = self.returns(many=self.many)
        problems = self._checker.validate(answer)
        if problems:
            name = getattr(self.returns, "__name__", "its schema")
            raise BrokenContract(f"{self.route} answered outside {name}: {problems}")
        return answer


class ServiceClient:
    """A service's RPCs as class attributes (``EventsClient.book_place``): the one place that
    says what a service answers to. ``rpcs()`` lists them."""

    service: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for rpc in cls.rpcs():
            rpc.service = cls.service

    @classmethod
    def rpcs(cls) -> list[Rpc]:
        return [value for value in vars(cls).values() if isinstance(value, Rpc)]
