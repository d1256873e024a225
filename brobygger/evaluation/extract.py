"""The rows of the evaluator's pseudonymised extract.

Each table of ``layout.LAYOUT`` has its row producer, one small function, and
``extract_tables`` pairs them. Rows are built from ``values_list`` and read with
``iterator``: nothing is held in memory but small catalogues, and no query is made per row,
so a national partnership (100,000 people) streams through in one pass per table.

What a row may hold is decided here, column by column (the columns are described in
``layout``): no names or name variants, contact data, address, housing area, CPR, provider,
employer, free texts or staff members ever get into a ``values_list``. Who may have the
extract is decided in ``selectors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.sql.constants import MULTI

from brobygger.core.localdates import LocalDate
from brobygger.interventions.models import (
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionDimension,
    ProgressionScore,
)
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.partnerships.models import Partnership
from brobygger.people.models import ContactAttempt, Person, PersonSource

from .layout import LAYOUT, Row, Table
from .pseudonyms import Pseudonymiser
from .selectors import extract_people

CHUNK_SIZE = 2_000


@dataclass(frozen=True)
class Source:
    """What every table of one extract reads: the partnership's people, the codes of its
    municipalities, and the pseudonyms."""

    people: models.QuerySet[Person]
    codes: dict[int, str]
    pseudonymiser: Pseudonymiser

    @property
    def person_ids(self) -> models.QuerySet[Person, Any]:
        return self.people.values("pk")


# A person's columns that go into the extract as they are (in ``PEOPLE_COLUMNS``, those
# before the date she was registered).
PERSON_AS_IS = (
    "gender",
    "country_of_origin",
    "year_of_arrival",
    "danish_programme",
    "danish_module",
    "danish_exam",
    "children_count",
    "status",
    "integration_period",
    "known_in_municipal_systems",
)
# Her firsts after her first method: the extract's column and the fact it is.
FIRSTS = {
    "contact_reached_on": "first_contacted_on",
    "first_confidence_on": "baseline_on",
    "first_confidence": "baseline_score",
    "latest_confidence_on": "latest_on",
    "latest_confidence": "latest_score",
}


def _people_with_firsts(
    people: models.QuerySet[Person],
) -> models.QuerySet[Any, tuple[Any, ...]]:
    """Each person with the date she was registered, her first method and her firsts, read
    from her fact row (``measures.PersonFact``, kept in step with her records), and the
    outreach activity of her first source: the id, municipality, birth date, registration
    date, first method and activity, then ``PERSON_AS_IS`` and ``FIRSTS``."""
    first_source = PersonSource.objects.filter(person=OuterRef("pk")).order_by("created_at", "id")
    return (
        people.annotate(first_activity_id=Subquery(first_source.values("activity_id")[:1]))
        .order_by("pk")
        .values_list(
            "pk",
            "municipality_id",
            "birth_date",
            "fact__identified_on",
            "fact__first_method_id",
            "first_activity_id",
            *PERSON_AS_IS,
            *(f"fact__{column}" for column in FIRSTS.values()),
        )
    )


def people_rows(source: Source) -> Iterator[Row]:
    """One row per person: the year of birth (never the date), the date she was registered,
    the name and category of her first method."""
    methods = {
        pk: (name, category)
        for pk, name, category in OutreachMethod.objects.values_list("pk", "name", "category")
    }
    rows = _people_with_firsts(source.people)
    for (
        pk,
        municipality_id,
        birth_date,
        registered_on,
        method_id,
        activity_id,
        *values,
    ) in _as_stored(rows):
        *as_is, known = values[: len(PERSON_AS_IS)]
        firsts = values[len(PERSON_AS_IS) :]
        method_name, method_category = methods.get(method_id, ("", ""))
        yield (
            source.pseudonymiser.person(pk),
            source.codes.get(municipality_id, ""),
            birth_date.year if birth_date else None,
            *as_is,
            None if known is None else _flag(known),
            registered_on,
            method_name,
            method_category,
            None if activity_id is None else source.pseudonymiser.activity(activity_id),
            *firsts,
        )


def _flag(value: bool) -> int:
    return 1 if value else 0


def enrolment_rows(source: Source) -> Iterator[Row]:
    """One row per enrolment, with its intervention's name, category and flags."""
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
        Enrolment.objects.filter(person__in=source.person_ids)
        .order_by("person_id", "started_on", "id")
        .values_list(
            "pk",
            "person_id",
            "intervention_type_id",
            _AsText("started_on"),
            _AsText("ended_on"),
            "completion",
        )
    )
    person, enrolment = source.pseudonymiser.person, source.pseudonymiser.enrolment

    def columns(read: list[tuple[Any, ...]]) -> list[Iterable[Any]]:
        pks, people, type_ids, *dates_and_completion = read
        return [
            map(person, people),
            map(enrolment, pks),
            *zip(*map(types.__getitem__, type_ids), strict=True),
            *dates_and_completion,
        ]

    return _by_columns(rows, columns)


def outcome_rows(source: Source) -> Iterator[Row]:
    """One row per ordinary job or education (never the employer or institution)."""
    rows = (
        Outcome.objects.filter(person__in=source.person_ids)
        .order_by("person_id", "started_on", "id")
        .values_list("person_id", "kind", "started_on", "weekly_hours")
    )
    for person_id, *values in rows.iterator(chunk_size=CHUNK_SIZE):
        yield (source.pseudonymiser.person(person_id), *values)


def confidence_rows(source: Source) -> Iterator[Row]:
    """One row per answer to the confidence question (never the note)."""
    rows = (
        ConfidenceMeasure.objects.filter(person__in=source.person_ids)
        .order_by("person_id", "measured_on", "id")
        .values_list("person_id", _AsText("measured_on"), "score")
    )
    return _pseudonymised(rows, source.pseudonymiser.person)


def progression_rows(source: Source) -> Iterator[Row]:
    """One row per line of a filled-in progression card, the card numbered within its
    enrolment (never the comments or the assessor's name)."""
    dimensions = dict(ProgressionDimension.objects.values_list("pk", "name"))
    rows = (
        ProgressionScore.objects.filter(assessment__enrolment__person__in=source.person_ids)
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
            _AsText("assessment__assessed_on"),
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
    ) in _as_stored(rows):
        if this_enrolment != enrolment_id:
            enrolment_id, number = this_enrolment, 0
        if this_assessment != assessment_id:
            assessment_id, number = this_assessment, number + 1
        yield (
            source.pseudonymiser.person(person_id),
            source.pseudonymiser.enrolment(this_enrolment),
            number,
            assessed_on,
            assessor,
            dimensions.get(dimension, ""),
            score,
        )


def contact_attempt_rows(source: Source) -> Iterator[Row]:
    """One row per contact attempt: its date, channel and outcome (never the note or the
    member of staff)."""
    rows = (
        ContactAttempt.objects.filter(person__in=source.person_ids)
        .order_by("person_id", "occurred_at", "id")
        # The local date by the database: a million of them at national scale. SQLite gives
        # it as its text, as ``_AsText`` gives dates.
        .values_list("person_id", LocalDate("occurred_at"), "channel", "outcome")
    )
    return _pseudonymised(rows, source.pseudonymiser.person)


def _as_stored(rows: models.QuerySet[Any, tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` as the database's driver gives them, read in chunks as
    ``iterator`` reads them but without Django's converters (a call per value, most of the
    time of reading a million contact attempts): for columns the driver gives as the field
    would (whole numbers, texts, a date column's dates: Django has SQLite's driver convert
    those), dates the writers take as their ISO text (``_AsText``, ``LocalDate`` on SQLite)
    and flags the caller turns into 1 or 0 (SQLite gives a boolean as a whole number)."""
    return chain.from_iterable(_chunks(rows))


def _chunks(rows: models.QuerySet[Any, tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of a ``values_list``, as the driver gives them, ``CHUNK_SIZE`` at a time
    (PostgreSQL reads them from a server-side cursor)."""
    compiler = rows.query.get_compiler(using=rows.db)
    chunks: Iterator[list[tuple[Any, ...]]] = compiler.execute_sql(
        MULTI, chunked_fetch=True, chunk_size=CHUNK_SIZE
    )
    return chunks


def _by_columns(
    rows: models.QuerySet[Any, tuple[Any, ...]],
    columns: Callable[[list[tuple[Any, ...]]], Sequence[Iterable[Any]]],
) -> Iterator[Row]:
    """The rows of a ``values_list`` as ``_as_stored`` reads them, made a chunk at a time:
    ``columns`` turns a chunk's columns as read into the table's columns, and no Python code
    runs per row (a million contact attempts nationally)."""
    return chain.from_iterable(
        zip(*columns(list(zip(*chunk, strict=True))), strict=True) for chunk in _chunks(rows)
    )


def _pseudonymised(
    rows: models.QuerySet[Any, tuple[Any, ...]], pseudonym: Callable[[int], str]
) -> Iterator[Row]:
    """The rows, the person's id in the first column replaced by her pseudonym."""
    return _by_columns(rows, lambda read: [map(pseudonym, read[0]), *read[1:]])


class _AsText(models.Func):
    """A date column as the database holds it: on SQLite its ISO text, elsewhere the date.
    SQLite's driver turns a date column into a date in Python, a call per value (Django
    registers the converter; half a second for the extract's 700,000 dates); an expression
    is left as it is, and the writers take a date's ISO text as the date (the workbook
    converts a column of them at once)."""

    arity = 1
    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(%(expressions)s AS TEXT)", **extra_context
        )


def activity_rows(source: Source) -> Iterator[Row]:
    """One row per outreach activity of the member municipalities: its method, status, dates,
    hours and cost (never its title, place, partner, notes or who was responsible)."""
    methods = {
        pk: (name, category)
        for pk, name, category in OutreachMethod.objects.values_list("pk", "name", "category")
    }
    rows = (
        OutreachActivity.objects.filter(municipality_id__in=sorted(source.codes))
        .order_by("municipality_id", "planned_on", "id")
        .values_list(
            "pk", "municipality_id", "method_id", "status", "planned_on", "done_on", "hours", "cost"
        )
    )
    for pk, municipality_id, method_id, *values in rows.iterator(chunk_size=CHUNK_SIZE):
        yield (
            source.pseudonymiser.activity(pk),
            source.codes.get(municipality_id, ""),
            *methods.get(method_id, ("", "")),
            *values,
        )


# The producer of each table, in the order of ``LAYOUT``.
PRODUCERS: tuple[Callable[[Source], Iterator[Row]], ...] = (
    people_rows,
    enrolment_rows,
    outcome_rows,
    confidence_rows,
    progression_rows,
    contact_attempt_rows,
    activity_rows,
)


def source_for(
    *, partnership: Partnership, pseudonymiser: Pseudonymiser, where: models.Q | None = None
) -> Source:
    """The extract's source: the partnership's people (those ``where`` takes, when given)."""
    return Source(
        people=extract_people(partnership=partnership, where=where),
        codes={m.pk: m.code for m in partnership.municipalities.all()},
        pseudonymiser=pseudonymiser,
    )


def extract_tables(*, source: Source) -> list[Table]:
    """The extract's tables. Rows are produced when a writer asks for them, once."""
    return [
        Table(
            layout.name,
            layout.sheet,
            layout.description,
            layout.columns,
            partial(rows, source),
            cache(queryset.count),
        )
        for layout, rows, queryset in zip(LAYOUT, PRODUCERS, _counted(source), strict=True)
    ]


def _counted(source: Source) -> tuple[models.QuerySet[Any], ...]:
    """What each table counts its rows from, in the order of ``LAYOUT``."""
    people = source.person_ids
    return (
        source.people,
        Enrolment.objects.filter(person__in=people),
        Outcome.objects.filter(person__in=people),
        ConfidenceMeasure.objects.filter(person__in=people),
        ProgressionScore.objects.filter(assessment__enrolment__person__in=people),
        ContactAttempt.objects.filter(person__in=people),
        OutreachActivity.objects.filter(municipality_id__in=sorted(source.codes)),
    )


def row_total(tables: Sequence[Table]) -> int:
    """How many rows the extract will have (for its progress): one count a table."""
    return sum(table.count() for table in tables)
