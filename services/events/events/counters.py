"""Arithmetic and comparisons over a document's counters, written once and read two ways:
``value(doc)`` in Python (the rules' unit tests and fakes) and ``mongo()`` as the aggregation
expression the store evaluates inside one atomic update. ``place_rules`` writes the rules of
places with them, so a rule reads as Python and the store decides it exactly as written.

>>> taken, capacity = Field("taken"), Field("capacity")
>>> room = taken < capacity
>>> room.value({"taken": 3, "capacity": 4}), room.value({"taken": 4, "capacity": 4})
(True, False)
>>> room.mongo()
{'$lt': ['$taken', '$capacity']}
>>> (Counter("per_school_cap", default=9) >= 1).mongo()
{'$gte': [{'$ifNull': ['$per_school_cap', 9]}, 1]}
>>> (taken >= 1).query()
{'taken': {'$gte': 1}}
>>> Counter("school_taken.u1").value({"school_taken": {}})  # a counter never set is 0
0
>>> smallest(2, capacity - taken).value({"taken": 3, "capacity": 4})
1
"""

from __future__ import annotations

from typing import Any


class Expr:
    """An expression over a document's fields."""

    def value(self, doc: dict) -> Any:
        raise NotImplementedError

    def mongo(self) -> Any:
        raise NotImplementedError

    def __add__(self, other: Expr | int) -> Expr:
        return _Op("$add", sum, self, other)

    def __sub__(self, other: Expr | int) -> Expr:
        return _Op("$subtract", lambda v: v[0] - v[1], self, other)

    def __lt__(self, other: Expr | int) -> Condition:
        return _Compare("$lt", self, other)

    def __le__(self, other: Expr | int) -> Condition:
        return _Compare("$lte", self, other)

    def __ge__(self, other: Expr | int) -> Condition:
        return _Compare("$gte", self, other)


class Const(Expr):
    def __init__(self, constant: Any):
        self.constant = constant

    def value(self, doc: dict) -> Any:
        return self.constant

    def mongo(self) -> Any:
        literal = isinstance(self.constant, (dict, list))
        return {"$literal": self.constant} if literal else self.constant


class Field(Expr):
    """A numeric field every document has (set when it is created): read as it is, so the store
    works out no default (SecantusDB evaluates ``$expr`` in Python, document by document)."""

    def __init__(self, name: str):
        self.name = name

    def value(self, doc: dict) -> Any:
        return doc.get(self.name, 0)

    def mongo(self) -> Any:
        return f"${self.name}"


class Counter(Expr):
    """A numeric field (dotted for a nested one, ``school_taken.u123``): ``default`` when unset."""

    def __init__(self, name: str, default: int = 0):
        self.name = name
        self.default = default

    def value(self, doc: dict) -> Any:
        found: Any = doc
        for part in self.name.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        return self.default if found is None else found

    def mongo(self) -> Any:
        return {"$ifNull": [f"${self.name}", self.default]}


def _expr(term: Expr | int) -> Expr:
    return term if isinstance(term, Expr) else Const(term)


class _Op(Expr):
    def __init__(self, operator: str, combine: Any, *terms: Expr | int):
        self.operator = operator
        self.combine = combine
        self.terms = [_expr(term) for term in terms]

    def value(self, doc: dict) -> Any:
        return self.combine([term.value(doc) for term in self.terms])

    def mongo(self) -> Any:
        return {self.operator: [term.mongo() for term in self.terms]}


def smallest(*terms: Expr | int) -> Expr:
    return _Op("$min", min, *terms)


def largest(*terms: Expr | int) -> Expr:
    return _Op("$max", max, *terms)


class Condition(Expr):
    """A true-or-false expression: ``&``, ``|`` and ``~`` combine them; ``then(a, b)`` chooses."""

    def __and__(self, other: Condition) -> Condition:
        return _Logic("$and", all, self, other)

    def __or__(self, other: Condition) -> Condition:
        return _Logic("$or", any, self, other)

    def __invert__(self) -> Condition:
        return _Not(self)

    def then(self, when_true: Expr | int, when_false: Expr | int) -> Expr:
        return _Choice(self, _expr(when_true), _expr(when_false))

    def query(self) -> dict | None:
        """A plain query equal to this condition, when there is one the store serves without
        ``$expr`` (see ``_Compare.query``)."""
        return None


_COMPARE = {
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$gte": lambda a, b: a >= b,
}


class _Compare(Condition):
    def __init__(self, operator: str, left: Expr | int, right: Expr | int):
        self.operator = operator
        self.left, self.right = _expr(left), _expr(right)

    def value(self, doc: dict) -> bool:
        return bool(_COMPARE[self.operator](self.left.value(doc), self.right.value(doc)))

    def mongo(self) -> Any:
        return {self.operator: [self.left.mongo(), self.right.mongo()]}

    def query(self) -> dict | None:
        """The comparison as a plain query (no ``$expr``) when it compares a field every
        document has with a constant; else None."""
        if isinstance(self.left, Field) and isinstance(self.right, Const):
            return {self.left.name: {self.operator: self.right.constant}}
        return None


class _Logic(Condition):
    def __init__(self, operator: str, combine: Any, *terms: Condition):
        self.operator = operator
        self.combine = combine
        self.terms = terms

    def value(self, doc: dict) -> bool:
        return bool(self.combine(term.value(doc) for term in self.terms))

    def mongo(self) -> Any:
        return {self.operator: [term.mongo() for term in self.terms]}


class _Not(Condition):
    def __init__(self, term: Condition):
        self.term = term

    def value(self, doc: dict) -> bool:
        return not self.term.value(doc)

    def mongo(self) -> Any:
        return {"$not": [self.term.mongo()]}


class _Choice(Expr):
    def __init__(self, when: Condition, when_true: Expr, when_false: Expr):
        self.when, self.when_true, self.when_false = when, when_true, when_false

    def value(self, doc: dict) -> Any:
        return (self.when_true if self.when.value(doc) else self.when_false).value(doc)

    def mongo(self) -> Any:
        return {"$cond": [self.when.mongo(), self.when_true.mongo(), self.when_false.mongo()]}
