from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from brobygger.accounts.models import User
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import Person

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_are_seeded() -> None:
    assert Municipality.objects.count() == 98
    assert Municipality.objects.get(code="791").name == "Viborg"
    assert Municipality.objects.get(code="101").region_code == "1084"


def test_small_demo_is_the_seed_004_partnership_with_its_logins() -> None:
    call_command("demo", "--scale", "small", "--seed", "7")

    partnership = Partnership.objects.get()
    assert sorted(partnership.municipalities.values_list("code", flat=True)) == [
        "510",
        "760",
        "766",
        "791",
    ]
    for username in [
        "admin",
        "coordinator",
        "evaluator",
        "cw-791",
        "lead-791",
        "cw-766",
        "lead-510",
        "cw-760",
    ]:
        assert User.objects.get(username=username).check_password("brobygger-demo"), username
    # 240 generated people, and the new people of the demo guarantee list
    assert Person.objects.exclude(import_rows__outcome__in=["new", "review"]).count() == 240
    assert Person.objects.filter(import_rows__outcome__in=["new", "review"]).exists()


def test_demo_is_deterministic_for_a_seed() -> None:
    def snapshot() -> list[tuple[str, str, str, str]]:
        return list(
            Person.objects.order_by(
                "municipality__code", "first_name", "last_name", "birth_date", "status"
            ).values_list("first_name", "last_name", "status", "country_of_origin")
        )

    call_command("demo", "--scale", "small", "--seed", "3")
    first = snapshot()
    call_command("demo", "--scale", "small", "--seed", "3")

    assert snapshot() == first


def test_demo_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROBYGGER_DEMO_PASSWORD", "another-demo-password")

    call_command("demo", "--scale", "small")

    assert User.objects.get(username="cw-791").check_password("another-demo-password")


def test_demo_refuses_a_database_with_real_data() -> None:
    User.objects.create_user(username="real-person", password="x")

    with pytest.raises(CommandError, match="not demo data"):
        call_command("demo", "--scale", "small")
    assert not Person.objects.exists()


def test_if_empty_keeps_existing_demo_data() -> None:
    call_command("demo", "--scale", "small", "--seed", "1")
    ids = set(Person.objects.values_list("id", flat=True))

    call_command("demo", "--scale", "small", "--seed", "2", "--if-empty")

    assert set(Person.objects.values_list("id", flat=True)) == ids


def test_demo_people_have_preferred_languages_with_texts_for_their_letters() -> None:
    from brobygger.outreach.models import LetterTemplate

    call_command("demo", "--scale", "small", "--seed", "7")

    people = Person.objects.filter(is_demo=True)
    with_language = people.filter(preferred_language__isnull=False)
    assert 0.6 < with_language.count() / people.count() < 0.9
    assert people.filter(interpreter_needed=True).exists()
    arabic_speakers = with_language.filter(preferred_language__code="ar")
    assert set(arabic_speakers.values_list("country_of_origin", flat=True)) <= {"SY", "IQ"}
    # Every language the demo's people prefer has the invitation letter.
    codes = set(with_language.values_list("preferred_language__code", flat=True))
    letters = set(
        LetterTemplate.objects.filter(name="Invitation til informationsmøde").values_list(
            "language__code", flat=True
        )
    )
    assert codes <= letters


def test_the_demos_people_have_mobile_numbers_that_the_search_finds() -> None:
    from brobygger.people.selectors import person_list

    call_command("demo", "--scale", "small", "--seed", "7")

    generated = Person.objects.exclude(import_rows__outcome__in=["new", "review"])
    phones = [str(phone) for phone in generated.values_list("phone", flat=True)]
    assert all(phone.startswith("+452") and len(phone) == 11 for phone in phones)
    assert len(set(phones)) == len(phones)
    # The first person of the first municipality has the number the search benchmark seeks.
    found = person_list(user=User.objects.get(username="cw-791"), query="20 12 34 56")
    assert [str(person.phone) for person in found] == ["+4520123456"]
