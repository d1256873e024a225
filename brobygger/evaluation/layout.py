"""The tables of the evaluator's pseudonymised extract: one sheet of the workbook and one CSV
file of the archive each, with what every column holds (the words the extract's README and
the download page give the evaluator). The rows are produced in ``extract``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Row = Sequence[object]


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Promise
    # What every cell of the column holds (or nothing): text, a whole number, a number or a
    # date. The workbook writes each column as its kind.
    kind: type[str | int | float | date] = str


@dataclass(frozen=True)
class TableLayout:
    """One sheet of the workbook, one CSV file of the archive: what it holds."""

    name: str  # the CSV file's name without ".csv"
    sheet: str  # the sheet's name in the workbook (Danish, like the rest of the domain)
    description: str | Promise
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table(TableLayout):
    """A table with its rows, produced when a writer asks for them (once), and how many it
    will have (counted when asked, once: the workbook's writer must know its sheets before
    it reads a row)."""

    rows: Callable[[], Iterator[Row]]
    count: Callable[[], int]


PEOPLE_COLUMNS = (
    Column(
        "pseudonym",
        _(
            "The person's pseudonym: the same in every extract of this partnership, "
            "different in any other partnership."
        ),
    ),
    Column("municipality_code", _("The municipality's official code (e.g. 791 for Viborg).")),
    Column("birth_year", _("Year of birth (never the date). Empty when not known."), kind=int),
    Column("gender", _("Gender (codes below). Empty when not stated.")),
    Column("country_of_origin", _("Country of origin as a two-letter ISO 3166 code.")),
    Column("year_of_arrival", _("Year of arrival in Denmark."), kind=int),
    Column("danish_programme", _("Danish education: DU1, DU2 or DU3.")),
    Column("danish_module", _("Current module of the Danish education (1–6)."), kind=int),
    Column("danish_exam", _("Passed Danish exam: PD1, PD2, PD3 or studieproven.")),
    Column("children_count", _("Children in the household."), kind=int),
    Column("status", _("Status in the pipeline today (codes below).")),
    Column(
        "integration_period",
        _("Where she is in the integration programme (codes below). Empty when not known."),
    ),
    Column(
        "known_in_municipal_systems",
        _("1 if the municipality's systems know her, 0 if not. Empty when not known."),
        kind=int,
    ),
    Column("identified_on", _("The date the person was registered in Brobygger."), kind=date),
    Column(
        "first_method",
        _("The outreach method that found the person (the first source registered)."),
    ),
    Column("first_method_category", _("The category of that method (codes below).")),
    Column(
        "first_activity",
        _("The pseudonym of the outreach activity that found her, as in the activities table."),
    ),
    Column(
        "contact_reached_on",
        _(
            "The first date the municipality was in contact with the person (the status "
            "“contacted” or a later step forward). Empty if never."
        ),
        kind=date,
    ),
    Column(
        "first_confidence_on",
        _("The date of the first answer to the confidence question."),
        kind=date,
    ),
    Column(
        "first_confidence",
        _("The first answer: belief in getting an ordinary job, 1 (none) to 10."),
        kind=int,
    ),
    Column("latest_confidence_on", _("The date of the latest answer."), kind=date),
    Column("latest_confidence", _("The latest answer, 1 to 10."), kind=int),
)

ENROLMENT_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column(
        "enrolment",
        _("The enrolment's pseudonym (keyed like the person's); joins the progression table."),
    ),
    Column("intervention", _("The intervention, from the partnership's catalogue.")),
    Column("intervention_category", _("The category of the intervention (codes below).")),
    Column("network_oriented", _("1 if the intervention is network-oriented, else 0."), kind=int),
    Column("company_oriented", _("1 if the intervention is company-oriented, else 0."), kind=int),
    Column("education", _("1 if the intervention is education-oriented, else 0."), kind=int),
    Column("citizenship", _("1 if the intervention is citizenship-oriented, else 0."), kind=int),
    Column("started_on", _("Start date."), kind=date),
    Column("ended_on", _("End date. Empty while ongoing."), kind=date),
    Column("completion", _("Completion (codes below).")),
)

OUTCOME_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("kind", _("Ordinary job or ordinary education (codes below).")),
    Column("started_on", _("Start date."), kind=date),
    Column("weekly_hours", _("Hours a week (jobs). Empty when not registered."), kind=float),
)

CONFIDENCE_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("measured_on", _("The date of the answer."), kind=date),
    Column("score", _("Belief in getting an ordinary job, 1 (none) to 10."), kind=int),
)

PROGRESSION_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("enrolment", _("The enrolment's pseudonym, as in the enrolments table.")),
    Column(
        "assessment", _("The number of the filling-in of the card within the enrolment."), kind=int
    ),
    Column("assessed_on", _("The date of the assessment."), kind=date),
    Column("assessor", _("Who assessed (codes below).")),
    Column("dimension", _("The line of the progression card.")),
    Column("score", _("Score, 1 to 5."), kind=int),
)

CONTACT_ATTEMPT_COLUMNS = (
    Column("pseudonym", _("The person's pseudonym.")),
    Column("attempted_on", _("The date of the attempt."), kind=date),
    Column("channel", _("How she was sought (codes below).")),
    Column("outcome", _("What came of it (codes below).")),
)

ACTIVITY_COLUMNS = (
    Column("activity", _("The activity's pseudonym.")),
    Column("municipality_code", _("The municipality's official code.")),
    Column("method", _("The outreach method.")),
    Column("method_category", _("The category of that method (codes below).")),
    Column("activity_status", _("Planned, done or cancelled (codes below).")),
    Column("planned_on", _("The date it was planned for."), kind=date),
    Column("done_on", _("The date it was done. Empty when not done."), kind=date),
    Column("hours", _("Hours spent. Empty when not recorded."), kind=float),
    Column("cost", _("Cost in kroner. Empty when not recorded."), kind=float),
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
    TableLayout(
        "kontaktforsoeg",
        "Kontaktforsøg",
        _("One row per contact attempt (never the note or who made it)."),
        CONTACT_ATTEMPT_COLUMNS,
    ),
    TableLayout(
        "opsoegning",
        "Opsøgning",
        _(
            "One row per outreach activity of the member municipalities (never its title, "
            "place, partner, notes or who was responsible)."
        ),
        ACTIVITY_COLUMNS,
    ),
)
