"""What a gateway process knows of token versions from the sessions_revoked feed."""

from gateway.session_feed import ASK, REVOKED, TRUSTED, Revocations


def test_until_synced_every_token_is_asked_about():
    revocations = Revocations()
    assert revocations.verdict("p1", 0)[0] == ASK


def test_a_token_of_the_known_version_is_trusted_an_older_one_refused():
    revocations = Revocations()
    revocations.sync({"p1": 3})
    assert revocations.verdict("p1", 3)[0] == TRUSTED
    assert revocations.verdict("p1", 2)[0] == REVOKED
    assert revocations.verdict("p2", 0)[0] == TRUSTED  # never revoked: version 0
    assert revocations.verdict("p1", 4)[0] == ASK  # newer than known: the feed may be behind


def test_an_announced_revocation_makes_the_next_token_asked_about_until_learned():
    forgotten = []
    revocations = Revocations(on_revoked=forgotten.append)
    revocations.sync({})
    revocations.revoked("p1")
    assert forgotten == ["p1"]
    verdict, announcement = revocations.verdict("p1", 0)
    assert verdict == ASK and announcement is not None
    revocations.learned("p1", 1, announcement)
    assert revocations.verdict("p1", 1)[0] == TRUSTED
    assert revocations.verdict("p1", 0)[0] == REVOKED


def test_an_answer_overtaken_by_a_newer_revocation_is_not_learned():
    revocations = Revocations()
    revocations.sync({})
    revocations.revoked("p1")
    _, asked_at = revocations.verdict("p1", 1)
    revocations.revoked("p1")  # announced while the directory was being asked
    revocations.learned("p1", 1, asked_at)
    assert revocations.verdict("p1", 1)[0] == ASK


def test_when_the_feed_goes_down_tokens_are_asked_about_again():
    revocations = Revocations()
    revocations.sync({"p1": 1})
    revocations.went_down()
    assert revocations.verdict("p1", 1)[0] == ASK
    revocations.learned("p1", 1, None)  # nothing is learned while not synced
    revocations.sync({"p1": 2})
    assert revocations.verdict("p1", 1)[0] == REVOKED
