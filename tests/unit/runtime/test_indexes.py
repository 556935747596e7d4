"""Indexes at start-up: created, rebuilt when their definition changed, other errors raised."""

import pytest

from runtime.indexes import ensure_indexes


class StoreError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


class FakeDocument:
    """A document whose first ``ensure_indexes`` fails with ``code`` (None: it succeeds)."""

    def __init__(self, code=None):
        self.code, self.calls, self.dropped = code, 0, False

    def ensure_indexes(self):
        self.calls += 1
        if self.calls == 1 and self.code is not None:
            raise StoreError(self.code)

    def _get_collection(self):
        return self

    def drop_indexes(self):
        self.dropped = True


@pytest.mark.parametrize("code", [85, 86])
def test_a_changed_definition_rebuilds_the_indexes(code):
    document = FakeDocument(code)
    ensure_indexes(document)
    assert document.dropped and document.calls == 2


def test_other_errors_are_raised_and_nothing_is_dropped():
    document = FakeDocument(13)
    with pytest.raises(StoreError):
        ensure_indexes(document)
    assert not document.dropped


def test_unchanged_indexes_are_left_alone():
    document = FakeDocument()
    ensure_indexes(document)
    assert document.calls == 1 and not document.dropped
