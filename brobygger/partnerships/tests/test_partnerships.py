"""Partnerships and municipalities: the ground data, who may open which partnership
(``accounts.selectors``), and the partnership pages (list and detail, ``reports.partnerships``)."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from brobygger.accounts.access import memberships_of
from brobygger.accounts.selectors import partnership_get, partnership_list
from brobygger.accounts.tests.factories import UserFactory
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partnerships.models import Municipality, Partnership, Region
from brobygger.partnerships.tests.factories import PartnershipFactory, municipality
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import HADERSLEV, HEDENSTED, RINGKOBING_SKJERN, VIBORG, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


# The ground data ----------------------------------------------------------------------------


def test_the_98_municipalities_are_seeded_in_the_five_regions() -> None:
    assert Municipality.objects.count() == 98
    assert set(Municipality.objects.values_list("region_code", flat=True)) == set(Region.values)
    viborg = municipality(VIBORG)
    assert (viborg.name, viborg.region_code, str(viborg)) == (
        "Viborg",
        Region.MIDTJYLLAND,
        "Viborg (791)",
    )


@pytest.mark.parametrize(
    ("code", "official"),
    [
        ("101", "Københavns Kommune"),
        ("400", "Bornholms Regionskommune"),
        (VIBORG, "Viborg Kommune"),
        (RINGKOBING_SKJERN, "Ringkøbing-Skjern Kommune"),
    ],
)
def test_a_municipality_signs_with_its_official_name(code: str, official: str) -> None:
    assert municipality(code).official_name == official


def test_a_municipality_code_has_three_digits() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code="79", name="Kort", region_code=Region.MIDTJYLLAND)
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(code="7a1", name="Bogstav", region_code=Region.MIDTJYLLAND)


def test_a_partnership_cannot_end_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(starts_on=date(2027, 1, 1), ends_on=date(2026, 12, 31))
    one_day = PartnershipFactory(starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 1))
    assert str(one_day) == one_day.name


def test_a_change_of_a_partnership_is_in_its_history(cast: Cast) -> None:
    partnership = PartnershipFactory()
    partnership.journal_number = "2026-1234"
    partnership.save()

    change = LogEntry.objects.get_for_object(partnership).latest("timestamp")
    assert change.action == LogEntry.Action.UPDATE
    assert change.changes_dict["journal_number"] == ["", "2026-1234"]


# Who may open which partnership ---------------------------------------------------------------


@pytest.fixture
def partnerships(cast: Cast) -> dict[str, Partnership]:
    """Beside the cast's partnership (Viborg, Hedensted, Haderslev, Ringkøbing-Skjern): one
    of Viborg alone and one of Hedensted and Haderslev."""
    return {
        "cast": cast.partnership,
        "viborg": PartnershipFactory(name="Viborg alene", municipalities=[cast.viborg]),
        "others": PartnershipFactory(
            name="Hedensted og Haderslev",
            municipalities=[cast.hedensted, municipality(HADERSLEV)],
        ),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        # A municipal role: every partnership of her municipality.
        ("alice", {"cast", "viborg"}),
        ("bob", {"cast", "viborg"}),
        ("lene", {"cast", "viborg"}),
        ("charlie", {"cast", "others"}),
        # A partnership role: her own partnership only.
        ("kim", {"cast"}),
        ("eva", {"cast"}),
        # The administrator: all of them.
        ("ada", {"cast", "viborg", "others"}),
    ],
)
def test_a_user_opens_the_partnerships_of_her_roles(
    cast: Cast, partnerships: dict[str, Partnership], who: str, sees: set[str]
) -> None:
    user = getattr(cast, who)
    names = {partnership.pk: name for name, partnership in partnerships.items()}

    listed = {names[p.pk] for p in partnership_list(user=user)}

    assert listed == sees
    for name, partnership in partnerships.items():
        if name in sees:
            assert partnership_get(user=user, pk=partnership.pk) == partnership
        else:
            with pytest.raises(Http404):
                partnership_get(user=user, pk=partnership.pk)


def test_nobody_else_opens_a_partnership(cast: Cast, partnerships: dict[str, Partnership]) -> None:
    without_role = UserFactory()
    data_protection_officer = UserFactory(data_protection_officer=True)
    inactive = UserFactory(caseworker=True, inactive=True)

    for user in (without_role, data_protection_officer, inactive):
        assert not partnership_list(user=user).exists()


def test_the_partnership_list_names_the_municipalities_by_name(
    cast: Cast, partnerships: dict[str, Partnership], django_assert_num_queries: object
) -> None:
    memberships_of(cast.ada)  # read once per request, before the page reads partnerships
    with django_assert_num_queries(2):  # type: ignore[operator]
        listed = {
            p.name: [m.name for m in p.municipalities.all()]
            for p in partnership_list(user=cast.ada)
        }

    assert listed["Hedensted og Haderslev"] == ["Haderslev", "Hedensted"]
    assert listed[cast.partnership.name] == [
        "Haderslev",
        "Hedensted",
        "Ringkøbing-Skjern",
        "Viborg",
    ]


def test_another_partnership_is_a_404_and_the_refusal_is_logged(
    cast: Cast, partnerships: dict[str, Partnership]
) -> None:
    with pytest.raises(Http404):
        partnership_get(user=cast.kim, pk=partnerships["viborg"].pk)
    with pytest.raises(Http404):
        partnership_get(user=cast.kim, pk=987_654)

    refused = AccessLogEntry.objects.filter(user=cast.kim, action=AccessAction.REFUSED)
    assert list(refused.values_list("object_id", flat=True)) == [str(partnerships["viborg"].pk)]


# The pages ------------------------------------------------------------------------------------


def test_the_list_page_shows_her_partnerships(
    client: Client, cast: Cast, partnerships: dict[str, Partnership]
) -> None:
    client.force_login(cast.charlie)

    page = client.get(reverse("partnerships:list")).content.decode()

    assert cast.partnership.name in page and "Hedensted og Haderslev" in page
    assert "Viborg alene" not in page
    assert reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk}) in page


def test_the_list_page_says_when_she_has_no_partnership(client: Client, cast: Cast) -> None:
    lone = UserFactory(caseworker=True, municipality=municipality("101"))
    client.force_login(lone)

    page = client.get(reverse("partnerships:list")).content.decode()

    assert "You are not part of any partnership yet." in page


def test_a_data_protection_officer_has_no_partnership_pages(client: Client, cast: Cast) -> None:
    client.force_login(UserFactory(data_protection_officer=True))

    assert client.get(reverse("partnerships:list")).status_code == 404
    detail = reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    assert client.get(detail).status_code == 404


def test_the_detail_page_counts_people_per_municipality_never_names_them(
    client: Client, cast: Cast
) -> None:
    PersonFactory(municipality=cast.viborg, first_name="Zainab")  # identified
    PersonFactory(municipality=cast.viborg, contacted=True)
    PersonFactory(municipality=cast.viborg, in_intervention=True)
    PersonFactory(municipality=cast.hedensted, contacted=True)
    PersonFactory(municipality=cast.viborg, merged=True)  # merged: counted once, as herself
    client.force_login(cast.kim)

    response = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    )

    cells = {
        row["municipality"].code: (row["total"], row["contacted"])
        for row in response.context["rows"]
    }
    rows = {code: (total.value, contacted.value) for code, (total, contacted) in cells.items()}
    assert rows[HEDENSTED] == (1, 1)
    assert rows[HADERSLEV] == (0, 0)
    assert rows[VIBORG] == (4, 2)
    # The coordinator has no person access: small counts are shown as "<5" (issue 19).
    assert all(cell.suppressed for cell in cells[HEDENSTED] + cells[VIBORG])
    assert "&lt;5" in response.content.decode()
    assert "Zainab" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "criteria", "targets", "extract"),
    [
        ("lene", True, False, False),
        ("alice", False, False, False),
        ("kim", True, False, False),
        # The evaluator reads the partnership's figures (small numbers hidden) (issue 19).
        ("eva", True, False, True),
        ("ada", False, True, False),
    ],
)
def test_the_detail_page_offers_what_her_role_may_open(
    client: Client, cast: Cast, who: str, criteria: bool, targets: bool, extract: bool
) -> None:
    client.force_login(getattr(cast, who))

    page = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    ).content.decode()

    assert ('data-testid="criteria-link"' in page) is criteria
    assert ('data-testid="targets-link"' in page) is targets
    assert ('data-testid="extract-link"' in page) is extract
    assert 'data-testid="library-link"' in page


def test_an_evaluator_gets_no_extract_of_a_partnership_that_is_not_hers(
    client: Client, cast: Cast
) -> None:
    """An evaluator of another partnership with Viborg in it opens the cast's partnership only
    if she is its member: she is not, so it is a 404, and her own page offers her extract."""
    other = PartnershipFactory(municipalities=[cast.viborg])
    evaluator = UserFactory(evaluator=True, partnership=other)
    client.force_login(evaluator)

    mine = client.get(reverse("partnerships:detail", kwargs={"partnership_id": other.pk}))
    theirs = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    )

    assert 'data-testid="extract-link"' in mine.content.decode()
    assert theirs.status_code == 404


def test_a_partnership_of_other_municipalities_is_a_404_for_a_caseworker(
    client: Client, cast: Cast, partnerships: dict[str, Partnership]
) -> None:
    client.force_login(cast.alice)
    ended = PartnershipFactory(ended=True, municipalities=[cast.hedensted])
    for partnership in (partnerships["others"], ended):
        url = reverse("partnerships:detail", kwargs={"partnership_id": partnership.pk})
        assert client.get(url).status_code == 404
    assert client.get("/partnerships/987654/").status_code == 404
