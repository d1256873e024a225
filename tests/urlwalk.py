"""The URL walker shared by the tenancy walk and the hostile-input walk.

Every named URL pattern of the project, and for each URL argument an object that belongs to
Viborg (``VIBORG_OBJECTS``) or a value that names no municipality's object (``NOT_OBJECTS``).
A new URL argument fails ``tests/test_tenancy.py`` until this module knows which object of
Viborg it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time

from django.urls import URLPattern, URLResolver, get_resolver

from brobygger.accounts.models import Membership, Role, User
from brobygger.accounts.tokens import api_token_create
from brobygger.agreements.models import Agreement, StatusMeeting
from brobygger.cases.models import CaseNote, Conversation, Task
from brobygger.cases.tests.factories import PlanGoalFactory, ReferralLinkFactory
from brobygger.documents.tests.factories import PartnerDocumentFactory, PersonDocumentFactory
from brobygger.evaluation.tests.factories import ExtractRunFactory
from brobygger.events.models import Event, Participant, ScheduledMeeting
from brobygger.interventions.models import Enrolment, InterventionType, ProgressionDimension
from brobygger.knowledge.models import MethodEntry, SuccessStory, Survey
from brobygger.linkage.models import DuplicateCandidate, ImportBatch, ListSource
from brobygger.lists.models import SavedList
from brobygger.meetings.models import Session
from brobygger.messaging.tests.factories import InboundMessageFactory
from brobygger.outreach.models import (
    LetterTemplate,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
)
from brobygger.partners.models import (
    Mentorship,
    Organisation,
    Referral,
    TrainingCourse,
    Volunteer,
)
from brobygger.partnerships.models import Partnership
from brobygger.people.models import ContactAttempt
from brobygger.people.tests.factories import PersonFactory
from brobygger.targetgroups.models import TargetGroupDefinition
from brobygger.testing import PASSWORD, Cast

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


def data_protection_officer(cast: Cast) -> User:
    """Viborg's data protection officer (the cast has none): the walks read as her too."""
    user = User.objects.create_user(username="dpo-791", password=PASSWORD)
    Membership.objects.create(
        user=user, role=Role.DATA_PROTECTION_OFFICER, municipality=cast.viborg
    )
    return user


def url_kwargs(cast: Cast, arguments: tuple[str, ...]) -> dict[str, object]:
    return {a: NOT_OBJECTS[a] if a in NOT_OBJECTS else VIBORG_OBJECTS[a](cast) for a in arguments}


def _viborg_partnership(cast: Cast) -> int:
    partnership = Partnership.objects.create(
        name="Viborg alone", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    partnership.municipalities.set([cast.viborg])
    return partnership.pk


# For each URL argument: make an object that belongs to Viborg, return its id.
VIBORG_OBJECTS: dict[str, Callable[[Cast], int]] = {
    "document_id": lambda cast: (
        PersonDocumentFactory(person=PersonFactory(municipality=cast.viborg)).pk
    ),
    "partner_document_id": lambda cast: (
        PartnerDocumentFactory(
            organisation=Organisation.objects.create(
                municipality=cast.viborg, name="Foreningen af 1. maj", kind="association"
            )
        ).pk
    ),
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
    "course_id": lambda cast: (
        TrainingCourse.objects.create(municipality=cast.viborg, title="Mentorkursus").pk
    ),
    # A contact attempt a Viborg caseworker logged: only she corrects or removes it.
    "attempt_id": lambda cast: (
        ContactAttempt.objects.create(
            person=PersonFactory(municipality=cast.viborg),
            channel="phone",
            outcome="no_answer",
            made_by=cast.alice,
        ).pk
    ),
    "user_id": lambda cast: cast.alice.pk,
    # A session (information meeting) of Viborg's, held the suite's today.
    "session_id": lambda cast: (
        Session.objects.create(
            municipality=cast.viborg,
            kind="information",
            title="Informationsmøde",
            date=date(2026, 11, 23),
            starts_at=time(10),
            ends_at=time(12),
            place="Beboerhuset",
            address="Ellekærvej 1, 8800 Viborg",
        ).pk
    ),
    # A Viborg caseworker's personal API token: only she may revoke it.
    "token_id": lambda cast: (
        api_token_create(user=cast.alice, name="tenancy", second_factor=False)[0].pk
    ),
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
    # So are the letters in each language (only administrators change them).
    "letter_id": lambda cast: LetterTemplate.objects.first().pk,  # type: ignore[union-attr]
    # So are the intervention catalogue and the progression dimensions.
    "type_id": lambda cast: InterventionType.objects.first().pk,  # type: ignore[union-attr]
    "dimension_id": lambda cast: ProgressionDimension.objects.first().pk,  # type: ignore[union-attr]
    "location_id": lambda cast: (
        OutreachLocation.objects.create(
            municipality=cast.viborg, name="Jobcenterfilialen i Ellekær", kind="branch_office"
        ).pk
    ),
    "batch_id": lambda cast: _viborg_import(cast).pk,
    # An extract of a partnership of Viborg alone, asked for by its evaluator.
    "extract_id": lambda cast: (
        ExtractRunFactory(partnership_id=_viborg_partnership(cast), requested_by=cast.eva).pk
    ),
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
    # A sensitive case note about a Viborg person whose caseworker is Alice; a first
    # conversation with her; a task of Alice's about her.
    "note_id": lambda cast: (
        CaseNote.objects.create(
            person=PersonFactory(municipality=cast.viborg, assigned_caseworker=cast.alice),
            concerns_on=date(2026, 11, 2),
            text="Fortalte om sin helbred.",
            sensitive=True,
            category="health",
            author=cast.alice,
        ).pk
    ),
    "conversation_id": lambda cast: (
        Conversation.objects.create(
            person=PersonFactory(municipality=cast.viborg),
            kind="first",
            held_on=date(2026, 11, 2),
            participants="Hun og Alice",
        ).pk
    ),
    "task_id": lambda cast: (
        Task.objects.create(
            municipality=cast.viborg,
            title="Ring til hende",
            assignee=cast.alice,
            due_on=date(2026, 11, 30),
            person=PersonFactory(municipality=cast.viborg),
        ).pk
    ),
    "goal_id": lambda cast: PlanGoalFactory(person=PersonFactory(municipality=cast.viborg)).pk,
    "reply_id": lambda cast: (
        InboundMessageFactory(
            person=PersonFactory(municipality=cast.viborg, phone="+4520123456")
        ).pk
    ),
    # A saved list of Alice's, shared with her municipality (Viborg).
    "list_id": lambda cast: (
        SavedList.objects.create(
            municipality=cast.viborg,
            owner=cast.alice,
            name="Ikke kontaktet i 3 måneder",
            filters={"not_contacted_months": 3},
            shared=True,
        ).pk
    ),
    # A referral link of Viborg's (its public form is behind ``token``, which names none).
    "link_id": lambda cast: ReferralLinkFactory(municipality=cast.viborg, owner=cast.alice).pk,
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
    # A target-group definition of a partnership that has only Viborg.
    "definition_id": lambda cast: (
        TargetGroupDefinition.objects.create(
            partnership_id=_viborg_partnership(cast), name="Alle", valid_from=date(2026, 1, 1)
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
    source, _created = ListSource.objects.get_or_create(
        municipality=cast.viborg,
        name="Sprogskolen",
        defaults={"method": OutreachMethod.objects.first()},
    )
    return ImportBatch.objects.create(
        municipality=cast.viborg, source=source, original_name="liste.csv", status="done"
    )


def patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), space)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def object_urls() -> list[tuple[str, tuple[str, ...]]]:
    urls = []
    for name, pattern in patterns(get_resolver()):
        arguments = tuple(pattern.pattern.converters)
        if arguments and not set(arguments) <= NOT_OBJECTS.keys():
            urls.append((name, arguments))
    return sorted(urls)


def all_urls() -> list[tuple[str, tuple[str, ...]]]:
    """Every named URL pattern with its arguments (none for most)."""
    return sorted((name, tuple(p.pattern.converters)) for name, p in patterns(get_resolver()))
