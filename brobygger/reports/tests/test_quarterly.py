"""The quarterly report's figures against hand-computed fixtures and the issue's edge cases."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator, FormatChecker
from time_machine import TimeMachineFixture

from brobygger.interventions.models import (
    Completion,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
)
from brobygger.measures.periods import Quarter
from brobygger.measures.services import refresh_facts
from brobygger.people.merging import person_merge
from brobygger.people.models import Person, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.reports.quarterly import SCHEMA, quarterly_report
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
Q3, Q4 = Quarter(2026, 3), Quarter(2026, 4)


def _person(municipality: object, created: date, status: str = "identified") -> Person:
    person = PersonFactory(municipality=municipality, status=status)
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime(created.year, created.month, created.day, 9, tzinfo=COPENHAGEN)
    )
    refresh_facts([person.pk])  # the update went behind the services' back
    StatusEvent.objects.create(
        person=person, from_status="", to_status="identified", occurred_on=created
    )
    return person


def _event(person: Person, status: str, on: date) -> None:
    StatusEvent.objects.create(person=person, from_status="", to_status=status, occurred_on=on)


@pytest.fixture(autouse=True)
def today(time_machine: TimeMachineFixture) -> None:
    """Reports run up to the current quarter: these are written on 23 November 2026."""
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=COPENHAGEN), tick=False)


@pytest.fixture
def people(cast: Cast) -> dict[str, Person]:
    internship = InterventionType.objects.get(name="Virksomhedspraktik")
    # Contacted in Q3, an internship from August to October (spans two quarters), two jobs.
    a = _person(cast.viborg, date(2026, 7, 2), status="ordinary_job")
    _event(a, "contacted", date(2026, 7, 10))
    _event(a, "in_intervention", date(2026, 8, 1))
    _event(a, "ordinary_job", date(2026, 10, 20))
    Enrolment.objects.create(
        person=a,
        intervention_type=internship,
        started_on=date(2026, 8, 1),
        ended_on=date(2026, 10, 15),
        completion=Completion.COMPLETED,
    )
    for day in (date(2026, 9, 1), date(2026, 9, 20)):
        Outcome.objects.create(person=a, kind=OutcomeKind.ORDINARY_JOB, started_on=day)
    # Contacted before the quarter: not contacted "in" it.
    b = _person(cast.viborg, date(2026, 3, 1), status="contacted")
    _event(b, "contacted", date(2026, 5, 5))
    # Moved away in Q3: still counted, under "moved away" at the end of the quarter.
    c = _person(cast.viborg, date(2026, 7, 20), status="moved_away")
    _event(c, "moved_away", date(2026, 9, 1))
    # Hedensted: identified in Q3, dropped out of language school in September.
    d = _person(cast.hedensted, date(2026, 8, 15), status="in_intervention")
    _event(d, "contacted", date(2026, 8, 20))
    Enrolment.objects.create(
        person=d,
        intervention_type=InterventionType.objects.get(name="Sprogskole (danskuddannelse)"),
        started_on=date(2026, 9, 1),
        ended_on=date(2026, 9, 25),
        completion=Completion.DROPPED_OUT,
    )
    # A duplicate of d, merged: counts once.
    twin = _person(cast.hedensted, date(2026, 8, 16))
    person_merge(actor=_lead(cast), survivor=d, merged=twin)
    # Identified after the quarter.
    _person(cast.viborg, date(2026, 10, 3))
    return {"a": a, "b": b, "c": c, "d": d}


def _lead(cast: Cast) -> Any:
    from brobygger.accounts.models import Membership, Role, User

    lead = User.objects.create_user("hedensted-lead", password="x")
    Membership.objects.create(user=lead, role=Role.MUNICIPAL_LEAD, municipality=cast.hedensted)
    return lead


def _type(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in report["figures"]["interventions"] if t["type"] == name)


def test_viborg_q3_by_hand(cast: Cast, people: dict[str, Person]) -> None:
    report = quarterly_report(partnership=cast.partnership, quarter=Q3, municipality=cast.viborg)
    assert report["$schema"] == SCHEMA
    assert report["scope"] == {"kind": "municipality", "code": "791", "name": cast.viborg.name}
    assert report["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
    assert report["criteria_period"] == {"start": "2026-01-01", "end": "2026-09-30"}
    people_figures = report["figures"]["people"]
    assert people_figures["identified_in_period"] == 2  # a, c
    assert people_figures["contacted_in_period"] == 1  # a; b was contacted in May
    status = people_figures["status_at_end"]
    assert (status["in_intervention"], status["contacted"], status["moved_away"]) == (1, 1, 1)
    assert status["ordinary_job"] == 0  # her status changed in October
    assert people_figures["total_at_end"] == 3
    internship = _type(report, "Virksomhedspraktik")
    assert (internship["started"], internship["ongoing_at_end"], internship["completed"]) == (
        1,
        1,
        0,
    )
    assert report["figures"]["outcomes"] == {"ordinary_job": 1, "ordinary_education": 0}
    criteria = {c["key"]: c for c in report["figures"]["criteria"]}
    assert (criteria["job"]["numerator"], criteria["job"]["denominator"]) == (1, 3)
    assert criteria["job"]["target"] == 0.25
    assert criteria["company"]["denominator"] == 2  # a and b were contacted
    assert "municipalities" not in report


def test_enrolment_spanning_two_quarters(cast: Cast, people: dict[str, Person]) -> None:
    q4 = quarterly_report(partnership=cast.partnership, quarter=Q4, municipality=cast.viborg)
    internship = _type(q4, "Virksomhedspraktik")
    assert internship == {**internship, "started": 0, "ongoing_at_end": 0, "completed": 1}
    criteria = {c["key"]: c for c in q4["figures"]["criteria_period"]}
    assert criteria["company"]["numerator"] == 1  # completed in October
    assert criteria["network"]["numerator"] == 0  # an internship is not network-oriented


def test_municipalities_add_up_to_the_partnership(cast: Cast, people: dict[str, Person]) -> None:
    report = quarterly_report(partnership=cast.partnership, quarter=Q3)
    assert report["scope"] == {"kind": "partnership"}
    assert [m["code"] for m in report["municipalities"]] == sorted(
        (m["code"] for m in report["municipalities"]),
        key=lambda code: next(x["name"] for x in report["municipalities"] if x["code"] == code),
    )
    hedensted = next(m for m in report["municipalities"] if m["code"] == "766")["figures"]
    language = _type({"figures": hedensted}, "Sprogskole (danskuddannelse)")
    assert (language["started"], language["dropped_out"]) == (1, 1)
    assert hedensted["people"]["total_at_end"] == 1  # the merged twin is not counted

    def counts(figures: Any, path: str = "") -> dict[str, int]:
        """Every count in the figures, by its path (rates and intervals are not added)."""
        found: dict[str, int] = {}
        if isinstance(figures, dict):
            for key, value in figures.items():
                if key not in {"rate", "low", "high", "target", "hours_per_contacted"}:
                    found.update(counts(value, f"{path}/{key}"))
        elif isinstance(figures, list):
            for index, value in enumerate(figures):
                label = value.get("key") or value.get("type") if isinstance(value, dict) else None
                found.update(counts(value, f"{path}/{label or index}"))
        elif isinstance(figures, int) and not isinstance(figures, bool):
            found[path] = figures
        return found

    total = counts(report["figures"])
    parts = [counts(m["figures"]) for m in report["municipalities"]]
    assert total, "the report has counts"
    for path, value in total.items():
        if "median" in path or "cost_per" in path:
            continue
        assert value == sum(part.get(path, 0) for part in parts), path


def test_command_writes_json_xlsx_and_pdf(
    cast: Cast, people: dict[str, Person], tmp_path: Path
) -> None:
    out = tmp_path / "q.json"
    call_command(
        "report", "quarterly", "--municipality", "791", "--quarter", "2026Q3", "--out", str(out)
    )
    data = json.loads(out.read_text())
    assert data["scope"]["code"] == "791"
    for criterion in data["figures"]["criteria"]:
        assert {"key", "numerator", "denominator", "rate", "target"} <= criterion.keys()
    pid = str(cast.partnership.pk)
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        path = tmp_path / f"q.{fmt}"
        call_command(
            "report", "quarterly", "--partnership", pid, "--quarter", "2026Q3",
            "--format", fmt, "--out", str(path),
        )  # fmt: skip
        assert path.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--municipality", "791", "--quarter", "2026Q9"], "not a quarter"),
        (["--municipality", "999", "--quarter", "2026Q3"], "no municipality with code"),
        (["--quarter", "2026Q3"], "give --municipality"),
        (["--municipality", "101", "--quarter", "2026Q3"], "no such partnership"),
        (["--municipality", "791", "--quarter", "2027Q1"], "outside the partnership"),
    ],
)
def test_command_refuses_bad_input(
    cast: Cast, tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "q.json"
    with pytest.raises(CommandError, match=message):
        call_command("report", "quarterly", *arguments, "--out", str(out))
    assert not out.exists()


def test_the_json_follows_the_documented_schema(cast: Cast, people: dict[str, Person]) -> None:
    schema = json.loads((settings.BASE_DIR / "docs" / "quarterly-report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for municipality in (None, cast.viborg):
        report = quarterly_report(
            partnership=cast.partnership, quarter=Q3, municipality=municipality
        )
        # Through JSON, as the command writes it.
        validator.validate(json.loads(json.dumps(report)))
    broken = json.loads(json.dumps(report))
    broken["figures"]["criteria"][0]["rate"] = 1.5
    assert not validator.is_valid(broken)
