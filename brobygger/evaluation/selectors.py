"""Reads for the evaluator's pseudonymised extract.

Which partnerships a user may export comes from the access policy
(``partnership_scope_for``, partnership memberships only). The extract itself is a set of
tables whose rows are built from ``values_list`` and read with ``iterator``: nothing is held
in memory but small catalogues, and no query is made per row, so a national partnership
(100,000 people) streams through in one pass per table.

What a row may hold is decided here, column by column: no names or name variants, contact
data, address, housing area, CPR, provider, employer, free texts or staff members ever get
into a ``values_list``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import (
    AnyUser,
    Permission,
    Scope,
    get_visible_or_404,
    partnership_scope_for,
)
from brobygger.interventions.models import (
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionDimension,
    ProgressionScore,
)
from brobygger.measures.criteria import CONTACT_REACHED
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import Person, PersonSource, StatusEvent
from brobygger.people.selectors import people_for_aggregates

from .pseudonyms import Pseudonymiser

CHUNK_SIZE = 2_000

Row = Sequence[object]


def extract_partnership_ids(*, user: AnyUser) -> Scope:
    """The partnerships whose extract the user may download (an evaluator's own)."""
    return partnership_scope_for(user, Permission.EXPORT_PSEUDONYMISED)


def extract_partnership_get(*, user: AnyUser, pk: int) -> Partnership:
    """The partnership, if the user may download its extract; otherwise 404 (logged as a
    refused attempt when the partnership exists)."""
    scope = extract_partnership_ids(user=user)
    partnerships = Partnership.objects.filter(scope.q("pk")).prefetch_related(
        models.Prefetch("municipalities", queryset=Municipality.objects.order_by("code"))
    )
    return get_visible_or_404(partnerships, user=user, pk=pk)


def extract_people(*, partnership: Partnership) -> models.QuerySet[Person]:
    """Everyone of the partnership's municipalities except records merged into another (their
    events, enrolments and answers live on the record they were merged into) and erased people
    (erasure takes them out of every person-level extract; the reports still count them)."""
    ids = [municipality.pk for municipality in partnership.municipalities.all()]
    return people_for_aggregates(municipality_ids=ids).filter(
        merged_into__isnull=True, erased_at__isnull=True
    )


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Promise


@dataclass(frozen=True)
class TableLayout:
    """One sheet of the workbook, one CSV file of the archive: what it holds."""

    name: str  # the CSV file's name without ".csv"
    sheet: str  # the sheet's name in the workbook (Danish, like the rest of the domain)
    description: str | Promise
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table(TableLayout):
    """A table with its rows, produced when a writer asks for them (once)."""

    rows: Callable[[], Iterator[Row]]


PEOPLE_COLUMNS = (
    Column(
        "pseudonym",
        _(
            "The person's pseudonym: the same in every extract of this partnership, "
            "different in any other partnership."
        ),
    ),
    Column("municipality_code", _("The municipality's official code (e.g. 791 for Viborg).")),
    Column("birth_year", _("Year of birth (never the date). Empty when not known.")),
    Column("gender", _("Gender (codes below). Empty when not stated.")),
    Column("country_of_origin", _("Country of origin as a two-letter ISO 3166 code.")),
    Column("year_of_arrival", _("Year of arrival in Denmark.")),
    Column("danish_programme", _("Danish education: DU1, DU2 or DU3.")),
    Column("danish_module", _("Current module of the Danish education (1–6).")),
    Column("danish_exam", _("Passed Danish exam: PD1, PD2, PD3 or studieproven.")),
    Column("children_count", _("Children in the household.")),
    Column("status", _("Status in the pipeline today (codes below).")),
    Column("identified_on", _("The date the person was registered in Brobygger.")),
    Column(
        "first_method",
        _("The outreach method that found the person (the first source registered)."),
    ),
    Column("first_method_category", _("The category of that method (codes below).")),
    Column(
        "contact_reached_on",
        _(
            "The first date the municipality was in contact with the person (the status "
            "“contacted” or a later step forward). Empty if never."
        ),
    ),
    Column("first_confidence_on", _("The date of the first answer to the confidence question.")),
    Column(
        "first_confidence",
        _("The first answer: belief in getting an ordinary job, 1 (none) to 10."),
    ),
    Column("latest_confidence_on", _("The date of the latest answer.")),
    Column("latest_confidence", _("The latest answer, 1 to 10.")),
)

ENROLMENT_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column(
        "enrolment",
        _("The enrolment's pseudonym (keyed like the person's); joins the progression table."),
    ),
    Column("intervention", _("The intervention, from the partnership's catalogue.")),
    Column("intervention_category", _("The category of the intervention (codes below).")),
    Column("network_oriented", _("1 if the intervention is network-oriented, else 0.")),
    Column("company_oriented", _("1 if the intervention is company-oriented, else 0.")),
    Column("education", _("1 if the intervention is education-oriented, else 0.")),
    Column("citizenship", _("1 if the intervention is citizenship-oriented, else 0.")),
    Column("started_on", _("Start date.")),
    Column("ended_on", _("End date. Empty while ongoing.")),
    Column("completion", _("Completion (codes below).")),
)

OUTCOME_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("kind", _("Ordinary job or ordinary education (codes below).")),
    Column("started_on", _("Start date.")),
    Column("weekly_hours", _("Hours a week (jobs). Empty when not registered.")),
)

CONFIDENCE_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("measured_on", _("The date of the answer.")),
    Column("score", _("Belief in getting an ordinary job, 1 (none) to 10.")),
)

PROGRESSION_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("enrolment", _("The enrolment's pseudonym, as in the enrolments table.")),
    Column("assessment", _("The number of the filling-in of the card within the enrolment.")),
    Column("assessed_on", _("The date of the assessment.")),
    Column("assessor", _("Who assessed (codes below).")),
    Column("dimension", _("The line of the progression card.")),
    Column("score", _("Score, 1 to 5.")),
)


LAYOUT = (
    TableLayout("borgere", "Borgere", _("One row per person."), PEOPLE_COLUMNS),
    TableLayout(
        "forloeb", "Forløb", _("One row per enrolment in an intervention."), ENROLMENT_COLUMNS
    ),
    TableLayout(
        "resultater", "Resultater", _("One row per ordinary job or education."), OUTCOME_COLUMNS
    ),
    TableLayout(
        "tiltro", "Tiltro", _("One row per answer to the confidence question."), CONFIDENCE_COLUMNS
    ),
    TableLayout(
        "progression",
        "Progression",
        _("One row per line of a filled-in progression card (comments are not included)."),
        PROGRESSION_COLUMNS,
    ),
)


def _flag(value: bool) -> int:
    return 1 if value else 0


def extract_tables(*, partnership: Partnership, pseudonymiser: Pseudonymiser) -> list[Table]:  # noqa: C901
    """The extract's tables. Rows are produced when a writer asks for them, once."""
    people = extract_people(partnership=partnership)
    person_ids = people.values("pk")
    codes = {m.pk: m.code for m in partnership.municipalities.all()}
    person = pseudonymiser.person

    def people_rows() -> Iterator[Row]:
        methods = {
            pk: (name, category)
            for pk, name, category in OutreachMethod.objects.values_list("pk", "name", "category")
        }
        first_source = PersonSource.objects.filter(person=OuterRef("pk")).order_by(
            "created_at", "id"
        )
        reached = StatusEvent.objects.filter(
            person=OuterRef("pk"), to_status__in=CONTACT_REACHED
        ).order_by("occurred_on", "recorded_at", "id")
        answers = ConfidenceMeasure.objects.filter(person=OuterRef("pk"))
        first = answers.order_by("measured_on", "id")
        latest = answers.order_by("-measured_on", "-id")
        rows = (
            people.annotate(
                first_method_id=Subquery(first_source.values("method_id")[:1]),
                contact_reached_on=Subquery(reached.values("occurred_on")[:1]),
                first_confidence_on=Subquery(first.values("measured_on")[:1]),
                first_confidence=Subquery(first.values("score")[:1]),
                latest_confidence_on=Subquery(latest.values("measured_on")[:1]),
                latest_confidence=Subquery(latest.values("score")[:1]),
            )
            .order_by("pk")
            .values_list(
                "pk",
                "municipality_id",
                "birth_date",
                "gender",
                "country_of_origin",
                "year_of_arrival",
                "danish_programme",
                "danish_module",
                "danish_exam",
                "children_count",
                "status",
                "created_at",
                "first_method_id",
                "contact_reached_on",
                "first_confidence_on",
                "first_confidence",
                "latest_confidence_on",
                "latest_confidence",
            )
        )
        for (
            pk,
            municipality_id,
            birth_date,
            gender,
            country,
            arrival,
            programme,
            module,
            exam,
            children,
            status,
            created_at,
            method_id,
            *contact_and_confidence,
        ) in rows.iterator(chunk_size=CHUNK_SIZE):
            method_name, method_category = methods.get(method_id, ("", ""))
            yield (
                person(pk),
                codes.get(municipality_id, ""),
                birth_date.year if birth_date else None,
                gender,
                country,
                arrival,
                programme,
                module,
                exam,
                children,
                status,
                timezone.localdate(created_at),
                method_name,
                method_category,
                *contact_and_confidence,
            )

    def enrolment_rows() -> Iterator[Row]:
        types = {
            t.pk: (
                t.name,
                t.category,
                _flag(t.network_oriented),
                _flag(t.company_oriented),
                _flag(t.education),
                _flag(t.citizenship),
            )
            for t in InterventionType.objects.all()
        }
        rows = (
            Enrolment.objects.filter(person__in=person_ids)
            .order_by("person_id", "started_on", "id")
            .values_list(
                "pk", "person_id", "intervention_type_id", "started_on", "ended_on", "completion"
            )
        )
        for pk, person_id, type_id, started_on, ended_on, completion in rows.iterator(
            chunk_size=CHUNK_SIZE
        ):
            yield (
                person(person_id),
                pseudonymiser.enrolment(pk),
                *types[type_id],
                started_on,
                ended_on,
                completion,
            )

    def outcome_rows() -> Iterator[Row]:
        rows = (
            Outcome.objects.filter(person__in=person_ids)
            .order_by("person_id", "started_on", "id")
            .values_list("person_id", "kind", "started_on", "weekly_hours")
        )
        for person_id, *values in rows.iterator(chunk_size=CHUNK_SIZE):
            yield (person(person_id), *values)

    def confidence_rows() -> Iterator[Row]:
        rows = (
            ConfidenceMeasure.objects.filter(person__in=person_ids)
            .order_by("person_id", "measured_on", "id")
            .values_list("person_id", "measured_on", "score")
        )
        for person_id, *values in rows.iterator(chunk_size=CHUNK_SIZE):
            yield (person(person_id), *values)

    def progression_rows() -> Iterator[Row]:
        dimensions = dict(ProgressionDimension.objects.values_list("pk", "name"))
        rows = (
            ProgressionScore.objects.filter(assessment__enrolment__person__in=person_ids)
            .order_by(
                "assessment__enrolment__person_id",
                "assessment__enrolment_id",
                "assessment__assessed_on",
                "assessment_id",
                "dimension__position",
                "dimension__name",
            )
            .values_list(
                "assessment__enrolment__person_id",
                "assessment__enrolment_id",
                "assessment_id",
                "assessment__assessed_on",
                "assessment__assessor",
                "dimension_id",
                "score",
            )
        )
        enrolment_id = assessment_id = None
        number = 0
        for (
            person_id,
            this_enrolment,
            this_assessment,
            assessed_on,
            assessor,
            dimension,
            score,
        ) in rows.iterator(chunk_size=CHUNK_SIZE):
            if this_enrolment != enrolment_id:
                enrolment_id, number = this_enrolment, 0
            if this_assessment != assessment_id:
                assessment_id, number = this_assessment, number + 1
            yield (
                person(person_id),
                pseudonymiser.enrolment(this_enrolment),
                number,
                assessed_on,
                assessor,
                dimensions.get(dimension, ""),
                score,
            )

    producers = (people_rows, enrolment_rows, outcome_rows, confidence_rows, progression_rows)
    return [
        Table(layout.name, layout.sheet, layout.description, layout.columns, rows)
        for layout, rows in zip(LAYOUT, producers, strict=True)
    ]
