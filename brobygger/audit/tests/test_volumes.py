"""Unusual volumes: who used how much personal data per day, in the user's own scope."""

from __future__ import annotations

import pytest
from django.test import Client

from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.audit.selectors import access_volumes
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _uses(cast: Cast, user: object, count: int, municipality_id: int, action: str) -> None:
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            username=user.username,  # type: ignore[attr-defined]
            action=action,
            person_id=1000 + i,
            municipality_id=municipality_id,
        )
        for i in range(count)
    )


def test_a_day_far_above_the_threshold_is_flagged_first(cast: Cast, settings: object) -> None:
    settings.ACCESS_LOG_UNUSUAL_PER_DAY = 50  # type: ignore[attr-defined]
    _uses(cast, cast.alice, 120, cast.viborg.pk, AccessAction.VIEW)
    for name in ("anna", "berit", "carl", "dorte"):
        _uses(cast, User.objects.create_user(name), 10, cast.viborg.pk, AccessAction.VIEW)
    _uses(cast, cast.charlie, 500, cast.hedensted.pk, AccessAction.VIEW)

    days, threshold = access_volumes(user=cast.lene)

    assert threshold == 50  # three times the median day (30) is below the setting
    assert [d.username for d in days] == ["alice", "anna", "berit", "carl", "dorte"]
    assert days[0].unusual and days[0].people == 120  # Charlie's Hedensted is not Lene's
    assert not any(d.unusual for d in days[1:])


def test_three_refused_attempts_in_a_day_are_flagged(cast: Cast) -> None:
    _uses(cast, cast.alice, 3, cast.viborg.pk, AccessAction.REFUSED)

    days, _threshold = access_volumes(user=cast.ada)

    assert days[0].username == "alice" and days[0].refused == 3 and days[0].unusual


def test_the_page_is_for_the_access_log_readers_only(client: Client, cast: Cast) -> None:
    _uses(cast, cast.alice, 3, cast.viborg.pk, AccessAction.VIEW)
    client.force_login(cast.lene)
    assert b"alice" in client.get("/audit/access-log/volumes/").content
    client.force_login(cast.alice)
    assert client.get("/audit/access-log/volumes/").status_code == 404
