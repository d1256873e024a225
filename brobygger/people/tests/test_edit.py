from __future__ import annotations

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person
from brobygger.people.services import one_month_after
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _form_data(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "gender": "female",
        "version": str(person.version),
    }
    data.update(changes)
    return data


def _edit(client: Client, person: Person, **changes: str):
    url = reverse("people:update", kwargs={"person_id": person.pk})
    return client.post(url, _form_data(person, **changes))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("20 12 34 56", "+4520123456"),
        ("+45 71 23 45 67", "+4571234567"),
        ("0045 20123456", "+4520123456"),
        ("+66 81 234 5678", "+66812345678"),
    ],
)
def test_phone_numbers_are_normalised(client: Client, cast: Cast, typed: str, stored: str):
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = _edit(client, person, phone=typed)

    assert response.status_code == 302
    person.refresh_from_db()
    assert str(person.phone) == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345678"),
        ("phone", "abc"),
        ("postal_code", "80"),
        ("danish_module", "7"),
        ("country_of_origin", "Thailand"),
        ("birth_date", "31.02.1980"),
        ("email", "nope"),
        ("notes", "x" * 20_001),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_saved(
    client: Client, cast: Cast, field: str, value: str
) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Malee")
    client.force_login(cast.alice)

    response = _edit(client, person, first_name="Changed", **{field: value})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    person.refresh_from_db()
    assert person.first_name == "Malee"


def test_changes_are_in_the_history_with_before_and_after(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Malee")
    client.force_login(cast.alice)

    _edit(client, person, first_name="Mali", danish_programme="DU2", danish_module="3")

    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == cast.alice
    assert entry.changes_dict["first_name"] == ["Malee", "Mali"]
    detail = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert "Danskuddannelse 2" in detail.content.decode()


def test_markup_in_notes_is_shown_as_text(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    _edit(client, person, notes='<img src=x onerror="alert(1)">')
    detail = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert b'<img src=x onerror="alert(1)">' not in detail.content
    assert b"&lt;img src=x" in detail.content


def test_third_party_data_starts_the_duty_to_inform(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    method = OutreachMethod.objects.get(name="Liste over tidligere kursister på sprogskolen")

    with time_machine.travel(date(2026, 1, 31)):
        client.post(
            reverse("people:register"),
            {"first_name": "Malee", "method": method.pk, "from_third_party": "on"},
        )

    person = Person.objects.get()
    assert person.inform_due_on == date(2026, 2, 28)
    assert person.inform_pending
    detail = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert "art. 14" in detail.content.decode()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 10), date(2027, 1, 10)),
    ],
)
def test_one_month_after(day: date, expected: date) -> None:
    assert one_month_after(day) == expected


def test_charlie_cannot_edit_a_viborg_person(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Malee")
    client.force_login(cast.charlie)

    response = _edit(client, person, first_name="Changed")

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.first_name == "Malee"


def test_names_keep_only_characters_that_show() -> None:
    from brobygger.people.forms import VisibleNamesMixin

    class Names(VisibleNamesMixin):
        cleaned_data = {"first_name": "Am\u202eina\u200b ", "last_name": "Far\u200dsi"}

    names = Names()
    assert names.clean_first_name() == "Amina"
    assert names.clean_last_name() == "Far\u200dsi"  # the zero-width joiner stays


def test_her_preferred_language_and_interpreter_need_are_kept_and_shown(
    client: Client, cast: Cast
) -> None:
    from brobygger.languages.models import Language

    person = PersonFactory(municipality=cast.viborg)
    tigrinya = Language.objects.get(code="ti")
    client.force_login(cast.alice)

    form = client.get(reverse("people:update", kwargs={"person_id": person.pk})).content.decode()
    response = _edit(client, person, preferred_language=str(tigrinya.pk), interpreter_needed="on")

    assert 'name="preferred_language"' in form and 'name="interpreter_needed"' in form
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_language, person.interpreter_needed) == (tigrinya, True)
    page = client.get(
        reverse("people:detail", kwargs={"person_id": person.pk}), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Foretrukket sprog" in page and "Tigrinya" in page
    assert "Har brug for tolk" in page
    assert "På Tigrinya og dansk." in page


def test_a_retired_language_is_not_offered_unless_it_is_hers(client: Client, cast: Cast) -> None:
    from brobygger.languages.models import Language

    Language.objects.filter(code="tl").update(is_active=False)
    person = PersonFactory(municipality=cast.viborg)
    hers = PersonFactory(
        municipality=cast.viborg, preferred_language=Language.objects.get(code="tl")
    )
    client.force_login(cast.alice)

    def offered(p: Person) -> bool:
        page = client.get(reverse("people:update", kwargs={"person_id": p.pk})).content.decode()
        return ">Tagalog</option>" in page

    assert not offered(person)
    assert offered(hers)
