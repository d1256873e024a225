"""Partners (associations, companies, ...), their contacts and visits; volunteers, referrals of
citizens to a mentor, mentorships and declined proposals. In Viborg unless told otherwise."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.partners.models import (
    ActionStatus,
    CapacityAction,
    CapacityBuilding,
    CapacityCourse,
    CheckInRating,
    Competence,
    ContactPerson,
    DeclinedMatch,
    DropoutReason,
    ExpectationPoint,
    Mentorship,
    MentorshipCheckIn,
    MentorshipEnd,
    MentorshipEndReason,
    MentorshipStatus,
    Organisation,
    OrganisationKind,
    PostalArea,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    Relationship,
    Review,
    Severity,
    SupportKind,
    SupportRequest,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    Visit,
    Volunteer,
    VolunteerStatus,
    VolunteerStatusChange,
)
from brobygger.partnerships.tests.factories import municipality
from brobygger.people.tests.factories import PersonFactory

_cvr_seeds = count(1)


def cvr(seed: int) -> str:
    """A valid CVR number (weights 2, 7, 6, 5, 4, 3, 2, 1; the sum is divisible by 11)."""
    value = 1_000_000 + seed * 7
    while True:
        digits = [int(d) for d in f"{value:07d}"]
        check = (
            11 - sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        ) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        value += 1


def competences(*keys: str) -> list[Competence]:
    """Seeded competences by key."""
    return list(Competence.objects.filter(key__in=keys))


class _Competences(factory.PostGeneration):
    """``offers=[...]``, ``needs=[...]``, ``skills=[...]``, ``topics=[...]``: seeded
    competences (or their keys) for a many-to-many field."""

    def __init__(self, field: str) -> None:
        def setter(record: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
            if create and extracted:
                chosen = [c for c in extracted if isinstance(c, Competence)]
                chosen += competences(*[c for c in extracted if isinstance(c, str)])
                getattr(record, field).set(chosen)

        super().__init__(setter)


class CompetenceFactory(factory.django.DjangoModelFactory):
    """A new competence of the shared taxonomy (most tests use a seeded one:
    ``competences("accounting")``); ``personal=True`` for one a mentor helps with."""

    class Meta:
        model = Competence

    key = factory.Sequence(lambda n: f"competence_{n:03d}")
    group = "organisation"
    name = factory.Sequence(lambda n: f"Kompetence {n:03d}")

    class Params:
        personal = factory.Trait(group="person")


class PostalAreaFactory(factory.django.DjangoModelFactory):
    """Where a postal code lies (Viborg's centre unless told)."""

    class Meta:
        model = PostalArea
        django_get_or_create = ("code",)

    code = "8800"
    name = "Viborg"
    latitude = 56.45
    longitude = 9.40


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An approved association; ``company=True`` for a company (with a valid CVR number)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    name = factory.Sequence(lambda n: f"Forening {n:03d}")
    kind = OrganisationKind.ASSOCIATION
    city = "Viborg"
    languages = "da, ar"
    activities = "Lektiecafé og madklub"
    offers = _Competences("offers")
    needs = _Competences("needs")

    class Params:
        company = factory.Trait(
            kind=OrganisationKind.COMPANY,
            name=factory.Sequence(lambda n: f"Virksomhed {n:03d} ApS"),
            cvr=factory.LazyFunction(lambda: cvr(next(_cvr_seeds))),
            internship_places=2,
        )
        ethnic_association = factory.Trait(kind=OrganisationKind.ETHNIC_ASSOCIATION)
        active = factory.Trait(relationship=Relationship.ACTIVE)
        ended = factory.Trait(relationship=Relationship.ENDED)
        # A public sign-up waiting for staff to approve it.
        pending = factory.Trait(review=Review.PENDING, signed_up_publicly=True)
        rejected = factory.Trait(review=Review.REJECTED, signed_up_publicly=True)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Iterator(["Hodan Ali", "Jens Hansen", "Mette Holm"])
    role = "Formand"
    email = "kontakt@example.invalid"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    organisation = factory.SubFactory(OrganisationFactory)
    visited_on = date(2026, 10, 5)
    visited_by = factory.SubFactory(UserFactory, caseworker=True)
    what_they_do = "Lektiecafé for børn"
    next_step = "Ring i december"


class VolunteerFactory(factory.django.DjangoModelFactory):
    """An active mentor who may get a mentee: trained, with a valid record check, one place
    free. The traits are the states that block her, or end her."""

    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    first_name = factory.Iterator(["Birthe", "Karen", "Lone", "Inge", "Susanne"])
    last_name = factory.Iterator(["Nielsen", "Madsen", "Kristensen"])
    gender = "female"
    languages = "da, ar"
    postal_code = "8800"
    max_mentees = 2
    trained_on = date(2026, 1, 10)
    record_check_on = date(2026, 1, 5)
    skills = _Competences("skills")

    class Params:
        untrained = factory.Trait(trained_on=None)
        unchecked = factory.Trait(record_check_on=None)
        # Checked more than two years before the suite's today (23 November 2026).
        check_expired = factory.Trait(record_check_on=date(2024, 1, 5))
        paused = factory.Trait(status=VolunteerStatus.PAUSED)
        ended = factory.Trait(status=VolunteerStatus.ENDED)
        pending = factory.Trait(review=Review.PENDING)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A citizen of Viborg waiting for a mentor."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory, contacted=True)
    first_name = factory.SelfAttribute("person.first_name")
    languages = "ar"
    postal_code = "8800"
    referred_by = factory.SubFactory(UserFactory, caseworker=True)
    topics = _Competences("topics")

    class Params:
        matched = factory.Trait(status=ReferralStatus.MATCHED)
        withdrawn = factory.Trait(status=ReferralStatus.WITHDRAWN)
        accepted = factory.Trait(status=ReferralStatus.ACCEPTED, follow_up_on=date(2026, 12, 1))
        declined = factory.Trait(status=ReferralStatus.DECLINED, reason=ReferralReason.NO_CAPACITY)
        ended = factory.Trait(status=ReferralStatus.ENDED, reason=ReferralReason.GOAL_REACHED)
        # Referred to a partner of her municipality instead of the volunteer coordinator.
        to_partner = factory.Trait(
            target=factory.SubFactory(
                OrganisationFactory,
                municipality=factory.SelfAttribute("..person.municipality"),
            )
        )


class ReferralEventFactory(factory.django.DjangoModelFactory):
    """A move in a referral's history: "sent" unless told."""

    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(ReferralFactory)
    status = ReferralStatus.WAITING
    occurred_on = date(2026, 11, 2)
    recorded_by = factory.SelfAttribute("referral.referred_by")

    class Params:
        declined = factory.Trait(
            status=ReferralStatus.DECLINED, reason=ReferralReason.SHE_DECLINED, note="Tid"
        )
        ended = factory.Trait(status=ReferralStatus.ENDED, reason=ReferralReason.GOAL_REACHED)


class MentorshipFactory(factory.django.DjangoModelFactory):
    """An active mentorship (the volunteer's slot taken, the referral matched)."""

    class Meta:
        model = Mentorship

    volunteer = factory.SubFactory(VolunteerFactory, active_mentees=1)
    referral = factory.SubFactory(
        ReferralFactory,
        matched=True,
        person__municipality=factory.SelfAttribute("...volunteer.municipality"),
    )
    started_on = date(2026, 10, 1)
    score = 0.8
    reasons = factory.LazyFunction(lambda: [{"code": "shared_language", "languages": ["ar"]}])

    class Params:
        ended = factory.Trait(status=MentorshipStatus.ENDED, ended_on=date(2026, 11, 1))


class DeclinedMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclinedMatch

    volunteer = factory.SubFactory(VolunteerFactory)
    referral = factory.SubFactory(
        ReferralFactory, person__municipality=factory.SelfAttribute("...volunteer.municipality")
    )
    declined_by = factory.SubFactory(UserFactory, volunteer_coordinator=True)


class MentorshipCheckInFactory(factory.django.DjangoModelFactory):
    """A check-in on an active mentorship: it goes well; ``difficult=True`` with a follow-up."""

    class Meta:
        model = MentorshipCheckIn

    mentorship = factory.SubFactory(MentorshipFactory)
    held_on = date(2026, 11, 2)
    rating = CheckInRating.GOOD
    next_step = "Følg op efter næste møde"
    recorded_by = factory.SubFactory(UserFactory, volunteer_coordinator=True)

    class Params:
        difficult = factory.Trait(rating=CheckInRating.DIFFICULT, follow_up_on=date(2026, 11, 16))


class MentorshipEndFactory(factory.django.DjangoModelFactory):
    """Why an (ended) mentorship ended."""

    class Meta:
        model = MentorshipEnd

    mentorship = factory.SubFactory(MentorshipFactory, ended=True)
    reason = MentorshipEndReason.GOAL_REACHED
    text = "Hun er i gang med danskuddannelse"
    recorded_by = factory.SubFactory(UserFactory, volunteer_coordinator=True)

    class Params:
        volunteer_stopped = factory.Trait(reason=MentorshipEndReason.VOLUNTEER_STOPPED)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """An open request for support from a volunteer; ``incident``, ``handled``."""

    class Meta:
        model = SupportRequest

    volunteer = factory.SubFactory(VolunteerFactory)
    received_on = date(2026, 11, 10)
    kind = SupportKind.SUPPORT
    severity = Severity.LOW
    description = "Usikker på, hvordan hun hjælper med jobansøgninger"
    recorded_by = factory.SubFactory(UserFactory, volunteer_coordinator=True)

    class Params:
        incident = factory.Trait(kind=SupportKind.INCIDENT, severity=Severity.HIGH)
        handled = factory.Trait(handled_on=date(2026, 11, 12), handling="Samtale med koordinator")


class VolunteerStatusChangeFactory(factory.django.DjangoModelFactory):
    """A dated step of the pipeline: active; ``ended=True`` with a dropout reason."""

    class Meta:
        model = VolunteerStatusChange

    volunteer = factory.SubFactory(VolunteerFactory)
    status = VolunteerStatus.ACTIVE
    changed_on = date(2026, 2, 1)

    class Params:
        ended = factory.Trait(status=VolunteerStatus.ENDED, reason=DropoutReason.NO_TIME)
        paused = factory.Trait(status=VolunteerStatus.PAUSED, reason=DropoutReason.LIFE_CHANGE)


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    """A mentor course of two sessions; ``single=True`` for a one-session course."""

    class Meta:
        model = TrainingCourse

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Mentorkursus {n:03d}")
    required_sessions = 2

    class Params:
        single = factory.Trait(required_sessions=1)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.SubFactory(TrainingCourseFactory)
    date = date(2026, 11, 3)
    place = "Frivilligcenter Viborg"

    class Params:
        upcoming = factory.Trait(date=date(2026, 12, 8))


class TrainingEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingEnrolment

    course = factory.SubFactory(TrainingCourseFactory)
    volunteer = factory.SubFactory(
        VolunteerFactory,
        untrained=True,
        municipality=factory.SelfAttribute("..course.municipality"),
    )


class TrainingAttendanceFactory(factory.django.DjangoModelFactory):
    """A volunteer at a session (of a course she is enrolled in)."""

    class Meta:
        model = TrainingAttendance

    session = factory.SubFactory(TrainingSessionFactory)
    volunteer = factory.LazyAttribute(
        lambda o: TrainingEnrolmentFactory(course=o.session.course).volunteer
    )


class CapacityBuildingFactory(factory.django.DjangoModelFactory):
    """An ethnic-minority association's capacity building, with a key adviser; ``no_adviser``."""

    class Meta:
        model = CapacityBuilding

    organisation = factory.SubFactory(OrganisationFactory, ethnic_association=True)
    key_adviser = factory.SubFactory(UserFactory, caseworker=True)
    started_on = date(2026, 9, 1)
    notes = "Bestyrelsen vil lære at søge fonde"

    class Params:
        no_adviser = factory.Trait(key_adviser=None)


class CapacityCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityCourse

    building = factory.SubFactory(CapacityBuildingFactory)
    title = "Foreningsregnskab for begyndere"
    attended_on = date(2026, 10, 6)
    participants = 3


class ExpectationPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpectationPoint

    building = factory.SubFactory(CapacityBuildingFactory)
    text = "Foreningen holder generalforsamling hvert år"
    agreed_on = date(2026, 9, 15)


class CapacityActionFactory(factory.django.DjangoModelFactory):
    """An open action item; ``done`` or ``overdue`` (due before the suite's today)."""

    class Meta:
        model = CapacityAction

    building = factory.SubFactory(CapacityBuildingFactory)
    title = "Opret foreningens CVR-nummer"
    responsible = "Kassereren"
    due_on = date(2026, 12, 15)

    class Params:
        done = factory.Trait(status=ActionStatus.DONE)
        overdue = factory.Trait(due_on=date(2026, 11, 1), status=ActionStatus.IN_PROGRESS)
