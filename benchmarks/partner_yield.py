"""Which partners bring results (issue 17, point 2) on the demo, and the same counts in
DuckDB as the yardstick (as ``criteria.py`` does for the success criteria).

    .venv/bin/python benchmarks/partner_yield.py [--scale national|municipal|small]
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/partner_yield.py

The demo's partner step (``partners/demo.py``: ``partner_links``) gives the enrolments
their providers as partner records and a quarter of the sources a partner. The benchmark adds
a partnership of all 98 municipalities and a coordinator of it, and measures server time
through Django's test client, as the coordinator, of the partnership's table "Hvilke
partnere giver resultater" (``/interventions/partnerships/<id>/partners/``: the counts per
partner, small numbers suppressed, Wilson intervals, the template), and of
``partner_yield`` alone. The tables it reads are copied (untimed; the copy's time is
reported) into an in-memory DuckDB, which counts the same with the same definitions in
SQL; the benchmark asserts that every partner's counts are equal and reports our medians
beside DuckDB's. Other work on the machine shows in both columns, so the result records the
load average and the commit.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from datetime import date

import duckdb
import pyarrow as pa
from _harness import ROOT, duckdb_copy, measure, report, setup_django

TARGET_MS = 2000
OURS = {"warmup": 1, "repeat": 5}
DUCK = {"warmup": 2, "repeat": 20}

TABLES: dict[str, tuple[str, dict[str, pa.DataType]]] = {
    "person": ("people.Person", {"id": pa.int64(), "merged_into_id": pa.int64()}),
    "organisation": ("partners.Organisation", {"id": pa.int64(), "municipality_id": pa.int64()}),
    "personsource": (
        "people.PersonSource",
        {"id": pa.int64(), "person_id": pa.int64(), "partner_id": pa.int64()},
    ),
    "enrolment": (
        "interventions.Enrolment",
        {
            "id": pa.int64(),
            "person_id": pa.int64(),
            "provider_id": pa.int64(),
            "started_on": pa.date32(),
        },
    ),
    "outcome": (
        "interventions.Outcome",
        {"id": pa.int64(), "person_id": pa.int64(), "started_on": pa.date32()},
    ),
}

# The definitions of ``measures/partner_yield.py`` in SQL: reached (a source names the
# partner), enrolled (an enrolment it provided), in a job or education after it (any outcome
# of a person reached; for one only enrolled, an outcome on or after her first enrolment).
YIELD_SQL = """
WITH partners AS (SELECT id FROM organisation WHERE municipality_id IN (SELECT unnest($ids))),
live AS (SELECT id FROM person WHERE merged_into_id IS NULL),
through AS (
    SELECT partner_id, person_id, bool_or(reached) AS reached, bool_or(enrolled) AS enrolled,
           min(first_on) AS first_on
    FROM (
        SELECT partner_id, person_id, TRUE AS reached, FALSE AS enrolled,
               NULL::DATE AS first_on
        FROM personsource
        WHERE partner_id IN (SELECT id FROM partners) AND person_id IN (SELECT id FROM live)
        UNION ALL
        SELECT provider_id, person_id, FALSE, TRUE, started_on
        FROM enrolment
        WHERE provider_id IN (SELECT id FROM partners) AND person_id IN (SELECT id FROM live)
    )
    GROUP BY partner_id, person_id
),
last_outcome AS (SELECT person_id, max(started_on) AS last_on FROM outcome GROUP BY person_id)
SELECT t.partner_id,
       count(*) FILTER (WHERE t.reached),
       count(*) FILTER (WHERE t.enrolled),
       count(*),
       count(*) FILTER (WHERE l.last_on IS NOT NULL AND (t.reached OR l.last_on >= t.first_on))
FROM through t LEFT JOIN last_outcome l USING (person_id)
GROUP BY t.partner_id
"""


class DuckDB:
    def __init__(self) -> None:
        self.con = duckdb.connect()
        self.rows: dict[str, int] = {}

    def load(self) -> None:
        self.rows = duckdb_copy(self.con, TABLES)

    def counts(self, ids: list[int]) -> dict[int, tuple[int, int, int, int]]:
        rows = self.con.execute(YIELD_SQL, {"ids": ids}).fetchall()
        return {row[0]: tuple(row[1:]) for row in rows}  # type: ignore[misc]


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.rstrip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national", choices=["small", "municipal", "national"])
    scale = parser.parse_args().scale
    code = {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted": git(
            "status", "--porcelain", "--", "brobygger/measures", "brobygger/partners"
        ).splitlines(),
    }
    started = time.perf_counter()
    database = setup_django(scale=scale)
    demo_s = round(time.perf_counter() - started)
    from django.test import Client
    from django.urls import reverse

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.interventions.models import Enrolment
    from brobygger.measures.partner_yield import partner_yield
    from brobygger.partners.models import Organisation
    from brobygger.partnerships.models import Municipality, Partnership
    from brobygger.people.models import Person, PersonSource

    # get_or_create: a reused database (BENCHMARK_REUSE_DATA) has them from an earlier run.
    national, _created = Partnership.objects.get_or_create(
        name="Benchmark: alle 98 kommuner",
        defaults={"starts_on": date(2025, 1, 1), "ends_on": date(2027, 12, 31)},
    )
    national.municipalities.set(Municipality.objects.all())
    ids = sorted(national.municipalities.values_list("pk", flat=True))
    coordinator = User.objects.filter(username="bench-coordinator").first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            username="bench-coordinator", password="x", is_demo=True
        )
    Membership.objects.get_or_create(user=coordinator, role=Role.COORDINATOR, partnership=national)
    client = Client()
    client.force_login(coordinator)
    url = reverse("measures:partner-table", kwargs={"partnership_id": national.pk})

    duck = DuckDB()
    started = time.perf_counter()
    duck.load()
    load_ms = round((time.perf_counter() - started) * 1000)

    ours = {
        (row.partner.pk): (len(row.reached), len(row.enrolled), len(row.through), len(row.outcome))
        for row in partner_yield(municipality_ids=ids)
    }
    theirs = duck.counts(ids)
    if ours != theirs:
        differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
        raise AssertionError(f"partner counts differ for {len(differ)} partners: {differ[:10]}")
    assert client.get(url).status_code == 200  # noqa: S101

    report(
        f"partner_yield-{scale}",
        database,
        {
            "code": code,
            "scale": scale,
            "demo_load_s": demo_s,
            "people": Person.objects.count(),
            "partners": Organisation.objects.count(),
            "partners_with_people": len(ours),
            "sources_with_partner": PersonSource.objects.filter(partner__isnull=False).count(),
            "enrolments_with_provider": Enrolment.objects.filter(provider__isnull=False).count(),
            "target_ms": TARGET_MS,
            "page_as_coordinator": measure(lambda: client.get(url), **OURS),
            "partner_yield_call": measure(lambda: partner_yield(municipality_ids=ids), **OURS),
            "duckdb": {
                "version": duckdb.__version__,
                "copy_from_django_ms": load_ms,
                "rows": duck.rows,
                "counts": measure(lambda: duck.counts(ids), **DUCK),
            },
            # The check above raises on a difference, so reaching the report means they matched.
            "results_match": {
                "checked": "reached, enrolled, through, job or education per partner",
                "equal": True,
            },
            "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        },
    )


if __name__ == "__main__":
    main()
