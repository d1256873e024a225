"""The methods library: the seeded catalogue, who reads and writes, adapting, method figures."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.inputs import from_object
from brobygger.knowledge import figures, services
from brobygger.knowledge.models import MethodEntry
from brobygger.measures.services import refresh_facts
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person, PersonSource, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _library(partnership: Partnership) -> str:
    return reverse("knowledge:library", kwargs={"partnership_id": partnership.pk})


def _entry(partnership: Partnership, entry: MethodEntry, name: str = "entry-detail") -> str:
    return reverse(
        f"knowledge:{name}", kwargs={"partnership_id": partnership.pk, "entry_id": entry.pk}
    )


def _lists() -> MethodEntry:
    return MethodEntry.objects.get(seed_key="brug-af-lister")


def _viborg_only(cast: Cast) -> Partnership:
    partnership = Partnership.objects.create(
        name="Viborg alene", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    partnership.municipalities.set([cast.viborg])
    return partnership


def test_the_seeds_methods_are_the_shared_catalogue() -> None:
    seeded = MethodEntry.objects.exclude(seed_key="")
    assert 8 <= seeded.count() <= 12
    assert all(entry.partnership_id is None for entry in seeded)
    assert all(entry.pro_list and entry.con_list and entry.step_list for entry in seeded)
    titles = set(seeded.values_list("title", flat=True))
    assert {
        "Opsøgende arbejde i foreningslivet",
        "Kommunen som match maker",
        "Speed dating mellem foreninger og virksomheder",
        "Frivilligt mentorkorps",
        "Fremskudt indsats i boligområder",
        "Ambassadører: borgere i job fortæller",
        "Brug af lister",
    } <= titles
    # Linked to the outreach methods of the catalogue, where the seeds name one.
    assert _lists().outreach_method == OutreachMethod.objects.get(
        name="Udsøgning fra lister og skriftlig invitation"
    )
    assert seeded.filter(outreach_method__isnull=False).count() >= 6


def test_every_partnership_has_the_catalogue_from_its_first_day(client: Client, cast: Cast) -> None:
    created_later = Partnership.objects.create(
        name="Ny", starts_on=date(2026, 6, 1), ends_on=date(2027, 5, 31)
    )
    created_later.municipalities.set([cast.viborg])
    client.force_login(cast.alice)

    for partnership in (cast.partnership, created_later):
        page = client.get(_library(partnership)).content.decode()
        assert page.count('data-testid="library-entry"') == MethodEntry.objects.count()
        assert "Kommunen som match maker" in page


def test_evaluator_reads_the_library_but_writes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.eva)
    assert client.get(_library(cast.partnership)).status_code == 200
    assert client.get(_entry(cast.partnership, _lists())).status_code == 200
    create = reverse("knowledge:entry-create", kwargs={"partnership_id": cast.partnership.pk})
    assert client.get(create).status_code == 404
    assert client.post(create, {"title": "x"}).status_code == 404


def test_caseworker_adds_an_idea_the_partnership_reads(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    create = reverse("knowledge:entry-create", kwargs={"partnership_id": cast.partnership.pk})
    response = client.post(
        create,
        {
            "title": "Madklub i beboerhuset",
            "category": "local_presence",
            "tags": "madklub, netværk",
            "summary": "Kvinderne laver mad sammen hver tirsdag.",
            "steps": "Find lokaler\nInviter via bydelsmødrene",
            "pros": "Lav tærskel",
            "cons": "Tager tid",
        },
    )
    entry = MethodEntry.objects.get(title="Madklub i beboerhuset")
    assert response.status_code == 302
    assert entry.partnership == cast.partnership and entry.created_by == cast.alice
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.CREATE, object_type="knowledge.methodentry"
    ).exists()
    # Charlie (Hedensted) is in the same partnership: he reads and may improve it.
    client.force_login(cast.charlie)
    page = client.get(_entry(cast.partnership, entry)).content.decode()
    assert "Inviter via bydelsmødrene" in page
    assert client.get(_entry(cast.partnership, entry, "entry-update")).status_code == 200


def test_another_partnerships_idea_is_a_404(client: Client, cast: Cast) -> None:
    own = _viborg_only(cast)
    entry = MethodEntry.objects.create(partnership=own, title="Kun Viborg", summary="x")
    client.force_login(cast.charlie)
    for name in ("entry-detail", "entry-update"):
        assert client.get(_entry(own, entry, name)).status_code == 404
    # Nor through a partnership Charlie may open: the entry is not part of its library.
    assert client.get(_entry(cast.partnership, entry)).status_code == 404
    assert client.get(_library(own)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.method_entry_update(
            actor=cast.charlie,
            partnership=own,
            entry=entry,
            data=from_object(services.MethodEntryData, entry, title="Overtaget"),
        )


def test_only_administrators_change_the_shared_catalogue(client: Client, cast: Cast) -> None:
    entry = _lists()
    client.force_login(cast.alice)
    assert client.get(_entry(cast.partnership, entry, "entry-update")).status_code == 404
    client.force_login(cast.ada)
    url = _entry(cast.partnership, entry, "entry-update")
    assert "every partnership sees your change" in client.get(url).content.decode()
    data = {
        "title": entry.title,
        "category": entry.category,
        "summary": entry.summary,
        "pros": entry.pros + "\nNy fordel",
        "cons": entry.cons,
        "steps": entry.steps,
    }
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.pro_list[-1] == "Ny fordel" and entry.updated_by == cast.ada


def test_adapting_puts_the_partnerships_own_version_in_place(client: Client, cast: Cast) -> None:
    shared = _lists()
    client.force_login(cast.lene)
    adapt = _entry(cast.partnership, shared, "entry-adapt")
    assert client.get(adapt).status_code == 405

    response = client.post(adapt)
    copy = MethodEntry.objects.get(partnership=cast.partnership, based_on=shared)
    assert response.status_code == 302 and response["Location"] == _entry(
        cast.partnership, copy, "entry-update"
    )
    assert client.post(adapt).status_code == 302  # twice: the same copy
    assert MethodEntry.objects.filter(based_on=shared).count() == 1
    assert copy.outreach_method == shared.outreach_method and copy.pros == shared.pros
    page = client.get(_library(cast.partnership)).content.decode()
    assert _entry(cast.partnership, copy) in page
    assert _entry(cast.partnership, shared) not in page
    assert "has its own version" in client.get(_entry(cast.partnership, shared)).content.decode()
    # Another partnership still has the shared entry.
    other = Partnership.objects.create(
        name="Anden", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    other.municipalities.set([cast.viborg])
    assert _entry(other, shared) in client.get(_library(other)).content.decode()


def test_library_filters_by_category_and_tag(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    page = client.get(_library(cast.partnership), {"category": "volunteers"}).content.decode()
    assert "Frivilligt mentorkorps" in page and "Brug af lister" not in page
    page = client.get(_library(cast.partnership), {"tag": "CSR"}).content.decode()
    assert page.count('data-testid="library-entry"') == 1


def _person(cast: Cast, method: OutreachMethod, created: date, contacted: date | None) -> Person:
    person = PersonFactory(municipality=cast.viborg)
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime(created.year, created.month, created.day, 10, tzinfo=COPENHAGEN)
    )
    refresh_facts([person.pk])  # the update went behind the services' back
    PersonSource.objects.create(person=person, method=method)
    if contacted:
        StatusEvent.objects.create(
            person=person, from_status="identified", to_status="contacted", occurred_on=contacted
        )
    return person


def test_an_entry_linked_to_a_method_shows_its_figures(client: Client, cast: Cast) -> None:
    entry = _lists()
    method = entry.outreach_method
    assert method is not None
    _person(cast, method, date(2026, 3, 2), date(2026, 3, 10))
    _person(cast, method, date(2026, 4, 1), None)
    _person(cast, method, date(2026, 5, 1), None)
    _person(cast, method, date(2026, 6, 1), date(2026, 6, 3))
    # Another method's person does not count.
    other = OutreachMethod.objects.exclude(pk=method.pk).first()
    assert other is not None
    _person(cast, other, date(2026, 6, 1), date(2026, 6, 3))

    client.force_login(cast.lene)
    page = client.get(_entry(cast.partnership, entry)).content.decode()

    assert 'data-testid="method-figures"' in page
    own = page[page.index('<th scope="row">Viborg</th>') :]
    own = own[: own.index("</tr>")]
    # Her own municipality: 2 of 4 contacted, Wilson 95 % interval 15.0–85.0 %.
    assert '<td class="align-text-right">4</td>' in own
    assert "2 · 50.0\u00a0%" in own and "15.0\u00a0%–85.0\u00a0%" in own
    # The partnership's total is not hers alone: 4 people is a small number there.
    total = page[page.index('data-testid="method-total"') :]
    total = total[: total.index("</tr>")]
    assert '<td class="align-text-right">&lt;5</td>' in total and "50.0" not in total
    assert "01.01.2026" in page and "23.11.2026" in page
    # A caseworker reads the idea; the figures are for those who read aggregates.
    client.force_login(cast.alice)
    page = client.get(_entry(cast.partnership, entry)).content.decode()
    assert "2 · 50.0" not in page and "aggregate figures" in page


def test_library_page_queries_do_not_grow_with_entries(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    client.force_login(cast.alice)
    for number in range(10):
        MethodEntry.objects.create(partnership=cast.partnership, title=f"Idé {number}", summary="x")
    with django_assert_max_num_queries(12):
        assert client.get(_library(cast.partnership)).status_code == 200


def test_without_the_measures_an_entry_shows_no_figures(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures come from measures, above knowledge (``knowledge.figures``): without it
    the entry still opens, with no figures."""
    monkeypatch.setattr(figures, "_provided", [])
    entry = _lists()
    client.force_login(cast.lene)
    page = client.get(_entry(cast.partnership, entry)).content.decode()
    assert 'data-testid="method-figures"' in page
    assert 'data-testid="method-total"' not in page and "aggregate figures" in page
