"""Success criteria, method effectiveness and quarterly report on the national demo, and the
same aggregations in DuckDB (issue 5).

    .venv/bin/python benchmarks/criteria.py
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/criteria.py

The national demo has about 100,000 people, 1,000,000 contact attempts and 200,000 enrolments.
Its own partnership has four municipalities, so the benchmark adds a partnership of all 98
(2025-01-01 to 2027-12-31) and a coordinator of it. For both partnerships it measures server
time through Django's test client, as a coordinator:

* the criteria dashboard (``/interventions/partnerships/<id>/criteria/``) for its default
  period, from the partnership's start to today: the five criteria per municipality, the
  pipeline funnel and the trend per quarter (target: under 1 s);
* the method-effectiveness page (``/interventions/partnerships/<id>/methods/``, target 1 s);
* the quarterly report JSON of 2026Q3 with every member municipality's figures
  (``/reports/partnerships/<id>/2026Q3/partnership/report.json``, target 3 s); the call of
  ``quarterly_report`` alone is reported beside it.

The tables the figures come from are then copied (untimed; the copy's time is reported) into an
in-memory DuckDB, which computes the same aggregations with the same definitions
(``measures/criteria.py``, ``pipeline.py``, ``effectiveness.py``, ``reports/quarterly.py``) in
SQL. The benchmark asserts that DuckDB's figures equal ours (criteria, funnel, trend, method
figures and the quarterly report's counts) and reports each of our medians as a ratio to
DuckDB's. Ours is the whole request (queries, Python, Wilson intervals, template or JSON);
DuckDB's is the aggregations alone, on two threads. The demo is generated relative to today,
and so are the default periods: both sides use today's date in Django's time zone. Other work
on the machine shows in both columns, so the result records the load average and the commit.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
from _harness import ROOT, duckdb_copy, measure, report, setup_django

QUARTER = "2026Q3"
# Issue 19: a partnership of all 98 municipalities, and one of a handful (every page).
TARGETS_MS = {"dashboard": 300, "methods": 300, "quarterly_report": 1000}
SMALL, TARGETS_SMALL_MS = 12, 100
OURS = {"warmup": 1, "repeat": 5}
DUCK = {"warmup": 2, "repeat": 20}

# The Django tables the figures come from, the columns the aggregations read, and their types.
TABLES: dict[str, tuple[str, dict[str, pa.DataType]]] = {
    "person": (
        "people.Person",
        {
            "id": pa.int64(),
            "municipality_id": pa.int64(),
            "created_at": pa.timestamp("us", tz="UTC"),
            "status": pa.string(),
            "merged_into_id": pa.int64(),
        },
    ),
    "statusevent": (
        "people.StatusEvent",
        {
            "id": pa.int64(),
            "person_id": pa.int64(),
            "to_status": pa.string(),
            "occurred_on": pa.date32(),
        },
    ),
    "personsource": (
        "people.PersonSource",
        {
            "id": pa.int64(),
            "person_id": pa.int64(),
            "method_id": pa.int64(),
            "created_at": pa.timestamp("us", tz="UTC"),
        },
    ),
    "enrolment": (
        "interventions.Enrolment",
        {
            "id": pa.int64(),
            "person_id": pa.int64(),
            "intervention_type_id": pa.int64(),
            "started_on": pa.date32(),
            "ended_on": pa.date32(),
            "completion": pa.string(),
        },
    ),
    "interventiontype": (
        "interventions.InterventionType",
        {"id": pa.int64(), "network_oriented": pa.bool_(), "company_oriented": pa.bool_()},
    ),
    "outcome": (
        "interventions.Outcome",
        {"id": pa.int64(), "person_id": pa.int64(), "kind": pa.string(), "started_on": pa.date32()},
    ),
    "confidencemeasure": (
        "interventions.ConfidenceMeasure",
        {
            "id": pa.int64(),
            "person_id": pa.int64(),
            "measured_on": pa.date32(),
            "score": pa.int64(),
        },
    ),
    "outreachactivity": (
        "outreach.OutreachActivity",
        {
            "id": pa.int64(),
            "municipality_id": pa.int64(),
            "method_id": pa.int64(),
            "status": pa.string(),
            "done_on": pa.date32(),
            "hours": pa.decimal128(6, 1),
            "cost": pa.decimal128(10, 2),
        },
    ),
    "outreachmethod": ("outreach.OutreachMethod", {"id": pa.int64(), "category": pa.string()}),
    # The fact table the figures count (one row per person, kept by the services).
    "personfact": (
        "measures.PersonFact",
        {
            "person_id": pa.int64(),
            "municipality_id": pa.int64(),
            "identified_on": pa.date32(),
            "status": pa.string(),
            "merged": pa.bool_(),
            "first_attempted_on": pa.date32(),
            "first_contacted_on": pa.date32(),
            "first_conversation_on": pa.date32(),
            "status_on": pa.date32(),
            "status_to": pa.string(),
            "first_enrolled_on": pa.date32(),
            "network_first_on": pa.date32(),
            "network_longest_started_on": pa.date32(),
            "network_longest_ended_on": pa.date32(),
            "company_first_on": pa.date32(),
            "company_last_on": pa.date32(),
            "first_outcome_on": pa.date32(),
            "job_first_on": pa.date32(),
            "job_last_on": pa.date32(),
            "education_first_on": pa.date32(),
            "education_last_on": pa.date32(),
            "baseline_on": pa.date32(),
            "baseline_score": pa.int64(),
            "latest_on": pa.date32(),
            "latest_score": pa.int64(),
            "first_method_id": pa.int64(),
        },
    ),
}

# The people of the partnership's municipalities, and the day each was identified (local time).
PEOPLE_MACRO = """
CREATE MACRO people_of(ids, tz) AS TABLE
    SELECT id, municipality_id, status, merged_into_id,
           CAST(timezone(tz, created_at) AS DATE) AS day
    FROM person WHERE municipality_id IN (SELECT unnest(ids))
"""

CRITERIA_SQL = """
WITH cohort AS MATERIALIZED (
    SELECT id, municipality_id FROM people_of($ids, $tz)
    WHERE merged_into_id IS NULL AND day <= $end AND status <> 'not_in_target_group'
), reached AS (
    SELECT DISTINCT person_id FROM statusevent
    WHERE list_contains($reached, to_status) AND occurred_on <= $end
      AND person_id IN (SELECT id FROM cohort)
), network AS (
    SELECT DISTINCT e.person_id FROM enrolment e
    JOIN interventiontype t ON t.id = e.intervention_type_id
    WHERE t.network_oriented AND e.started_on <= $end
      AND (e.ended_on IS NULL OR e.ended_on >= $start)
      AND e.person_id IN (SELECT id FROM cohort)
), job AS (
    SELECT DISTINCT person_id FROM outcome
    WHERE kind = 'ordinary_job' AND started_on BETWEEN $start AND $end
      AND person_id IN (SELECT id FROM cohort)
), education AS (
    SELECT DISTINCT person_id FROM outcome
    WHERE kind = 'ordinary_education' AND started_on BETWEEN $start AND $end
      AND person_id IN (SELECT id FROM cohort)
), company AS (
    SELECT DISTINCT e.person_id FROM enrolment e
    JOIN interventiontype t ON t.id = e.intervention_type_id
    WHERE t.company_oriented AND e.completion = 'completed'
      AND e.ended_on BETWEEN $start AND $end AND e.person_id IN (SELECT id FROM cohort)
), confidence AS (
    SELECT person_id FROM confidencemeasure
    WHERE measured_on <= $end AND person_id IN (SELECT id FROM cohort)
    GROUP BY person_id
    HAVING arg_max(score, (measured_on, id)) > arg_min(score, (measured_on, id))
)
SELECT c.municipality_id,
       count(*) AS cohort,
       count(r.person_id) AS contacted,
       count(n.person_id) AS network,
       count(j.person_id) AS job,
       count(ed.person_id) AS education,
       count(*) FILTER (WHERE r.person_id IS NOT NULL AND co.person_id IS NOT NULL) AS company,
       count(*) FILTER (WHERE r.person_id IS NOT NULL AND cf.person_id IS NOT NULL) AS confidence
FROM cohort c
LEFT JOIN reached r ON r.person_id = c.id
LEFT JOIN network n ON n.person_id = c.id
LEFT JOIN job j ON j.person_id = c.id
LEFT JOIN education ed ON ed.person_id = c.id
LEFT JOIN company co ON co.person_id = c.id
LEFT JOIN confidence cf ON cf.person_id = c.id
GROUP BY c.municipality_id
"""

FUNNEL_SQL = """
WITH cohort AS MATERIALIZED (
    SELECT id, municipality_id FROM people_of($ids, $tz)
    WHERE merged_into_id IS NULL AND day <= $end AND status <> 'not_in_target_group'
), events AS (
    SELECT person_id,
           bool_or(list_contains($reached, to_status)) AS reached,
           bool_or(list_contains($reached, to_status) AND to_status <> 'contacted')
               AS conversation,
           bool_or(list_contains($reached, to_status) OR to_status = 'contact_attempted')
               AS attempted
    FROM statusevent
    WHERE occurred_on <= $end AND person_id IN (SELECT id FROM cohort)
    GROUP BY person_id
), enrolled AS (
    SELECT DISTINCT person_id FROM enrolment
    WHERE started_on <= $end AND person_id IN (SELECT id FROM cohort)
), outcome AS (
    SELECT DISTINCT person_id FROM outcome
    WHERE started_on <= $end AND person_id IN (SELECT id FROM cohort)
), flags AS (
    SELECT c.municipality_id,
           coalesce(ev.reached, false) AS reached,
           coalesce(ev.conversation, false) AS conversation,
           coalesce(ev.attempted, false) AS attempted,
           en.person_id IS NOT NULL OR o.person_id IS NOT NULL AS enrolled_or_outcome,
           o.person_id IS NOT NULL AS outcome
    FROM cohort c
    LEFT JOIN events ev ON ev.person_id = c.id
    LEFT JOIN enrolled en ON en.person_id = c.id
    LEFT JOIN outcome o ON o.person_id = c.id
)
SELECT municipality_id,
       count(*) AS identified,
       count(*) FILTER (WHERE attempted OR reached OR enrolled_or_outcome) AS attempted,
       count(*) FILTER (WHERE reached OR enrolled_or_outcome) AS contacted,
       count(*) FILTER (WHERE conversation OR enrolled_or_outcome) AS conversation,
       count(*) FILTER (WHERE enrolled_or_outcome) AS intervention,
       count(*) FILTER (WHERE outcome) AS outcome
FROM flags GROUP BY municipality_id
"""

TREND_SQL = """
WITH people AS MATERIALIZED (
    SELECT id, status, day FROM people_of($ids, $tz) WHERE merged_into_id IS NULL
), firsts AS (
    SELECT 'identified' AS figure, day AS first FROM people
    WHERE status <> 'not_in_target_group'
    UNION ALL
    SELECT 'contacted', min(occurred_on) FROM statusevent
    WHERE person_id IN (SELECT id FROM people) AND list_contains($reached, to_status)
    GROUP BY person_id
    UNION ALL
    SELECT 'enrolled', min(started_on) FROM enrolment
    WHERE person_id IN (SELECT id FROM people) GROUP BY person_id
    UNION ALL
    SELECT 'outcomes', min(started_on) FROM outcome
    WHERE person_id IN (SELECT id FROM people) GROUP BY person_id
)
SELECT figure, year(first) AS year, quarter(first) AS quarter, count(*) AS n
FROM firsts WHERE first BETWEEN $start AND $end GROUP BY ALL
"""

# The method figures of the per-person ``rows`` at every level (method, category, all).
METHODS_GROUPED = """
SELECT municipality_id, method_id, category,
       count(*) AS identified,
       count(*) FILTER (WHERE contacted) AS contacted,
       count(*) FILTER (WHERE enrolled) AS intervention,
       count(*) FILTER (WHERE outcome) AS outcome,
       median(days) AS median_days
FROM rows
GROUP BY GROUPING SETS (
    (municipality_id, method_id, category), (municipality_id, category), (municipality_id),
    (method_id, category), (category), ()
)
"""

METHODS_SQL = """
WITH intake AS MATERIALIZED (
    SELECT id, municipality_id, day FROM people_of($ids, $tz)
    WHERE merged_into_id IS NULL AND day BETWEEN $start AND $end
      AND status <> 'not_in_target_group'
), first_source AS (
    SELECT person_id, arg_min(method_id, (created_at, id)) AS method_id FROM personsource
    WHERE person_id IN (SELECT id FROM intake) GROUP BY person_id
), first_contact AS (
    SELECT person_id, min(occurred_on) AS day FROM statusevent
    WHERE list_contains($reached, to_status) AND occurred_on <= $end
      AND person_id IN (SELECT id FROM intake)
    GROUP BY person_id
), enrolled AS (
    SELECT DISTINCT person_id FROM enrolment
    WHERE started_on <= $end AND person_id IN (SELECT id FROM intake)
), outcome AS (
    SELECT DISTINCT person_id FROM outcome
    WHERE started_on <= $end AND person_id IN (SELECT id FROM intake)
), rows AS (
    SELECT i.municipality_id,
           coalesce(s.method_id, 0) AS method_id,
           coalesce(m.category, '') AS category,
           fc.day IS NOT NULL OR en.person_id IS NOT NULL OR o.person_id IS NOT NULL
               AS contacted,
           en.person_id IS NOT NULL AS enrolled,
           o.person_id IS NOT NULL AS outcome,
           -- greatest() skips NULLs: only the contacted have days to contact.
           CASE WHEN fc.day IS NOT NULL THEN greatest(0, fc.day - i.day) END AS days
    FROM intake i
    LEFT JOIN first_source s ON s.person_id = i.id
    LEFT JOIN outreachmethod m ON m.id = s.method_id
    LEFT JOIN first_contact fc ON fc.person_id = i.id
    LEFT JOIN enrolled en ON en.person_id = i.id
    LEFT JOIN outcome o ON o.person_id = i.id
)
"""
METHODS_SQL += METHODS_GROUPED

EFFORT_SQL = """
SELECT municipality_id, method_id, sum(hours) AS hours, sum(cost) AS cost
FROM outreachactivity
WHERE municipality_id IN (SELECT unnest($ids)) AND status = 'done'
  AND done_on BETWEEN $start AND $end
GROUP BY ALL
"""

STATUS_AT_END_SQL = """
WITH people AS MATERIALIZED (
    SELECT id, municipality_id FROM people_of($ids, $tz)
    WHERE merged_into_id IS NULL AND day <= $end
), latest AS (
    SELECT person_id, arg_max(to_status, (occurred_on, id)) AS status
    FROM statusevent WHERE occurred_on <= $end AND person_id IN (SELECT id FROM people)
    GROUP BY person_id
)
SELECT p.municipality_id, coalesce(l.status, 'identified') AS status, count(*) AS n
FROM people p LEFT JOIN latest l ON l.person_id = p.id GROUP BY ALL
"""

INTAKE_SQL = """
WITH people AS MATERIALIZED (
    SELECT id, municipality_id, status, day FROM people_of($ids, $tz)
    WHERE merged_into_id IS NULL
), first_contacted AS (
    SELECT person_id FROM statusevent
    WHERE list_contains($reached, to_status) AND person_id IN (SELECT id FROM people)
    GROUP BY person_id
    HAVING count(*) FILTER (WHERE occurred_on < $start) = 0
       AND count(*) FILTER (WHERE occurred_on BETWEEN $start AND $end) > 0
)
SELECT municipality_id, 'identified' AS figure, count(*) AS n FROM people
WHERE day BETWEEN $start AND $end AND status <> 'not_in_target_group' GROUP BY ALL
UNION ALL
SELECT municipality_id, 'contacted', count(*) FROM people
WHERE id IN (SELECT person_id FROM first_contacted) GROUP BY ALL
"""

INTERVENTIONS_SQL = """
SELECT p.municipality_id, e.intervention_type_id AS kind,
       count(*) FILTER (WHERE e.started_on >= $start) AS started,
       count(*) FILTER (WHERE e.ended_on IS NULL OR e.ended_on > $end) AS ongoing,
       count(*) FILTER (WHERE e.ended_on BETWEEN $start AND $end
                          AND e.completion = 'completed') AS completed,
       count(*) FILTER (WHERE e.ended_on BETWEEN $start AND $end
                          AND e.completion = 'dropped_out') AS dropped_out
FROM enrolment e JOIN people_of($ids, $tz) p ON p.id = e.person_id
WHERE p.merged_into_id IS NULL AND e.started_on <= $end
  AND (e.ended_on IS NULL OR e.ended_on >= $start)
GROUP BY ALL
"""

OUTCOMES_SQL = """
SELECT p.municipality_id, o.kind, count(DISTINCT o.person_id) AS n
FROM outcome o JOIN people_of($ids, $tz) p ON p.id = o.person_id
WHERE p.merged_into_id IS NULL AND o.started_on BETWEEN $start AND $end
GROUP BY ALL
"""

# The same figures from the fact table alone, as ``measures`` counts them; where a row's first
# and last date lie on both sides of the period, her records are asked (``criteria.any_in``).
FACTS_MACRO = """
CREATE MACRO facts_of(ids) AS TABLE
    SELECT *, identified_on AS day, person_id AS id FROM personfact
    WHERE municipality_id IN (SELECT unnest(ids))
"""

COHORT = "NOT merged AND day <= $end AND status <> 'not_in_target_group'"
ENROLLED_OR_OUTCOME = "(first_enrolled_on <= $end OR first_outcome_on <= $end)"


def _any_in(prefix: str, records: str) -> str:
    return f"""({prefix}_first_on <= $end AND {prefix}_last_on >= $start
        AND ({prefix}_first_on >= $start OR {prefix}_last_on <= $end
             OR EXISTS (SELECT 1 FROM {records} AND r.person_id = c.id)))"""  # noqa: S608


def _outcome_in(kind: str) -> str:
    return f"outcome r WHERE r.kind = '{kind}' AND r.started_on BETWEEN $start AND $end"


FACT_CONDITIONS = {
    "network": """(network_first_on <= $end
        AND (network_longest_ended_on IS NULL OR network_longest_ended_on >= $start)
        AND (network_longest_started_on <= $end OR EXISTS (
            SELECT 1 FROM enrolment r JOIN interventiontype t ON t.id = r.intervention_type_id
            WHERE t.network_oriented AND r.started_on <= $end
              AND (r.ended_on IS NULL OR r.ended_on >= $start) AND r.person_id = c.id)))""",
    "job": _any_in("job", _outcome_in("ordinary_job")),
    "education": _any_in("education", _outcome_in("ordinary_education")),
    "company": "first_contacted_on <= $end AND "
    + _any_in(
        "company",
        """enrolment r JOIN interventiontype t ON t.id = r.intervention_type_id
            WHERE t.company_oriented AND r.completion = 'completed'
              AND r.ended_on BETWEEN $start AND $end""",
    ),
    "confidence": """first_contacted_on <= $end AND baseline_on <= $end
        AND ((latest_on <= $end AND latest_score > baseline_score)
             OR (latest_on > $end AND (
                SELECT arg_max(r.score, (r.measured_on, r.id)) FROM confidencemeasure r
                WHERE r.person_id = c.id AND r.measured_on <= $end) > baseline_score))""",
}

CRITERIA_FACTS_SQL = f"""
SELECT municipality_id, count(*) AS cohort,
       count(*) FILTER (WHERE first_contacted_on <= $end) AS contacted,
       {
    ", ".join(
        f"count(*) FILTER (WHERE {FACT_CONDITIONS[key]}) AS {key}"
        for key in ("network", "job", "education", "company", "confidence")
    )
}
FROM facts_of($ids) c WHERE {COHORT}
GROUP BY municipality_id
"""  # noqa: S608  # assembled from the constants above

FUNNEL_FACTS_SQL = f"""
SELECT municipality_id, count(*) AS identified,
       count(*) FILTER (WHERE first_attempted_on <= $end OR first_contacted_on <= $end
                          OR {ENROLLED_OR_OUTCOME}) AS attempted,
       count(*) FILTER (WHERE first_contacted_on <= $end OR {ENROLLED_OR_OUTCOME}) AS contacted,
       count(*) FILTER (WHERE first_conversation_on <= $end OR {ENROLLED_OR_OUTCOME})
           AS conversation,
       count(*) FILTER (WHERE {ENROLLED_OR_OUTCOME}) AS intervention,
       count(*) FILTER (WHERE first_outcome_on <= $end) AS outcome
FROM facts_of($ids) WHERE {COHORT}
GROUP BY municipality_id
"""  # noqa: S608  # assembled from the constants above

TREND_FACTS_SQL = """
WITH people AS MATERIALIZED (
    SELECT * FROM facts_of($ids) WHERE NOT merged
), firsts AS (
    SELECT 'identified' AS figure, day AS first FROM people
    WHERE status <> 'not_in_target_group'
    UNION ALL SELECT 'contacted', first_contacted_on FROM people
    UNION ALL SELECT 'enrolled', first_enrolled_on FROM people
    UNION ALL SELECT 'outcomes', first_outcome_on FROM people
)
SELECT figure, year(first) AS year, quarter(first) AS quarter, count(*) AS n
FROM firsts WHERE first BETWEEN $start AND $end GROUP BY ALL
"""

METHODS_FACTS_SQL = f"""
WITH rows AS (
    SELECT f.municipality_id,
           coalesce(f.first_method_id, 0) AS method_id,
           coalesce(m.category, '') AS category,
           coalesce(first_contacted_on <= $end OR {ENROLLED_OR_OUTCOME}, false) AS contacted,
           coalesce(first_enrolled_on <= $end, false) AS enrolled,
           coalesce(first_outcome_on <= $end, false) AS outcome,
           CASE WHEN first_contacted_on <= $end
                THEN greatest(0, first_contacted_on - day) END AS days
    FROM facts_of($ids) f LEFT JOIN outreachmethod m ON m.id = f.first_method_id
    WHERE NOT merged AND day BETWEEN $start AND $end
      AND status <> 'not_in_target_group'
)
"""  # noqa: S608  # assembled from the constants above
METHODS_FACTS_SQL += METHODS_GROUPED

STATUS_AT_END_FACTS_SQL = """
SELECT municipality_id,
       CASE WHEN status_on IS NULL THEN 'identified'
            WHEN status_on <= $end THEN status_to
            ELSE coalesce((SELECT arg_max(s.to_status, (s.occurred_on, s.id)) FROM statusevent s
                           WHERE s.person_id = p.id AND s.occurred_on <= $end), 'identified')
       END AS status,
       count(*) AS n
FROM facts_of($ids) p WHERE NOT merged AND day <= $end GROUP BY ALL
"""

INTAKE_FACTS_SQL = """
SELECT municipality_id, 'identified' AS figure, count(*) AS n FROM facts_of($ids)
WHERE NOT merged AND day BETWEEN $start AND $end
  AND status <> 'not_in_target_group'
GROUP BY ALL
UNION ALL
SELECT municipality_id, 'contacted', count(*) FROM facts_of($ids)
WHERE NOT merged AND first_contacted_on BETWEEN $start AND $end GROUP BY ALL
"""

OUTCOMES_FACTS_SQL = f"""
SELECT municipality_id, 'ordinary_job' AS kind, count(*) AS n FROM facts_of($ids) c
WHERE {FACT_CONDITIONS["job"]} GROUP BY ALL
UNION ALL
SELECT municipality_id, 'ordinary_education', count(*) FROM facts_of($ids) c
WHERE {FACT_CONDITIONS["education"]} GROUP BY ALL
"""  # noqa: S608  # assembled from the constants above

CRITERIA_KEYS = ("network", "job", "education", "company", "confidence")
DENOMINATORS = {
    "network": "cohort",
    "job": "cohort",
    "education": "cohort",
    "company": "contacted",
    "confidence": "contacted",
}
STAGES = ("identified", "attempted", "contacted", "conversation", "intervention", "outcome")

CHECKED = [
    "five criteria (numerator, denominator) per municipality: dashboard period, and the "
    "quarterly report's project-to-date and quarter",
    "funnel stages per municipality",
    "trend per quarter",
    "method figures per municipality x method, category and in total (identified, contacted, "
    "intervention, outcome, median days to contact), hours and cost",
    "quarterly report per municipality: status at end, intake, interventions by type, outcomes, "
    "method totals",
]

Counts = dict[str, tuple[int, int]]  # criterion key: (numerator, denominator)

# The aggregations over the records (as before the fact table) and over the fact table.
RECORD_SQL = {
    "criteria": CRITERIA_SQL,
    "funnel": FUNNEL_SQL,
    "trend": TREND_SQL,
    "methods": METHODS_SQL,
    "status_at_end": STATUS_AT_END_SQL,
    "intake": INTAKE_SQL,
    "outcomes": OUTCOMES_SQL,
}
FACT_SQL = {
    "criteria": CRITERIA_FACTS_SQL,
    "funnel": FUNNEL_FACTS_SQL,
    "trend": TREND_FACTS_SQL,
    "methods": METHODS_FACTS_SQL,
    "status_at_end": STATUS_AT_END_FACTS_SQL,
    "intake": INTAKE_FACTS_SQL,
    "outcomes": OUTCOMES_FACTS_SQL,
}


class DuckDB:
    """The tables copied into an in-memory DuckDB, and the page's aggregations over them."""

    def __init__(self, time_zone: str, reached: Sequence[str]) -> None:
        self.con = duckdb.connect()
        self.time_zone = time_zone
        self.reached = list(reached)
        self.rows: dict[str, int] = {}
        self.sql = RECORD_SQL

    def over_facts(self) -> DuckDB:
        """The same connection and tables, with the aggregations over the fact table."""
        facts = copy.copy(self)
        facts.sql = FACT_SQL
        return facts

    def load(self) -> None:
        self.rows = duckdb_copy(self.con, TABLES)
        self.con.execute(PEOPLE_MACRO)
        self.con.execute(FACTS_MACRO)

    def query(self, sql: str, **values: Any) -> list[tuple[Any, ...]]:
        values = {"tz": self.time_zone, "reached": self.reached, **values}
        named = set(re.findall(r"\$(\w+)", sql))
        return self.con.execute(sql, {k: v for k, v in values.items() if k in named}).fetchall()

    def criteria(self, ids: list[int], start: date, end: date) -> dict[int, Counts]:
        result: dict[int, Counts] = {}
        for row in self.query(self.sql["criteria"], ids=ids, start=start, end=end):
            figures = dict(zip(("cohort", "contacted", *CRITERIA_KEYS), row[1:], strict=True))
            result[row[0]] = {
                key: (figures[key], figures[DENOMINATORS[key]]) for key in CRITERIA_KEYS
            }
        return result

    def funnel(self, ids: list[int], end: date) -> dict[str, dict[int, int]]:
        stages: dict[str, dict[int, int]] = {key: {} for key in STAGES}
        for row in self.query(self.sql["funnel"], ids=ids, end=end):
            for key, n in zip(STAGES, row[1:], strict=True):
                stages[key][row[0]] = n
        return stages

    def trend(self, ids: list[int], start: date, end: date) -> dict[tuple[str, str], int]:
        rows = self.query(self.sql["trend"], ids=ids, start=start, end=end)
        return {(f"{year}Q{quarter}", figure): n for figure, year, quarter, n in rows}

    def methods(self, ids: list[int], start: date, end: date) -> dict[tuple[Any, ...], Any]:
        """Keyed by (municipality or None, method key or None, category or None)."""
        figures: dict[tuple[Any, ...], Any] = {}
        for muni, method, category, *counts in self.query(
            self.sql["methods"], ids=ids, start=start, end=end
        ):
            key = "none" if method == 0 else (None if method is None else str(method))
            figures[(muni, key, category)] = tuple(counts)
        for muni, method, hours, cost in self.query(EFFORT_SQL, ids=ids, start=start, end=end):
            figures[("effort", muni, str(method))] = (hours, cost)
        return figures

    def dashboard(self, ids: list[int], period: Any, quarters: list[Any]) -> dict[str, Any]:
        return {
            "criteria": self.criteria(ids, period.start, period.end),
            "funnel": self.funnel(ids, period.end),
            "trend": self.trend(ids, quarters[0].period.start, quarters[-1].period.end),
        }

    def quarterly(self, ids: list[int], period: Any, to_date: Any) -> dict[str, Any]:
        span = {"ids": ids, "start": period.start, "end": period.end}
        return {
            "status_at_end": self.query(self.sql["status_at_end"], ids=ids, end=period.end),
            "intake": self.query(self.sql["intake"], **span),
            "interventions": self.query(INTERVENTIONS_SQL, **span),
            "outcomes": self.query(self.sql["outcomes"], **span),
            "methods": self.methods(ids, period.start, period.end),
            "criteria": self.criteria(ids, to_date.start, to_date.end),
            "criteria_period": self.criteria(ids, period.start, period.end),
        }


def code_measured() -> dict[str, Any]:
    """The commit, and any uncommitted change to the code under test, when the run started."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.rstrip()

    under_test = [
        "brobygger/measures",
        "brobygger/interventions",
        "brobygger/reports",
        "brobygger/people",
    ]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted": git("status", "--porcelain", "--", *under_test).splitlines(),
    }


def main() -> None:
    code = code_measured()
    database = setup_django(scale="national")
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.demo.generator import DEMO_PARTNERSHIP_NAME
    from brobygger.interventions.models import ConfidenceMeasure, Enrolment, Outcome
    from brobygger.measures.criteria import CONTACT_REACHED
    from brobygger.partnerships.models import Municipality, Partnership
    from brobygger.people.models import ContactAttempt, Person, StatusEvent

    # get_or_create: a reused database (BENCHMARK_REUSE_DATA) has them from an earlier run.
    national, _created = Partnership.objects.get_or_create(
        name="Benchmark: alle 98 kommuner",
        defaults={"starts_on": date(2025, 1, 1), "ends_on": date(2027, 12, 31)},
    )
    national.municipalities.set(Municipality.objects.all())
    demo = Partnership.objects.get(name=DEMO_PARTNERSHIP_NAME)
    coordinator = User.objects.filter(username="bench-coordinator").first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            username="bench-coordinator", password="x", is_demo=True
        )
        Membership.objects.bulk_create(
            Membership(user=coordinator, role=Role.COORDINATOR, partnership=p)
            for p in (national, demo)
        )
    client = Client()
    client.force_login(coordinator)
    today = timezone.localdate()

    duck = DuckDB(settings.TIME_ZONE, [str(s) for s in CONTACT_REACHED])
    started = time.perf_counter()
    duck.load()
    load_ms = round((time.perf_counter() - started) * 1000)

    partnerships = {}
    for label, partnership in (
        ("all_98_municipalities", national),
        ("demo_4_municipalities", demo),
    ):
        partnerships[label] = measure_partnership(partnership, client, duck, today)
        print(label, partnerships[label], flush=True)

    report(
        "criteria",
        database,
        {
            "code": code,
            "today": today.isoformat(),
            "quarter": QUARTER,
            "people": Person.objects.count(),
            "status_events": StatusEvent.objects.count(),
            "contact_attempts": ContactAttempt.objects.count(),
            "enrolments": Enrolment.objects.count(),
            "outcomes": Outcome.objects.count(),
            "confidence_answers": ConfidenceMeasure.objects.count(),
            "targets_ms": {"all_98_municipalities": TARGETS_MS, "up_to_12": TARGETS_SMALL_MS},
            "duckdb": {
                "version": duckdb.__version__,
                "threads": duck.query("SELECT current_setting('threads')")[0][0],
                "copy_from_django_ms": load_ms,
                "rows": duck.rows,
            },
            # Every check raises on a difference, so reaching the report means they matched.
            "results_match": {"checked": CHECKED, "equal": True},
            "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
            **partnerships,
        },
    )


def measure_partnership(partnership: Any, client: Any, duck: DuckDB, today: date) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection

    from brobygger.measures import pipeline
    from brobygger.measures.criteria import compute_by_municipality
    from brobygger.measures.effectiveness import compare
    from brobygger.measures.periods import Period, Quarter, quarters_between
    from brobygger.people.models import Person
    from brobygger.reports.quarterly import project_to_date, quarterly_report

    ids = sorted(partnership.municipalities.values_list("pk", flat=True))
    period = Period(partnership.starts_on, min(today, partnership.ends_on))
    quarters = quarters_between(period.start, period.end)
    quarter = Quarter.parse(QUARTER)
    to_date = project_to_date(partnership, quarter)
    urls = {
        "dashboard": f"/interventions/partnerships/{partnership.pk}/criteria/",
        "methods": f"/interventions/partnerships/{partnership.pk}/methods/",
        "quarterly_report": (
            f"/reports/partnerships/{partnership.pk}/{QUARTER}/partnership/report.json"
        ),
    }

    def runs(duck: DuckDB) -> dict[str, Callable[[], Any]]:
        return {
            "dashboard": lambda: duck.dashboard(ids, period, quarters),
            "methods": lambda: duck.methods(ids, period.start, period.end),
            "quarterly_report": lambda: duck.quarterly(ids, quarter.period, to_date),
        }

    facts = duck.over_facts()
    # Same figures on all sides (untimed): ours against DuckDB over the records (the
    # definitions as they were before the fact table) and over the fact table.
    for other in (duck, facts):
        check_criteria(
            compute_by_municipality(municipality_ids=ids, period=period),
            other.criteria(ids, period.start, period.end),
            f"{partnership} dashboard",
        )
        check_funnel(
            pipeline.funnel(municipality_ids=ids, period=period), other.funnel(ids, period.end)
        )
        check_trend(
            pipeline.trend(municipality_ids=ids, quarters=quarters),
            other.trend(ids, quarters[0].period.start, quarters[-1].period.end),
        )
        check_methods(
            compare(municipality_ids=ids, period=period),
            other.methods(ids, period.start, period.end),
        )
        check_quarterly(
            quarterly_report(partnership=partnership, quarter=quarter),
            other.quarterly(ids, quarter.period, to_date),
        )

    result: dict[str, Any] = {
        "municipalities": len(ids),
        "people": Person.objects.filter(municipality_id__in=ids).count(),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
    }
    for key, url in urls.items():

        def page(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        queries = QueryCount()
        # The first view also fills the caches (a large table's suppression, the method
        # page's sections): it is reported on its own beside the median of the views after it.
        cache.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            page()
        first_ms = round((time.perf_counter() - started) * 1000, 1)
        ours = measure(page, **OURS)
        over_records = measure(runs(duck)[key], **DUCK)
        over_facts = measure(runs(facts)[key], **DUCK)
        target = TARGETS_MS[key] if len(ids) > SMALL else TARGETS_SMALL_MS
        result[key] = {
            "url": url,
            "target_ms": target,
            "ours": ours,
            "first_view_ms": first_ms,
            "queries": queries.count,
            # DuckDB over the same tables as ours (the fact table), and over the records.
            "duckdb": over_facts,
            "ratio": round(ours["median_ms"] / over_facts["median_ms"], 1),
            "duckdb_over_records": over_records,
            "ratio_over_records": round(ours["median_ms"] / over_records["median_ms"], 1),
            "within_target": ours["median_ms"] < target,
            "within_3x_duckdb": ours["median_ms"] < 3 * over_facts["median_ms"],
        }
    # The report's figures alone, without the view, the JSON encoding and the export log.
    result["quarterly_report"]["ours_function_only"] = measure(
        lambda: quarterly_report(partnership=partnership, quarter=quarter), warmup=0, repeat=3
    )
    return result


class QueryCount:
    """An execute wrapper that counts the queries of a request."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.count += 1
        return execute(*args)


class Mismatch(AssertionError):
    """DuckDB's figure differs from ours: a bug on one side."""


def _same(what: str, ours: Any, theirs: Any) -> None:
    if ours != theirs:
        raise Mismatch(f"{what}: ours {ours!r} != DuckDB {theirs!r}")


def check_criteria(breakdown: Any, duck: dict[int, Counts], what: str) -> None:
    for muni, results in breakdown.by_municipality.items():
        ours = {r.criterion.key: (r.numerator, r.denominator) for r in results}
        theirs = duck.get(muni, {key: (0, 0) for key in CRITERIA_KEYS})
        _same(f"{what}: criteria of municipality {muni}", ours, theirs)


def check_funnel(stages: Any, duck: dict[str, dict[int, int]]) -> None:
    for stage in stages:
        _same(f"funnel {stage.key}", stage.counts, duck[stage.key])


def check_trend(rows: Any, duck: dict[tuple[str, str], int]) -> None:
    for row in rows:
        for figure in ("identified", "contacted", "enrolled", "outcomes"):
            _same(
                f"trend {row.quarter} {figure}",
                getattr(row, figure),
                duck.get((str(row.quarter), figure), 0),
            )


def _method_counts(row: Any) -> tuple[Any, ...]:
    median = row.median_days_to_contact
    return (
        row.identified,
        row.contacted_count,
        row.intervention_count,
        row.outcome_count,
        None if median is None else float(median),
    )


def check_methods(comparison: Any, duck: dict[tuple[Any, ...], Any]) -> None:
    scopes = [(None, comparison.total)]
    scopes += list(comparison.by_municipality.items())
    for muni, figures in scopes:
        for row in figures.methods:
            if row.identified:
                _same(
                    f"methods of {muni} {row.key}",
                    _method_counts(row),
                    duck[(muni, row.key, row.category)],
                )
        for row in figures.categories:
            if row.identified:
                _same(
                    f"category of {muni} {row.key}",
                    _method_counts(row),
                    duck[(muni, None, row.key)],
                )
        _same(f"all methods of {muni}", _method_counts(figures.total), duck[(muni, None, None)])
    effort: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    for muni, figures in comparison.by_municipality.items():
        for row in figures.methods:
            if row.hours or row.cost:
                effort[(muni, row.key)] = (row.hours, row.cost)
    theirs = {
        (key[1], key[2]): (value[0] or Decimal(0), value[1] or Decimal(0))
        for key, value in duck.items()
        if key[0] == "effort" and (value[0] or value[1])
    }
    _same("hours and cost", effort, theirs)


def check_quarterly(data: dict[str, Any], duck: dict[str, Any]) -> None:
    from brobygger.interventions.models import InterventionType
    from brobygger.partnerships.models import Municipality

    by_code = dict(Municipality.objects.values_list("code", "pk"))
    type_names = dict(InterventionType.objects.values_list("pk", "name"))
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for muni, status, n in duck["status_at_end"]:
        statuses[muni][status] = n
    intake: dict[int, dict[str, int]] = defaultdict(dict)
    for muni, figure, n in duck["intake"]:
        intake[muni][figure] = n
    interventions: dict[int, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for muni, kind, *counts in duck["interventions"]:
        interventions[muni][type_names[kind]] = tuple(counts)
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for muni, kind, n in duck["outcomes"]:
        outcomes[muni][kind] = n
    for entry in data["municipalities"]:
        muni = by_code[entry["code"]]
        figures = entry["figures"]
        people = figures["people"]
        what = f"quarterly report of {entry['name']}"
        _same(
            f"{what}: status at end",
            {s: n for s, n in people["status_at_end"].items() if n},
            statuses.get(muni, {}),
        )
        _same(
            f"{what}: intake",
            (people["identified_in_period"], people["contacted_in_period"]),
            (intake[muni].get("identified", 0), intake[muni].get("contacted", 0)),
        )
        ours_types = {
            line["type"]: (
                line["started"],
                line["ongoing_at_end"],
                line["completed"],
                line["dropped_out"],
            )
            for line in figures["interventions"]
            if any(
                (line["started"], line["ongoing_at_end"], line["completed"], line["dropped_out"])
            )
        }
        theirs_types = {k: v for k, v in interventions[muni].items() if any(v)}
        _same(f"{what}: interventions", ours_types, theirs_types)
        _same(
            f"{what}: outcomes",
            {k: n for k, n in figures["outcomes"].items() if n},
            outcomes.get(muni, {}),
        )
        for key in ("criteria", "criteria_period"):
            _same(
                f"{what}: {key}",
                {c["key"]: (c["numerator"], c["denominator"]) for c in figures[key]},
                duck[key].get(muni, {k: (0, 0) for k in CRITERIA_KEYS}),
            )
        total = figures["methods"]["total"]
        _same(
            f"{what}: methods",
            (
                total["identified"],
                total["contacted"]["count"],
                total["intervention"]["count"],
                total["outcome"]["count"],
            ),
            duck["methods"].get((muni, None, None), (0, 0, 0, 0, None))[:4],
        )


if __name__ == "__main__":
    main()
