from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_list_shows_own_municipality_only(client: Client, cast: Cast) -> None:
    PersonFactory(municipality=cast.viborg, first_name="Malee", last_name="Srisuk")
    PersonFactory(municipality=cast.hedensted, first_name="Hodan", last_name="Warsame")
    client.force_login(cast.alice)

    response = client.get(reverse("people:list"))

    content = response.content.decode()
    assert "Malee Srisuk" in content
    assert "Hodan Warsame" not in content


def test_list_query_count_does_not_grow_with_rows(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    PersonFactory.create_batch(20, municipality=cast.viborg, assigned_caseworker=cast.alice)
    client.force_login(cast.alice)

    # The filters' choices (housing areas, countries, languages) are three of them.
    # 12: the filters' partner list is one more query, whatever the number of rows.
    with django_assert_max_num_queries(12):
        client.get(reverse("people:list"))


def test_search_is_logged_with_its_criterion(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    client.get(reverse("people:list"), {"q": "Fatima"})

    assert AccessLogEntry.objects.get(action=AccessAction.SEARCH).search_criterion == "q=Fatima"


def test_htmx_search_returns_only_the_results_region(client: Client, cast: Cast) -> None:
    PersonFactory(municipality=cast.viborg, first_name="Malee")
    client.force_login(cast.alice)

    response = client.get(reverse("people:list"), {"q": "Malee"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "<html" not in content


def test_detail_is_logged_and_shows_history(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    person.status = "contacted"
    person.save()
    client.force_login(cast.alice)

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(action=AccessAction.VIEW, person_id=person.pk).exists()
    assert len(response.context["history"]) == 2  # created, then status changed


def test_charlie_gets_404_for_a_viborg_person(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.charlie)

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(action=AccessAction.REFUSED, user=cast.charlie).exists()


def test_html_in_names_is_shown_as_text(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="<script>alert(1)</script>")
    client.force_login(cast.alice)

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content
