"""The filter lists remembered by the pages (``gateway.web.reference``): the clusters and the
support areas are asked for once in their few seconds, everything else every time, refusals
never kept, and the answers come back in the order asked."""

import pytest

from contracts.clients.directory import DirectoryClient
from contracts.errors import NotFound
from gateway import rpc
from gateway.web import reference
from gateway.web.reference import Remembered

CLUSTERS = (DirectoryClient.list_clusters,)
AREAS = (DirectoryClient.list_support_areas,)
SEARCH = (DirectoryClient.search_offers, {"page": 1})


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def sent(monkeypatch):
    """Stands in for the RPC client: records each batch sent, answers by method."""
    batches = []

    def call_all(*calls, keep_errors=False):
        batches.append([c[0].name for c in calls])
        answers = []
        for one in calls:
            if one[0].name == "get_offer":
                refused = NotFound("No such offer.")
                if not keep_errors:
                    raise refused
                answers.append(refused)
            else:
                answers.append({"items": [one[0].name], "total": len(batches)})
        return answers

    monkeypatch.setattr(rpc, "call_all", call_all)
    return batches


@pytest.fixture
def kept(monkeypatch):
    clock = Clock()
    remembered = Remembered(15, clock)

    class App:
        extensions = {"reference": remembered}

    monkeypatch.setattr(reference, "current_app", App)
    return remembered, clock


def test_lists_are_asked_for_once_while_fresh(sent, kept):
    first = reference.call_all(AREAS, CLUSTERS, SEARCH)
    second = reference.call_all(AREAS, CLUSTERS, SEARCH)
    assert sent == [["list_support_areas", "list_clusters", "search_offers"], ["search_offers"]]
    assert [a["items"] for a in second] == [
        ["list_support_areas"],
        ["list_clusters"],
        ["search_offers"],
    ]
    assert second[:2] == first[:2] and second[2]["total"] == 2


def test_lists_are_asked_for_again_when_stale(sent, kept):
    _, clock = kept
    reference.call_all(CLUSTERS)
    clock.now += 14.9
    reference.call_all(CLUSTERS)
    clock.now += 0.2
    reference.call_all(CLUSTERS)
    assert sent == [["list_clusters"], ["list_clusters"]]


def test_calls_with_arguments_are_never_kept(sent, kept):
    reference.call_all((DirectoryClient.list_clusters, {"page": 2}))
    reference.call_all((DirectoryClient.list_clusters, {"page": 2}))
    assert len(sent) == 2


def test_refusals_are_returned_in_place_and_not_kept(sent, kept):
    remembered, _ = kept
    answers = reference.call_all((DirectoryClient.get_offer, "o1"), CLUSTERS, keep_errors=True)
    assert isinstance(answers[0], NotFound) and answers[1]["items"] == ["list_clusters"]
    with pytest.raises(NotFound):
        reference.call_all((DirectoryClient.get_offer, "o1"))
    remembered.forget()
    reference.call_all(CLUSTERS)
    assert sent[-1] == ["list_clusters"]
