"""A data set of Viborg that grows by whole copies of one shape, for the query-count contract
(``tests/test_query_counts.py``).

``Dataset(cast)`` makes one object for every URL argument of the project (the parents: a
person, a partner, an event, an import, ...); ``grow(copies)`` adds ``copies`` more rows of
every kind the pages list, and more children to each parent: people in every stage with
their contact attempts, enrolments, outcomes and referrals, partners, volunteers,
mentorships, agreements, events, imports, library entries, stories, surveys, users, access
log entries, and so on. Every copy has the same shape (the same statuses, kinds and
categories), so a page that makes one query per row, and not per category, makes more
queries after a ``grow``.

Every name and title a copy adds starts with ``MARK``, so that a test can count the rows a
page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from brobygger.accounts.models import User
from brobygger.accounts.tests.factories import ApiTokenFactory, UserFactory
from brobygger.agreements.models import Agreement, StatusMeeting
from brobygger.agreements.tests.factories import (
    AgreementFactory,
    CalendarTokenFactory,
    PartyFactory,
    StatusMeetingFactory,
)
from brobygger.audit.tests.factories import AccessLogEntryFactory
from brobygger.cases.models import CaseNote, CaseNoteRevision, Conversation, PlanGoal, Task
from brobygger.cases.tests.factories import (
    CaseNoteFactory,
    ConversationFactory,
    PlanGoalFactory,
    ReferralLinkFactory,
    TaskFactory,
)
from brobygger.documents.tests.factories import PartnerDocumentFactory, PersonDocumentFactory
from brobygger.evaluation.models import ExtractFormat, ExtractRun
from brobygger.evaluation.services import extract_request
from brobygger.events.models import Event, Participant, ScheduledMeeting
from brobygger.events.tests.factories import (
    EventFactory,
    FollowUpFactory,
    ParticipantFactory,
    ScheduledMeetingFactory,
    WishFactory,
)
from brobygger.interventions.models import Enrolment, InterventionType, ProgressionDimension
from brobygger.interventions.tests.factories import (
    ConfidenceMeasureFactory,
    EnrolmentFactory,
    InterventionTypeFactory,
    OutcomeFactory,
    ProgressionAssessmentFactory,
    ProgressionDimensionFactory,
)
from brobygger.knowledge.models import MethodEntry, SuccessStory, Survey
from brobygger.knowledge.tests.factories import (
    MethodEntryFactory,
    SuccessStoryFactory,
    SurveyFactory,
    SurveyParticipationFactory,
    SurveyResponseFactory,
)
from brobygger.languages.tests.factories import LanguageFactory
from brobygger.linkage.models import DuplicateCandidate, ImportBatch
from brobygger.linkage.tests.factories import (
    DuplicateCandidateFactory,
    ImportBatchFactory,
    ImportRowFactory,
)
from brobygger.lists.models import SavedList
from brobygger.lists.tests.factories import ListSnapshotFactory, SavedListFactory
from brobygger.meetings.models import Attendance, Reminder, Session
from brobygger.meetings.tests.factories import TODAY, InvitationFactory, SessionFactory
from brobygger.messaging.models import InboundMessage
from brobygger.messaging.tests.factories import InboundMessageFactory
from brobygger.outreach.models import (
    LetterTemplate,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
)
from brobygger.outreach.tests.factories import (
    ContactAttemptFactory,
    DropInVisitFactory,
    LetterTemplateFactory,
    OutreachActivityFactory,
    OutreachLocationFactory,
    OutreachMethodFactory,
)
from brobygger.partners.models import (
    Mentorship,
    Organisation,
    Referral,
    TrainingCourse,
    TrainingSession,
    Volunteer,
)
from brobygger.partners.tests.factories import (
    CapacityActionFactory,
    CapacityBuildingFactory,
    CapacityCourseFactory,
    ContactPersonFactory,
    DeclinedMatchFactory,
    ExpectationPointFactory,
    MentorshipCheckInFactory,
    MentorshipFactory,
    OrganisationFactory,
    ReferralEventFactory,
    ReferralFactory,
    SupportRequestFactory,
    TrainingAttendanceFactory,
    TrainingCourseFactory,
    TrainingEnrolmentFactory,
    TrainingSessionFactory,
    VisitFactory,
    VolunteerFactory,
    VolunteerStatusChangeFactory,
)
from brobygger.partnerships.tests.factories import PartnershipFactory
from brobygger.people.models import ContactAttempt, Person
from brobygger.people.tests.factories import (
    PersonFactory,
    PersonSourceFactory,
    StatusEventFactory,
)
from brobygger.privacy.tests.factories import DataSubjectRequestFactory, PurgeRunFactory
from brobygger.reports.models import StatusReport
from brobygger.reports.tests.factories import ReportTextFactory, StatusReportFactory
from brobygger.signup.tests.factories import SignupFactory
from brobygger.targetgroups.tests.factories import TargetGroupDefinitionFactory
from brobygger.testing import Cast

MARK = "Nets"
# The quarter and scope of the report pages walked: Viborg's report of the third quarter.
QUARTER, SCOPE = "2026Q3", "791"


def calendar_token(user: User) -> str:
    """The secret of the user's calendar address in the data set."""
    return f"nets-calendar-{user.pk}"


@dataclass
class Dataset:
    cast: Cast
    copies: int = 0
    _numbers: Any = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        cast = self.cast
        alice = cast.alice
        self.person: Person = PersonFactory(
            first_name=f"{MARK}Parent", contacted=True, assigned_caseworker=alice
        )
        self.attempt: ContactAttempt = ContactAttemptFactory(person=self.person, made_by=alice)
        self.enrolment: Enrolment = EnrolmentFactory(person=self.person, recorded_by=alice)
        # Her sensitive note (Alice is her caseworker, so the pages show its text), her first
        # conversation, and a task of Alice's about her.
        self.note: CaseNote = CaseNoteFactory(
            person=self.person, author=alice, sensitive_health=True, text=f"{MARK} notat"
        )
        self.conversation: Conversation = ConversationFactory(person=self.person, recorded_by=alice)
        self.task: Task = TaskFactory(assignee=alice, person=self.person, title=f"{MARK} opgave")
        self.definition = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
        self.goal: PlanGoal = PlanGoalFactory(person=self.person, created_by=alice)
        self.reply: InboundMessage = InboundMessageFactory(person=self.person)
        self.link = ReferralLinkFactory(label=f"{MARK} Parent link", owner=alice)
        self.organisation: Organisation = OrganisationFactory(name=f"{MARK} Parent Forening")
        # It came in through the public form: its answers show on its page after approval.
        SignupFactory(association=True, organisation=self.organisation)
        self.capacity = CapacityBuildingFactory(organisation=self.organisation)
        self.volunteer: Volunteer = VolunteerFactory(first_name=f"{MARK}Parent", max_mentees=1)
        self.referral: Referral = ReferralFactory(referred_by=alice)
        self.mentorship: Mentorship = MentorshipFactory(
            volunteer=self.volunteer, referral__referred_by=alice
        )
        self.course: TrainingCourse = TrainingCourseFactory(title=f"{MARK} Parent Kursus")
        self.course_session: TrainingSession = TrainingSessionFactory(course=self.course)
        self.agreement: Agreement = AgreementFactory(
            active=True, parties=[self.organisation], created_by=alice
        )
        self.meeting: StatusMeeting = StatusMeetingFactory(agreement=self.agreement)
        self.event: Event = EventFactory(scheduled=True)
        self.session: Session = SessionFactory(
            title=f"{MARK} Parent Møde", intervention_type=InterventionType.objects.first()
        )
        self.participant: Participant = ParticipantFactory(event=self.event)
        self.scheduled_meeting: ScheduledMeeting = ScheduledMeetingFactory(
            event=self.event, association=self.participant, table=1
        )
        self.activity: OutreachActivity = OutreachActivityFactory(
            done=True, campaign=True, responsible=alice
        )
        self.location: OutreachLocation = OutreachLocationFactory()
        self.batch: ImportBatch = ImportBatchFactory(created_by=alice)
        # A list uploaded and mapped, waiting to be imported: its file grows with the copies.
        self.upload: ImportBatch = ImportBatchFactory(
            uploaded=True,
            original_name="nets.csv",
            rows_total=0,
            mapping={"Fornavn": "first_name", "Efternavn": "last_name"},
            file=ContentFile(b"", name="nets.csv"),
        )
        self.candidate: DuplicateCandidate = DuplicateCandidateFactory(batch=self.batch)
        self.entry: MethodEntry = MethodEntryFactory(partnership=cast.partnership)
        self.story: SuccessStory = SuccessStoryFactory(created_by=alice)
        self.survey: Survey = SurveyFactory(created_by=cast.lene)
        self.report: StatusReport = StatusReportFactory(
            partnership=cast.partnership, quarter=QUARTER, created_by=cast.lene
        )
        self.user: User = UserFactory(caseworker=True)
        self.pending_organisation: Organisation = SignupFactory(association=True).organisation
        self.pending_volunteer: Volunteer = SignupFactory().volunteer
        self.users = [cast.alice, cast.bob, cast.lene, cast.kim, cast.eva, cast.ada]
        # The evaluator's extract, made (the test settings run the task at once).
        self.extract: ExtractRun = extract_request(
            actor=cast.eva, partnership=cast.partnership, file_format=ExtractFormat.CSV
        )
        self.token = ApiTokenFactory(user=alice)
        self.document = PersonDocumentFactory(person=self.person, uploaded_by=alice)
        self.partner_document = PartnerDocumentFactory(
            organisation=self.organisation, uploaded_by=alice
        )
        for user in self.users:
            CalendarTokenFactory(user=user, token=calendar_token(user))
        # A saved list of Alice's, shared in Viborg: its count grows with the people.
        self.saved_list: SavedList = SavedListFactory(
            owner=alice, name=f"{MARK} Parent liste", shared_in_municipality=True
        )

    def url_kwargs(self, name: str) -> dict[str, object]:
        """A value for every URL argument of the project: the data set's parents, and the
        arguments that name no object (``tests/urlwalk.py``'s ``NOT_OBJECTS``), for the URL
        named ``name``."""
        return self._arguments() | {
            "agreements:calendar-feed": {"token": calendar_token(self.cast.lene)},
            "public:campaign": {"code": str(self.activity.campaign_code)},
            "referral-link:form": {"token": self.link.token},
            "privacy:notice": {"code": str(self.activity.campaign_code)},
            "languages:update": {"code": "ar"},
            "languages:retire": {"code": "ar"},
            "linkage:map": {"batch_id": self.upload.pk},
            "linkage:preview": {"batch_id": self.upload.pk},
            "reports:section": {"key": "status"},
        }.get(name, {})

    def query(self, name: str) -> str:
        """The query string a page needs (the municipality of the people behind a figure)."""
        if name == "measures:criteria-people":
            return f"?municipality={self.cast.viborg.pk}"
        return ""

    def _arguments(self) -> dict[str, object]:
        return {
            "organisation_id": self.organisation.pk,
            "agreement_id": self.agreement.pk,
            "meeting_id": self.meeting.pk,
            "volunteer_id": self.volunteer.pk,
            "referral_id": self.referral.pk,
            "mentorship_id": self.mentorship.pk,
            "course_id": self.course.pk,
            "person_id": self.person.pk,
            "attempt_id": self.attempt.pk,
            "user_id": self.user.pk,
            "token_id": self.token.pk,
            "document_id": self.document.pk,
            "partner_document_id": self.partner_document.pk,
            "partnership_id": self.cast.partnership.pk,
            "activity_id": self.activity.pk,
            "method_id": OutreachMethod.objects.order_by("pk").values_list("pk", flat=True)[0],
            "type_id": InterventionType.objects.order_by("pk").values_list("pk", flat=True)[0],
            "dimension_id": ProgressionDimension.objects.order_by("pk")
            .values_list("pk", flat=True)
            .first(),
            "location_id": self.location.pk,
            "letter_id": LetterTemplate.objects.filter(language__code="da")
            .order_by("pk")
            .values_list("pk", flat=True)[0],
            "batch_id": self.batch.pk,
            "extract_id": self.extract.pk,
            "enrolment_id": self.enrolment.pk,
            "candidate_id": self.candidate.pk,
            "entry_id": self.entry.pk,
            "story_id": self.story.pk,
            "survey_id": self.survey.pk,
            "event_id": self.event.pk,
            "session_id": self.session.pk,
            "participant_id": self.participant.pk,
            "scheduled_meeting_id": self.scheduled_meeting.pk,
            "pending_organisation_id": self.pending_organisation.pk,
            "pending_volunteer_id": self.pending_volunteer.pk,
            "note_id": self.note.pk,
            "conversation_id": self.conversation.pk,
            "goal_id": self.goal.pk,
            "reply_id": self.reply.pk,
            "task_id": self.task.pk,
            "list_id": self.saved_list.pk,
            "link_id": self.link.pk,
            "definition_id": self.definition.pk,
            "uidb64": "MQ",
            "token": "x-y",
            "code": self.cast.viborg.code,
            "language": "da",
            "kind": "png",
            "key": "job",
            "quarter": QUARTER,
            "scope": SCOPE,
            "fmt": "xlsx",
        }

    def grow(self, copies: int) -> None:
        """Add ``copies`` copies of the shape: rows of every kind, children to every parent."""
        for _ in range(copies):
            self._copy(next(self._numbers))
        self.copies += copies
        rows = "".join(f"{MARK}{n:03d}u;Warsame\n" for n in range(1, self.copies + 1))
        Path(self.upload.file.path).write_text(f"Fornavn;Efternavn\n{rows}", encoding="utf-8")

    def _copy(self, n: int) -> None:
        self._people(n)
        self._parents_children(n)
        self._partners(n)
        self._cooperation(n)
        self._outreach(n)
        self._knowledge(n)
        self._administration(n)

    def _people(self, n: int) -> None:
        """People in every stage of the pipeline, with what their pages and the figures read."""
        alice = self.cast.alice
        name = f"{MARK}{n:03d}"
        found = PersonFactory(
            first_name=f"{name}a", assigned_caseworker=alice, follow_up_due=True, with_cpr=True
        )
        ContactAttemptFactory(person=found, made_by=alice)
        PersonSourceFactory(
            person=found, activity=self.activity, partner=self.organisation, recorded_by=alice
        )
        contacted = PersonFactory(
            first_name=f"{name}b", contacted=True, consented=True, assigned_caseworker=alice
        )
        ContactAttemptFactory(person=contacted, made_by=alice, reached=True)
        StatusEventFactory(person=contacted, recorded_by=alice)
        ConfidenceMeasureFactory(person=contacted)
        ConfidenceMeasureFactory(person=contacted, raised=True)
        ReferralFactory(person=contacted, referred_by=alice, topics=["job_search"])
        enrolled = PersonFactory(first_name=f"{name}c", in_intervention=True)
        ProgressionAssessmentFactory(enrolment__person=enrolled)
        EnrolmentFactory(
            person=enrolled, completed=True, provider=self.organisation, provider_note=""
        )
        in_job = PersonFactory(first_name=f"{name}d", in_job=True)
        OutcomeFactory(person=in_job)
        OutcomeFactory(person=in_job, education=True)
        MentorshipFactory(referral__person=in_job, volunteer__first_name=f"{name}v")
        DuplicateCandidateFactory(person_a=found, person_b__first_name=f"{name}e", batch=self.batch)
        PersonFactory(first_name=f"{name}f", municipality=self.cast.hedensted, contacted=True)

    def _parents_children(self, n: int) -> None:
        """More children of every parent object."""
        alice, name = self.cast.alice, f"{MARK}{n:03d}"
        person = self.person
        ContactAttemptFactory(person=person, made_by=alice, reached=True, note=f"{name} ringede")
        # More saved lists, and more days of the shared list's count.
        SavedListFactory(owner=alice, name=f"{name} liste", shared_in_municipality=True)
        ListSnapshotFactory(saved_list=self.saved_list, count=n)
        EnrolmentFactory(person=person, completed=True, recorded_by=alice)
        OutcomeFactory(person=person)
        ConfidenceMeasureFactory(person=person)
        StatusEventFactory(person=person, recorded_by=alice)
        PersonSourceFactory(person=person, activity=self.activity)
        ReferralFactory(person=person, withdrawn=True, referred_by=alice)
        # A referral to a partner under way, with its history, and one declined: her page,
        # the work list and the referrals overview list them.
        under_way = ReferralFactory(
            person=person,
            referred_by=alice,
            to_partner=True,
            accepted=True,
            target__name=f"{name} Partner",
        )
        ReferralEventFactory(referral=under_way, note=f"{name} sendt")
        ReferralEventFactory(referral=under_way, status="accepted", recorded_by=self.cast.bob)
        ReferralFactory(person=person, referred_by=alice, declined=True, to_partner=True)
        ReferralLinkFactory(label=f"{name} link", owner=alice)
        DropInVisitFactory(location=self.location, person=person, recorded_by=alice)
        DropInVisitFactory(location=self.location, anonymous=True)
        DataSubjectRequestFactory(person_id=person.pk, answered_by=self.cast.lene)
        AccessLogEntryFactory(user=alice, person_id=person.pk)
        ProgressionAssessmentFactory(enrolment=self.enrolment, recorded_by=alice)
        ContactPersonFactory(organisation=self.organisation, name=f"{name} Kontakt")
        PersonDocumentFactory(person=person, title=f"{name} CV", uploaded_by=alice)
        PartnerDocumentFactory(
            organisation=self.organisation, title=f"{name} Aftale", uploaded_by=alice
        )
        PartnerDocumentFactory(
            of_agreement=True, agreement=self.agreement, title=f"{name} Bilag", uploaded_by=alice
        )
        VisitFactory(organisation=self.organisation, visited_by=alice)
        MentorshipFactory(volunteer=self.volunteer, ended=True, referral__referred_by=alice)
        DeclinedMatchFactory(volunteer=self.volunteer, referral=ReferralFactory())
        MentorshipCheckInFactory(mentorship=self.mentorship, next_step=f"{name} næste skridt")
        SupportRequestFactory(volunteer=self.volunteer, description=f"{name} støtte")
        VolunteerStatusChangeFactory(volunteer=self.volunteer, note=f"{name} trin")
        TrainingAttendanceFactory(
            session=self.course_session,
            volunteer=TrainingEnrolmentFactory(
                course=self.course, volunteer__first_name=f"{name}t"
            ).volunteer,
        )
        TrainingSessionFactory(course=self.course, place=f"{name} lokale")
        CapacityCourseFactory(building=self.capacity, title=f"{name} kursus")
        ExpectationPointFactory(building=self.capacity, text=f"{name} forventning")
        CapacityActionFactory(building=self.capacity, title=f"{name} handling")
        PartyFactory(agreement=self.agreement, organisation__name=f"{name} Part")
        StatusMeetingFactory(agreement=self.agreement, took_place=True)
        association = ParticipantFactory(event=self.event, organisation__name=f"{name} Forening")
        company = ParticipantFactory(
            event=self.event, company=True, organisation__name=f"{name} ApS"
        )
        WishFactory(event=self.event, from_participant=association, to_participant=company)
        WishFactory(event=self.event, from_participant=company, to_participant=self.participant)
        ScheduledMeetingFactory(
            event=self.event, association=association, company=company, table=n + 1
        )
        FollowUpFactory(event=self.event, association=association, company=company)
        ImportRowFactory(batch=self.batch, person__first_name=f"{name}r")
        ImportRowFactory(batch=self.batch, rejected=True)
        SurveyResponseFactory(survey=self.survey)
        SurveyParticipationFactory(survey=self.survey)
        ReportTextFactory(report=self.report, version=n, text=f"{name} status")
        accepted = InvitationFactory(
            session=self.session, accepted=True, person__first_name=f"{name}i"
        )
        Reminder.objects.create(invitation=accepted, channel="letter", due_on=TODAY)
        came = InvitationFactory(session=self.session, person__first_name=f"{name}j")
        Attendance.objects.create(
            session=self.session,
            person=came.person,
            recorded_by=alice,
            enrolment=EnrolmentFactory(person=came.person, completed=True),
            enrolment_created=True,
        )
        # Her notes (sensitive and plain), the note's earlier versions, follow-up
        # conversations, and tasks of Alice's, a colleague's and the lead's (who reads the task
        # pages in the walk), about her and about nothing.
        CaseNoteFactory(person=person, author=alice, text=f"{name} notat")
        CaseNoteFactory(person=person, author=alice, sensitive_health=True, text=f"{name} følsomt")
        CaseNoteRevision.objects.create(
            note=self.note, concerns_on=self.note.concerns_on, text=f"{name} før", replaced_by=alice
        )
        ConversationFactory(
            person=person, kind="follow_up", participants=f"{name} deltagere", recorded_by=alice
        )
        TaskFactory(assignee=alice, person=person, title=f"{name} opgave")
        # A goal in her plan with a step, and a step more towards the parent goal.
        goal = PlanGoalFactory(person=self.person, text=f"{name} mål", created_by=alice)
        TaskFactory(assignee=alice, person=self.person, goal=goal, source="plan_step")
        TaskFactory(assignee=alice, person=self.person, goal=self.goal, source="plan_step")
        TaskFactory(assignee=self.user, title=f"{name} kollegas opgave")
        TaskFactory(assignee=self.cast.lene, title=f"{name} ledelsens opgave")

    def _partners(self, n: int) -> None:
        name = f"{MARK}{n:03d}"
        club = OrganisationFactory(
            name=f"{name} Forening", active=True, needs=["accounting"], created_by=self.cast.alice
        )
        ContactPersonFactory(organisation=club)
        VisitFactory(organisation=club)
        # Each copy a partner more with people through it (the partner table lists them).
        PersonSourceFactory(person=PersonFactory(first_name=f"{name}p"), partner=club)
        OrganisationFactory(name=f"{name} ApS", company=True, offers=["accounting"])
        VolunteerFactory(first_name=f"{name}w", skills=["job_search"], organisation=club)
        VolunteerFactory(first_name=f"{name}x", check_expired=True)
        SignupFactory(association=True, organisation__name=f"{name} Ny Forening")
        SignupFactory(volunteer__first_name=f"{name}y")
        TrainingCourseFactory(title=f"{name} Kursus")

    def _cooperation(self, n: int) -> None:
        name = f"{MARK}{n:03d}"
        agreement = AgreementFactory(title=f"{name} Aftale", active=True, parties=2)
        StatusMeetingFactory(agreement=agreement)
        StatusMeetingFactory(agreement=agreement, took_place=True)
        AgreementFactory(title=f"{name} Udkast", parties=1)
        event = EventFactory(title=f"{name} Speeddating")
        ParticipantFactory(event=event)
        ParticipantFactory(event=event, company=True)
        EventFactory(title=f"{name} Afholdt", held=True)
        upcoming = SessionFactory(title=f"{name} Møde", date=TODAY + timedelta(days=7))
        InvitationFactory(session=upcoming, accepted=True)
        SessionFactory(title=f"{name} Holdt", date=TODAY - timedelta(days=7))

    def _outreach(self, n: int) -> None:
        name = f"{MARK}{n:03d}"
        OutreachActivityFactory(title=f"{name} Plakater", done=True, responsible=self.cast.alice)
        OutreachActivityFactory(title=f"{name} Stand", campaign=True)
        # A partner named in free text that no partner record matches (the report of them).
        OutreachActivityFactory(title=f"{name} Oplæg", partner_note=f"{name} Naboen")
        location = OutreachLocationFactory(name=f"{name} Filial")
        DropInVisitFactory(location=location, anonymous=True)
        OutreachMethodFactory(name=f"{name} Metode")
        LetterTemplateFactory(name=f"{name} Brev")
        LanguageFactory(name_da=f"{name} Sprog", name_en=f"{name} Language")
        source_batch = ImportBatchFactory(original_name=f"{name}.csv")
        ImportRowFactory(batch=source_batch)

    def _knowledge(self, n: int) -> None:
        name = f"{MARK}{n:03d}"
        partnership = self.cast.partnership
        MethodEntryFactory(title=f"{name} Madklub", partnership=partnership)
        MethodEntryFactory(title=f"{name} Fælles", shared=True)
        SuccessStoryFactory(title=f"{name} Historie", published=True)
        SuccessStoryFactory(title=f"{name} Kladde")
        survey = SurveyFactory(title=f"{name} Undersøgelse")
        SurveyResponseFactory(survey=survey)
        SurveyFactory(title=f"{name} Lukket", closed=True)

    def _administration(self, n: int) -> None:
        name = f"{MARK}{n:03d}"
        viborg = self.cast.viborg
        UserFactory(username=f"{name}-caseworker", caseworker=True)
        UserFactory(username=f"{name}-lead", municipal_lead=True, two_factor=True)
        UserFactory(
            username=f"{name}-coordinator",
            coordinator=True,
            partnership=self.cast.partnership,
        )
        PartnershipFactory(name=f"{name} Partnerskab", municipalities=[viborg])
        InterventionTypeFactory(name=f"{name} Forløb")
        ProgressionDimensionFactory(name=f"{name} Dimension")
        for user in self.users:
            ApiTokenFactory(user=user, name=f"{name} token")
            AccessLogEntryFactory(user=user, search=True, search_criterion=f"navn: {name}")
        AccessLogEntryFactory(user=self.cast.alice, export=True)
        AccessLogEntryFactory(failed_login=True)
        PurgeRunFactory()
        DataSubjectRequestFactory(erasure=True)
        ReportTextFactory(
            report=self.report, section="challenges", version=n, text=f"{name} udfordring"
        )
        EnrolmentFactory(person__first_name=f"{name}g", dropped_out=True)
        ContactAttemptFactory(person__first_name=f"{name}h", letter=True)
        OrganisationFactory(name=f"{name} Slut", ended=True)
        VolunteerFactory(first_name=f"{name}z", paused=True)
        AgreementFactory(ended=True, title=f"{name} Gl")
