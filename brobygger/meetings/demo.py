"""Demo data for sessions: in each demo municipality, among the people it has reached, a past
information meeting (invitations, replies, and attendance with its enrolment and contact, as the
door page records them), a company visit tomorrow (at a demo company, when there is one) whose
accepted invitations get their reminders, and a network meeting in ten days with Arabic and
Thai spoken and an interpreter. Deterministic through ``context.rng``."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.interventions.models import Completion, Enrolment, InterventionType
from brobygger.languages.models import Language
from brobygger.partners.models import Organisation, Review
from brobygger.people.models import (
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    Person,
    PipelineStatus,
)

from .models import Attendance, Invitation, Reply, Session, SessionKind
from .services import reminders_record

INVITED_PER_SESSION = 8
# Those the job centre has reached (and who have not left the target group) are invited: the
# demo's people who were never reached take part in nothing (interventions' demo holds it).
NOT_REACHED = (
    PipelineStatus.IDENTIFIED,
    PipelineStatus.CONTACT_ATTEMPTED,
    PipelineStatus.DECLINED,
    PipelineStatus.MOVED_AWAY,
    PipelineStatus.NOT_IN_TARGET_GROUP,
)
# Replies as the seeds describe them: most say yes when called in their own language.
REPLIES = (Reply.YES, Reply.YES, Reply.YES, Reply.MAYBE, Reply.NO, "")


def _type(name: str) -> InterventionType | None:
    return InterventionType.objects.filter(name=name, is_active=True).first()


@step(87)
def sessions(context: DemoContext) -> None:
    rng = context.rng
    today = context.today
    danish = Language.objects.get(code="da")
    spoken = list(Language.objects.filter(code__in=["ar", "th"]))
    information = _type("Informationsmøde")
    visit = _type("Virksomhedsbesøg")
    network = _type("Netværksmøde")
    count = invited = attended = 0
    zone = timezone.get_default_timezone()
    for municipality in context.municipalities:
        people = list(
            Person.objects.filter(is_demo=True, municipality=municipality)
            .exclude(status__in=NOT_REACHED)
            .select_related("preferred_language")
            .order_by("pk")[:200]
        )
        if len(people) < INVITED_PER_SESSION:
            continue
        caseworkers = context.caseworkers.get(municipality.pk, [])
        author = caseworkers[0] if caseworkers else None
        company = (
            Organisation.objects.filter(
                is_demo=True, municipality=municipality, kind="company", review=Review.APPROVED
            )
            .order_by("pk")
            .first()
        )
        plans = [
            (
                SessionKind.INFORMATION_MEETING,
                "Informationsmøde: job og uddannelse",
                -14,
                information,
                None,
            ),
            (
                SessionKind.COMPANY_VISIT,
                f"Virksomhedsbesøg{f' hos {company.name}' if company else ''}",
                1,
                visit,
                company,
            ),
            (SessionKind.NETWORK_MEETING, "Netværksmøde for kvinder", 10, network, None),
        ]
        for kind, title, days, intervention, host in plans:
            session = Session.objects.create(
                municipality=municipality,
                kind=kind,
                title=title,
                date=today + timedelta(days=days),
                starts_at=time(10),
                ends_at=time(12),
                place=host.name if host else "Beboerhuset",
                address=f"Torvet 1, {municipality.name}",
                interpreter=kind == SessionKind.NETWORK_MEETING,
                interpreter_language=spoken[0]
                if spoken and kind == SessionKind.NETWORK_MEETING
                else None,
                capacity=15,
                host=host,
                intervention_type=intervention,
                created_by=author,
                is_demo=True,
            )
            if kind == SessionKind.NETWORK_MEETING:
                session.languages.set([danish, *spoken])
            chosen = rng.sample(people, INVITED_PER_SESSION)
            replies = [rng.choice(REPLIES) for _person in chosen]
            invitations = Invitation.objects.bulk_create(
                Invitation(
                    session=session,
                    person=person,
                    channel="letter",
                    language=person.preferred_language or danish,
                    reply=reply,
                    replied_at=timezone.now() - timedelta(days=2) if reply else None,
                    invited_by=author,
                    letter_printed_at=timezone.now() - timedelta(days=7),
                )
                for person, reply in zip(chosen, replies, strict=True)
            )
            invited += len(invitations)
            count += 1
            if days >= 0:
                continue
            start = timezone.make_aware(datetime.combine(session.date, session.starts_at), zone)
            for invitation in invitations:
                if invitation.reply != Reply.YES:
                    continue
                enrolment = None
                if intervention is not None:
                    enrolment = Enrolment.objects.create(
                        person=invitation.person,
                        intervention_type=intervention,
                        provider=session.host,
                        started_on=session.date,
                        ended_on=session.date,
                        completion=Completion.COMPLETED,
                        result=f"Deltog i {session.title}",
                        recorded_by=author,
                    )
                attempt = ContactAttempt.objects.create(
                    person=invitation.person,
                    channel=ContactChannel.MEETING,
                    outcome=ContactOutcome.REACHED,
                    occurred_at=start,
                    made_by=author,
                    note=str(session),
                )
                Attendance.objects.create(
                    session=session,
                    person=invitation.person,
                    recorded_by=author,
                    enrolment=enrolment,
                    enrolment_created=enrolment is not None,
                    enrolment_version=1 if enrolment is not None else None,
                    contact_attempt=attempt,
                )
                attended += 1
    context.counts["sessions"] = count
    context.counts["session_invitations"] = invited
    context.counts["session_attendances"] = attended
    context.counts["session_reminders"] = reminders_record(today=today)


def _delete_demo_sessions() -> None:
    # A session holds its host partner (PROTECT): it goes before the partners' demo rows.
    Session.objects.filter(Q(is_demo=True) | Q(created_by__is_demo=True)).delete()


DEMO_CLEANUPS.append(_delete_demo_sessions)
