"""The named cast shared by all tests.

    Alice    caseworker, Viborg (791)
    Bob      volunteer coordinator, Viborg: a staff member without access to people
    Lene     municipal lead, Viborg
    Charlie  caseworker, Hedensted (766): the other municipality, always gets 404
    Kim      coordinator of the partnership
    Eva      evaluator of the partnership
    Ada      administrator
Everyone's password is ``PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from brobygger.accounts.models import Membership, Role, User
from brobygger.partnerships.models import Municipality, Partnership

# The suite's "today" for tests that mean a date: noon on Monday 23 November 2026 in
# Copenhagen, inside the cast's partnership (2026-2027) and its fourth quarter. Tests pin it with
# the ``suite_today`` fixture (conftest.py) so that they pass on any date the machine has.
SUITE_TODAY = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))

PASSWORD = "correct-horse-battery-staple"  # nosec B105  # the test cast's password
VIBORG, HEDENSTED, HADERSLEV, RINGKOBING_SKJERN = "791", "766", "510", "760"


@dataclass
class Cast:
    viborg: Municipality
    hedensted: Municipality
    partnership: Partnership
    alice: User
    bob: User
    lene: User
    charlie: User
    kim: User
    eva: User
    ada: User


def _user(
    username: str,
    first_name: str,
    role: str,
    *,
    municipality: Municipality | None = None,
    partnership: Partnership | None = None,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first_name,
        email=f"{username}@example.invalid",
    )
    Membership.objects.create(
        user=user, role=role, municipality=municipality, partnership=partnership
    )
    return user


def make_cast() -> Cast:
    municipalities = {
        m.code: m
        for m in Municipality.objects.filter(
            code__in=[VIBORG, HEDENSTED, HADERSLEV, RINGKOBING_SKJERN]
        )
    }
    partnership = Partnership.objects.create(
        name="Opsøgende indsats",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        coordinator_organisation="Integrationsnet",
        evaluator_organisation="LG Insight",
    )
    partnership.municipalities.set(municipalities.values())
    viborg, hedensted = municipalities[VIBORG], municipalities[HEDENSTED]
    return Cast(
        viborg=viborg,
        hedensted=hedensted,
        partnership=partnership,
        alice=_user("alice", "Alice", Role.CASEWORKER, municipality=viborg),
        bob=_user("bob", "Bob", Role.VOLUNTEER_COORDINATOR, municipality=viborg),
        lene=_user("lene", "Lene", Role.MUNICIPAL_LEAD, municipality=viborg),
        charlie=_user("charlie", "Charlie", Role.CASEWORKER, municipality=hedensted),
        kim=_user("kim", "Kim", Role.COORDINATOR, partnership=partnership),
        eva=_user("eva", "Eva", Role.EVALUATOR, partnership=partnership),
        ada=_user("ada", "Ada", Role.ADMINISTRATOR),
    )
