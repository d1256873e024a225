"""Demo data for knowledge sharing: a few success stories per municipality (a draft and
published ones with consent), a closed attitude-survey round with enough answers to show its
results, an open round for the demo staff to answer, and one entry of the partnership's own in
the methods library. The same at every scale; deterministic through ``context.rng``.

The closed round has more answers than the municipality has demo accounts: the others answered
on paper at a staff meeting (seed 001's exercise) and were typed in. Answers are anonymous, so
they carry no author either way; only the demo staff get a participation row."""

from __future__ import annotations

from datetime import timedelta

from brobygger.accounts.models import MUNICIPAL_ROLES, Membership, Role, User
from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step

from .models import (
    ConsentMethod,
    ConsentScope,
    LibraryCategory,
    MethodEntry,
    PickKind,
    StoryStatus,
    SuccessStory,
    Survey,
    SurveyParticipation,
    SurveyPick,
    SurveyResponse,
    SurveyStatement,
)
from .statements import SEED_001_STATEMENTS

STORIES = (
    (
        "Fra kvindecaféen til køkkenet på plejecentret",
        "Hun kom første gang i kvindecaféen sammen med en veninde. Efter et halvt år på "
        "sprogskolen og en praktik i køkkenet på plejecentret blev hun ansat 25 timer om ugen. "
        "Nu fortæller hun selv om det i caféen.",
    ),
    (
        "Bydelsmødrene viste vejen",
        "En bydelsmor fulgte hende til det første informationsmøde. Hun havde boet i Danmark i "
        "ti år uden kontakt til jobcentret. I dag er hun i gang med en uddannelse som "
        "pædagogisk assistent.",
    ),
    (
        "En mentor fra idrætsforeningen",
        "Gennem en frivillig mentor fra idrætsforeningen fik hun øvet jobsamtaler og skrevet "
        "sit første CV. Hun er nu i løntilskud i en dagligvarebutik med udsigt til fast job.",
    ),
    (
        "Plakaten i vaskekælderen",
        "Hun så plakaten i vaskekælderen og ringede selv. Efter en afklaring og et "
        "virksomhedsbesøg startede hun i praktik på et vaskeri og blev ansat bagefter.",
    ),
    (
        "Madklubben blev et netværk",
        "Madklubben i beboerhuset blev stedet, hvor hun mødte andre i samme situation. Tre af "
        "kvinderne fra madklubben er nu i job, og de inviterer selv nye med.",
    ),
)

OWN_ENTRY = {
    "title": "Madklub i beboerhuset som første skridt",
    "category": LibraryCategory.LOCAL_PRESENCE,
    "tags": "madklub, netværk, boligområde",
    "summary": (
        "En ugentlig madklub i beboerhuset, hvor kvinderne laver mad sammen med en "
        "medarbejder fra jobcentret. Uformel kontakt først, samtale om job og uddannelse bagefter."
    ),
    "steps": (
        "Aftal lokaler og indkøb med beboerhuset.\n"
        "Inviter gennem bydelsmødrene og kvindecaféen.\n"
        "Lad kvinderne bestemme menuen.\n"
        "Tilbyd en samtale, når tilliden er der."
    ),
    "pros": "Lav tærskel.\nKvinderne inviterer hinanden.",
    "cons": "Tager tid, før nogen spørger om job.\nAfhænger af en fast medarbejder.",
    "resources": "Lokaler, indkøb for ca. 300 kr. om ugen, to timer af en medarbejder.",
    "source": "Partnerskabets egne erfaringer",
}


@step(80)
def knowledge(context: DemoContext) -> None:
    rng = context.rng
    today = context.today
    staff: dict[int, list[User]] = {}
    leads: dict[int, User] = {}
    memberships = Membership.objects.filter(
        user__is_demo=True, role__in=sorted(MUNICIPAL_ROLES)
    ).select_related("user")
    for membership in memberships.order_by("user__username"):
        if membership.municipality_id is None:
            continue
        staff.setdefault(membership.municipality_id, []).append(membership.user)
        if membership.role == Role.MUNICIPAL_LEAD:
            leads[membership.municipality_id] = membership.user

    stories: list[SuccessStory] = []
    for municipality in context.municipalities:
        author = leads.get(municipality.pk)
        for number, (title, text) in enumerate(rng.sample(STORIES, 3)):
            published = number > 0
            consent_on = today - timedelta(days=rng.randint(10, 200))
            stories.append(
                SuccessStory(
                    municipality=municipality,
                    title=title,
                    text=text,
                    status=StoryStatus.PUBLISHED if published else StoryStatus.DRAFT,
                    consent_given_on=consent_on if published else None,
                    consent_method=rng.choice(list(ConsentMethod)) if published else "",
                    consent_scope=(
                        rng.choice([ConsentScope.PARTNERSHIP, ConsentScope.PUBLIC])
                        if published
                        else ""
                    ),
                    consent_recorded_by=author if published else None,
                    published_on=consent_on + timedelta(days=3) if published else None,
                    created_by=author,
                    updated_by=author,
                )
            )
    SuccessStory.objects.bulk_create(stories)

    answers = _surveys(context, staff, leads)

    entries = 0
    coordinator = User.objects.filter(is_demo=True, username="coordinator").first()
    if context.partnership is not None and coordinator is not None:
        MethodEntry.objects.create(
            partnership=context.partnership,
            created_by=coordinator,
            updated_by=coordinator,
            **OWN_ENTRY,
        )
        entries = 1
    context.counts["success stories"] = len(stories)
    context.counts["attitude survey answers"] = answers
    context.counts["own library entries"] = entries


def _surveys(context: DemoContext, staff: dict[int, list[User]], leads: dict[int, User]) -> int:
    """Per municipality: a closed round with answers and an open one without."""
    rng = context.rng
    today = context.today
    surveys: list[tuple[Survey, bool]] = []
    for municipality in context.municipalities:
        lead = leads.get(municipality.pk)
        surveys.append(
            (
                Survey(
                    municipality=municipality,
                    title="Holdninger til samarbejde med frivillige, forår",
                    opens_on=today - timedelta(days=75),
                    closes_on=today - timedelta(days=45),
                    created_by=lead,
                ),
                True,
            )
        )
        surveys.append(
            (
                Survey(
                    municipality=municipality,
                    title="Holdninger til samarbejde med frivillige, efterår",
                    opens_on=today - timedelta(days=3),
                    closes_on=today + timedelta(days=18),
                    created_by=lead,
                ),
                False,
            )
        )
    Survey.objects.bulk_create([survey for survey, _answered in surveys])
    SurveyStatement.objects.bulk_create(
        SurveyStatement(survey=survey, text=text, archetype=archetype, position=position)
        for survey, _answered in surveys
        for position, (text, archetype) in enumerate(SEED_001_STATEMENTS, start=1)
    )
    statements: dict[int, list[SurveyStatement]] = {}
    for statement in SurveyStatement.objects.filter(
        survey__in=[survey for survey, answered in surveys if answered]
    ).order_by("survey", "position"):
        statements.setdefault(statement.survey_id, []).append(statement)

    responses: list[SurveyResponse] = []
    picks: list[SurveyPick] = []
    participations: list[SurveyParticipation] = []
    for survey, answered in surveys:
        if not answered:
            continue
        # Each job centre leans its own way: most staff near one point of the scale.
        lean = rng.randint(2, 6)
        choices = statements[survey.pk]
        for _ in range(rng.randint(6, 14)):
            placement = max(1, min(7, lean + rng.choice([-2, -1, -1, 0, 0, 0, 1, 1, 2])))
            response = SurveyResponse(survey=survey, self_placement=placement)
            responses.append(response)
            chosen = rng.sample(choices, rng.randint(2, 6))
            half = max(1, len(chosen) // 2)
            picks.extend(
                SurveyPick(response=response, statement=s, kind=PickKind.MOST)
                for s in chosen[:half][:3]
            )
            picks.extend(
                SurveyPick(response=response, statement=s, kind=PickKind.LEAST)
                for s in chosen[half:][:3]
            )
        participations.extend(
            SurveyParticipation(survey=survey, user=user, answered_on=survey.closes_on)
            for user in staff.get(survey.municipality_id, [])
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=2_000)
    SurveyPick.objects.bulk_create(picks, batch_size=5_000)
    SurveyParticipation.objects.bulk_create(participations, batch_size=2_000)
    return len(responses)


def _delete_demo_knowledge() -> None:
    # Demo rows are those written by demo accounts (the demo runs only in a demo-only database).
    SuccessStory.objects.filter(created_by__is_demo=True).delete()
    Survey.objects.filter(created_by__is_demo=True).delete()
    MethodEntry.objects.filter(created_by__is_demo=True).delete()


DEMO_CLEANUPS.append(_delete_demo_knowledge)
