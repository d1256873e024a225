from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person
from brobygger.people.names import fold, name_keys, skeleton
from brobygger.people.selectors import person_list
from brobygger.people.services import person_register, person_update
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohamed", "Muhammad", "Mohammad", "Mohamad", "Mohammed", "Maxamed"],
        ["Hussein", "Husain", "Hussain"],
        ["Abdel", "Abdul"],
        ["Fatima", "Fatimah", "Fatma"],
        ["Omar", "Umar"],
        ["Ali", "Cali"],
        ["Zahra", "Sahra"],
        ["Khalil", "Chalil"],
        ["Wongsawat", "Vongsawat"],
        ["Ayşe", "Ayse"],
        ["Nguyễn", "Nguyen"],
        ["Yohana", "Johanna"],
    ],
)
def test_romanisation_variants_share_a_skeleton(variants: list[str]) -> None:
    assert len({skeleton(fold(name)) for name in variants}) == 1


def test_particles_and_initials_are_not_keys() -> None:
    assert name_keys("Ibn Rashid") == {"n:rashid", "p:rashid", "s:rshd"}
    assert name_keys("J.") == set()


def _register(cast: Cast, first: str, last: str = "") -> Person:
    method = OutreachMethod.objects.first()
    assert method is not None
    return person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name=first,
        last_name=last,
        method=method,
    )


def test_mohamed_finds_muhammad_and_mohammad(cast: Cast) -> None:
    muhammad = _register(cast, "Muhammad", "Al-Hassan")
    mohammad = _register(cast, "Mohammad", "Rahimi")
    _register(cast, "Malee", "Srisuk")

    found = set(person_list(user=cast.alice, query="Mohamed"))

    assert found == {muhammad, mohammad}


def test_every_word_must_match_and_accents_and_case_are_ignored(cast: Cast) -> None:
    ayse = _register(cast, "Ayşe", "Yılmaz")
    _register(cast, "Ayşe", "Kaya")

    assert list(person_list(user=cast.alice, query="ayse YILMAZ")) == [ayse]
    assert list(person_list(user=cast.alice, query="Yil")) == [ayse]  # prefix while typing


def test_hussein_finds_husain(cast: Cast) -> None:
    husain = _register(cast, "Ahmad", "Husain")

    assert list(person_list(user=cast.alice, query="Hussein")) == [husain]


def test_renaming_updates_the_search_keys(cast: Cast) -> None:
    person = _register(cast, "Malee")
    person_update(actor=cast.alice, person=person, changes={"first_name": "Siriporn"}, version=1)

    assert list(person_list(user=cast.alice, query="Siriporn")) == [person]
    assert not person_list(user=cast.alice, query="Malee").exists()


def test_search_never_crosses_municipalities(cast: Cast) -> None:
    _register(cast, "Hodan", "Warsame")

    assert not person_list(user=cast.charlie, query="Hodan").exists()


def test_phone_search_finds_any_written_form(cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, phone="+4520123456")

    for typed in ["20 12 34 56", "+45 20123456", "0045 20 12 34 56"]:
        assert list(person_list(user=cast.alice, query=typed)) == [person]


def test_cpr_lookup_is_posted_logged_masked_and_opens_the_person(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    method = OutreachMethod.objects.first()
    assert method is not None
    person = person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name="Malee",
        method=method,
        cpr="150385-1234",
    )

    response = client.post(reverse("people:cpr-lookup"), {"cpr": "1503851234"})

    assert response["Location"] == reverse("people:detail", kwargs={"person_id": person.pk})
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH)
    assert entry.search_criterion == "cpr=150385-XXXX"
    missing = client.post(reverse("people:cpr-lookup"), {"cpr": "160385-1234"})
    assert missing.context["cpr_form"].errors["cpr"]


def test_cpr_in_the_address_is_not_searched(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("people:list"), {"q": "150385-1234"})

    assert response.context["cpr_in_address"]
    assert not AccessLogEntry.objects.filter(search_criterion__contains="1234").exists()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("q", ["150385-1234", "1503851234", "150385 1234"])
def test_cpr_in_the_address_says_to_use_the_cpr_field(
    client: Client, cast: Cast, htmx: bool, q: str
) -> None:
    """Typed into the search box, the number is not searched; the page (and the region the
    search box's htmx requests swap) says where to search for it, and writes it nowhere."""
    client.force_login(cast.alice)
    client.cookies["brobygger_language"] = "en"
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.get(reverse("people:list"), {"q": q, "status": "identified"}, **headers)

    content = response.content.decode()
    assert "Search for CPR numbers in the CPR field" in content
    assert "1234" not in content
    assert ("<html" in content) is not htmx
    if htmx:
        assert response["HX-Push-Url"] == reverse("people:list") + "?status=identified"
    assert not AccessLogEntry.objects.filter(search_criterion__contains="1234").exists()


def test_search_query_count_is_constant(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    for name in ["Mohamed", "Muhammad", "Mohammad", "Fatima", "Malee"] * 4:
        _register(cast, name)
    client.force_login(cast.alice)

    # The filters' choices (housing areas, countries, languages) are three of them.
    # 13: the filters' partner list is one more query, whatever the number of rows.
    with django_assert_max_num_queries(13):
        client.get(reverse("people:list"), {"q": "Mohamed"})


def test_filter_by_method_and_caseworker(client: Client, cast: Cast) -> None:
    from brobygger.accounts.models import Membership, Role, User

    bydelsmodre = OutreachMethod.objects.get(name="Bydelsmødre")
    poster = OutreachMethod.objects.get(name="Opslag i opgange og vaskekældre")
    dina = User.objects.create_user(username="dina", password="x", first_name="Dina")
    Membership.objects.create(user=dina, role=Role.CASEWORKER, municipality=cast.viborg)
    by_neighbour = person_register(
        actor=cast.alice, municipality=cast.viborg, first_name="Hodan", method=bydelsmodre
    )
    by_poster = person_register(
        actor=dina, municipality=cast.viborg, first_name="Malee", method=poster
    )
    client.force_login(cast.alice)

    by_method = client.get(reverse("people:list"), {"method": bydelsmodre.pk})
    by_worker = client.get(reverse("people:list"), {"caseworker": dina.pk})
    nonsense = client.get(reverse("people:list"), {"method": "x' OR 1=1", "caseworker": "-1"})

    assert list(by_method.context["page"]) == [by_neighbour]
    assert list(by_worker.context["page"]) == [by_poster]
    assert len(nonsense.context["page"]) == 2
    assert dina in by_worker.context["caseworkers"]
