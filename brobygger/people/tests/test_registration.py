from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachMethod
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

# Synthetic: not 1 January, and the modulus-11 sum is not 0 (FACTS F2).
SYNTHETIC_CPR = "150385-1234"


def _post(client: Client, **fields: str):
    method = OutreachMethod.objects.get(name="Bydelsmødre")
    data = {"first_name": "Malee", "method": str(method.pk), **fields}
    return client.post(reverse("people:register"), data)


def test_register_with_only_a_name_and_a_method(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = _post(client)

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"person_id": person.pk})
    assert person.municipality == cast.viborg
    assert person.created_by == cast.alice
    assert [s.method.name for s in person.sources.all()] == ["Bydelsmødre"]
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE, person_id=person.pk).exists()


def test_method_is_required(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("people:register"), {"first_name": "Malee"})

    assert response.status_code == 200
    assert response.context["form"].errors["method"]
    assert not Person.objects.exists()


def test_cpr_is_encrypted_hashed_masked_and_fills_the_birth_date(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)

    _post(client, cpr=SYNTHETIC_CPR)

    person = Person.objects.get()
    assert "1234" not in person.cpr_ciphertext
    assert person.cpr_hash == cpr_lookup_hash("1503851234")
    assert person.cpr_masked == "150385-XXXX"
    assert person.birth_date == date(1985, 3, 15)


def test_cpr_failing_modulus_11_is_accepted(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    _post(client, cpr="010165-4321")  # 1 January 1965: numbers without modulus 11 exist

    assert Person.objects.get().birth_date == date(1965, 1, 1)


@pytest.mark.parametrize(
    ("cpr", "message"),
    [("320185-1234", "ikke en rigtig dato"), ("12345", "10 cifre"), ("150330-4999", "fremtiden")],
)
def test_invalid_cpr_gets_a_clear_message_at_the_field(
    client: Client, cast: Cast, cpr: str, message: str
) -> None:
    client.force_login(cast.alice)

    response = _post(client, cpr=cpr)

    assert message in " ".join(response.context["form"].errors["cpr"])
    assert not Person.objects.exists()


def test_birth_date_must_match_the_cpr(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = _post(client, cpr=SYNTHETIC_CPR, birth_date="16.03.1985")

    assert response.context["form"].errors["birth_date"]
    assert not Person.objects.exists()


def test_same_cpr_warns_before_creating_a_duplicate(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    _post(client, cpr=SYNTHETIC_CPR)

    warned = _post(client, first_name="Mali", cpr=SYNTHETIC_CPR)

    assert [p.first_name for p in warned.context["duplicates"]] == ["Malee"]
    assert Person.objects.count() == 1
    confirmed = _post(client, first_name="Mali", cpr=SYNTHETIC_CPR, confirmed_new="True")
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_similar_name_and_same_birth_date_warns(client: Client, cast: Cast) -> None:
    PersonFactory(
        municipality=cast.viborg, first_name="Ayşe", last_name="Yılmaz", birth_date=date(1980, 5, 2)
    )
    client.force_login(cast.alice)

    response = _post(client, first_name="Ayse", last_name="Yilmaz", birth_date="02.05.1980")

    assert len(response.context["duplicates"]) == 1


def test_duplicates_in_another_municipality_are_not_shown(client: Client, cast: Cast) -> None:
    PersonFactory(municipality=cast.hedensted, first_name="Malee", birth_date=date(1980, 5, 2))
    client.force_login(cast.alice)

    response = _post(client, birth_date="02.05.1980")

    assert response.status_code == 302


def test_cpr_reveal_is_logged_and_masked_before(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    _post(client, cpr=SYNTHETIC_CPR)
    person = Person.objects.get()

    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content
    assert b"150385-XXXX" in page
    assert b"150385-1234" not in page

    revealed = client.post(
        reverse("people:cpr-reveal", kwargs={"person_id": person.pk}), HTTP_HX_REQUEST="true"
    )
    assert b"150385-1234" in revealed.content
    assert AccessLogEntry.objects.filter(action=AccessAction.REVEAL, person_id=person.pk).exists()


@pytest.mark.parametrize("name", ["kim", "eva", "ada", "bob"])
def test_roles_without_person_access_cannot_register(client: Client, cast: Cast, name: str):
    client.force_login(getattr(cast, name))

    assert client.get(reverse("people:register")).status_code == 404
