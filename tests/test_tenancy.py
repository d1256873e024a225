"""Walks every URL pattern of the project: objects of another municipality are a 404.

New URLs are covered the day they are added: a URL argument that this file does not know how
to fill makes the walk fail, so whoever adds ``<int:thing_id>`` must say here which object of
Viborg it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from brobygger.agreements.models import Agreement, StatusMeeting
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.events.models import Event, Participant, ScheduledMeeting
from brobygger.interventions.models import Enrolment, InterventionType, ProgressionDimension
from brobygger.knowledge.models import MethodEntry, SuccessStory, Survey
from brobygger.linkage.models import DuplicateCandidate, ImportBatch, ListSource
from brobygger.outreach.models import OutreachActivity, OutreachLocation, OutreachMethod
from brobygger.partners.models import Mentorship, Organisation, Referral, Volunteer
from brobygger.partnerships.models import Partnership
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

# URL arguments that do not name a municipality's object: the tokens of a password-reset link,
# a public campaign code (the public form is for everyone), a language of the form texts, and
# the file type of a QR code, the key of a success criterion; a report's quarter, scope
# (Viborg's code: the partnership is what must stay out of reach) and file format.
NOT_OBJECTS = {
    "uidb64": "MQ",
    "token": "x-y",
    "code": "abc",
    "language": "da",
    "kind": "png",
    "key": "job",
    "quarter": "2026Q3",
    "scope": "791",
    "fmt": "xlsx",
}


def _kwargs(cast: Cast, arguments: tuple[str, ...]) -> dict[str, object]:
    return {a: NOT_OBJECTS[a] if a in NOT_OBJECTS else VIBORG_OBJECTS[a](cast) for a in arguments}


def _viborg_partnership(cast: Cast) -> int:
    partnership = Partnership.objects.create(
        name="Viborg alone", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    partnership.municipalities.set([cast.viborg])
    return partnership.pk


# For each URL argument: make an object that belongs to Viborg, return its id.
VIBORG_OBJECTS: dict[str, Callable[[Cast], int]] = {
    "organisation_id": lambda cast: (
        Organisation.objects.create(
            municipality=cast.viborg, name="Kvindernes Netværk", kind="association"
        ).pk
    ),
    "agreement_id": lambda cast: _viborg_agreement(cast).pk,
    "meeting_id": lambda cast: (
        StatusMeeting.objects.create(agreement=_viborg_agreement(cast), date=date(2026, 12, 1)).pk
    ),
    "volunteer_id": lambda cast: _viborg_volunteer(cast).pk,
    "referral_id": lambda cast: _viborg_referral(cast).pk,
    "mentorship_id": lambda cast: (
        Mentorship.objects.create(
            volunteer=_viborg_volunteer(cast), referral=_viborg_referral(cast)
        ).pk
    ),
    "person_id": lambda cast: PersonFactory(municipality=cast.viborg).pk,
    "user_id": lambda cast: cast.alice.pk,
    "partnership_id": _viborg_partnership,
    "activity_id": lambda cast: (
        OutreachActivity.objects.create(
            municipality=cast.viborg,
            method=OutreachMethod.objects.first(),
            title="Plakater i vaskekældre",
            planned_on=date(2026, 11, 2),
        ).pk
    ),
    # The method catalogue is shared by all municipalities: only administrators change it.
    "method_id": lambda cast: OutreachMethod.objects.first().pk,  # type: ignore[union-attr]
    # So are the intervention catalogue and the progression dimensions.
    "type_id": lambda cast: InterventionType.objects.first().pk,  # type: ignore[union-attr]
    "dimension_id": lambda cast: ProgressionDimension.objects.first().pk,  # type: ignore[union-attr]
    "location_id": lambda cast: (
        OutreachLocation.objects.create(
            municipality=cast.viborg, name="Jobcenterfilialen i Ellekær", kind="branch_office"
        ).pk
    ),
    "batch_id": lambda cast: _viborg_import(cast).pk,
    "enrolment_id": lambda cast: (
        Enrolment.objects.create(
            person=PersonFactory(municipality=cast.viborg),
            intervention_type=InterventionType.objects.first(),
            started_on=date(2026, 9, 1),
        ).pk
    ),
    "candidate_id": lambda cast: (
        DuplicateCandidate.objects.create(
            municipality=cast.viborg,
            person_a=PersonFactory(municipality=cast.viborg),
            person_b=PersonFactory(municipality=cast.viborg),
            probability=0.7,
        ).pk
    ),
    # An idea of a partnership that has only Viborg (the shared catalogue is everyone's).
    "entry_id": lambda cast: (
        MethodEntry.objects.create(
            partnership_id=_viborg_partnership(cast), title="Madklub", summary="Hver tirsdag."
        ).pk
    ),
    # A draft: a published story is read by the whole partnership, Hedensted included.
    "story_id": lambda cast: (
        SuccessStory.objects.create(municipality=cast.viborg, title="Fra praktik til job").pk
    ),
    "survey_id": lambda cast: (
        Survey.objects.create(
            municipality=cast.viborg,
            title="Holdninger",
            opens_on=date(2026, 1, 1),
            closes_on=date(2030, 12, 31),
        ).pk
    ),
    # A speed-dating event, one of its participants, one meeting of its schedule.
    "event_id": lambda cast: _viborg_event(cast).pk,
    "participant_id": lambda cast: _viborg_participant(cast, _viborg_event(cast)).pk,
    "scheduled_meeting_id": lambda cast: _viborg_scheduled_meeting(cast).pk,
    # Public sign-ups waiting for review in Viborg.
    "pending_organisation_id": lambda cast: (
        Organisation.objects.create(
            municipality=cast.viborg,
            name="Foreningen Fællesskab",
            kind="association",
            review="pending",
            signed_up_publicly=True,
        ).pk
    ),
    "pending_volunteer_id": lambda cast: (
        Volunteer.objects.create(
            municipality=cast.viborg, first_name="Karen", languages="da", review="pending"
        ).pk
    ),
}


def _viborg_agreement(cast: Cast) -> Agreement:
    return Agreement.objects.create(
        municipality=cast.viborg,
        title="Lektiehjælp",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 8, 31),
        status="active",
    )


def _viborg_event(cast: Cast) -> Event:
    return Event.objects.create(
        municipality=cast.viborg, title="Foreninger møder virksomheder", held_on=date(2026, 11, 5)
    )


def _viborg_participant(cast: Cast, event: Event, kind: str = "association") -> Participant:
    organisation = Organisation.objects.create(
        municipality=cast.viborg,
        name=f"Viborg {kind}",
        kind=kind,
        cvr="13585628" if kind == "company" else "",
    )
    side = "company" if kind == "company" else "association"
    return Participant.objects.create(event=event, organisation=organisation, side=side)


def _viborg_scheduled_meeting(cast: Cast) -> ScheduledMeeting:
    event = _viborg_event(cast)
    return ScheduledMeeting.objects.create(
        event=event,
        round=1,
        table=1,
        association=_viborg_participant(cast, event),
        company=_viborg_participant(cast, event, "company"),
    )


def _viborg_volunteer(cast: Cast) -> Volunteer:
    return Volunteer.objects.create(municipality=cast.viborg, first_name="Birthe", languages="da")


def _viborg_referral(cast: Cast) -> Referral:
    person = PersonFactory(municipality=cast.viborg)
    return Referral.objects.create(person=person, first_name=person.first_name, languages="ar")


def _viborg_import(cast: Cast) -> ImportBatch:
    source = ListSource.objects.create(
        municipality=cast.viborg, name="Sprogskolen", method=OutreachMethod.objects.first()
    )
    return ImportBatch.objects.create(
        municipality=cast.viborg, source=source, original_name="liste.csv", status="done"
    )


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def object_urls() -> list[tuple[str, tuple[str, ...]]]:
    urls = []
    for name, pattern in _patterns(get_resolver()):
        arguments = tuple(pattern.pattern.converters)
        if arguments and not set(arguments) <= NOT_OBJECTS.keys():
            urls.append((name, arguments))
    return sorted(urls)


def test_every_url_argument_is_known() -> None:
    unknown = {
        argument
        for _name, arguments in object_urls()
        for argument in arguments
        if argument not in VIBORG_OBJECTS and argument not in NOT_OBJECTS
    }
    assert not unknown, f"add a Viborg object for these URL arguments to VIBORG_OBJECTS: {unknown}"


@pytest.mark.parametrize(("name", "arguments"), object_urls())
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_municipality_gets_404(
    client: Client, cast: Cast, name: str, arguments: tuple[str, ...], method: str
) -> None:
    url = reverse(name, kwargs=_kwargs(cast, arguments))

    client.force_login(cast.charlie)
    response = getattr(client, method)(url)
    # The API answers a method it does not offer with 405 before looking anything up: the
    # same for every id, so it tells nothing. Pages look the object up first: always 404.
    expected = {404, 405} if method == "post" and name.startswith("api:") else {404}
    assert response.status_code in expected, f"Charlie {method.upper()} {url}"


@pytest.mark.parametrize(
    ("name", "arguments"), [(n, a) for n, a in object_urls() if "person_id" in a]
)
def test_person_level_pages_log_their_reads(
    client: Client, cast: Cast, name: str, arguments: tuple[str, ...]
) -> None:
    kwargs = _kwargs(cast, arguments)
    client.force_login(cast.alice)

    response = client.get(reverse(name, kwargs=kwargs))

    if response.status_code == 200:
        assert AccessLogEntry.objects.filter(
            user=cast.alice, person_id=kwargs["person_id"], action=AccessAction.VIEW
        ).exists(), f"{name} shows a person without writing the access log"
