"""The community's part in people's data: ``export_person`` and its ``person_erased`` handler
(``community.privacy`` holds the rules; ``runtime.erasures`` records each erasure once and
announces ``person_erasure_done``), and the daily dead-letter retention of its handlers."""

from nameko.rpc import rpc

from community import privacy
from community.permissions import check_may_export_person
from runtime.dead_letter_retention import DeadLetterRetention
from runtime.erasures import privacy_entrypoints

PrivacyEntrypoints = privacy_entrypoints(
    privacy.SERVICE,
    check_may_export_person,
    privacy.export_person,
    lambda person_id, erasure_id: privacy.erase_person(person_id),
    rpc,
)


class PrivacyRpc(PrivacyEntrypoints, DeadLetterRetention):  # type: ignore[misc,valid-type]
    """Mixed into ``CommunityService``."""
