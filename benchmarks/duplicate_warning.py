"""How well the registration's duplicate warning tells a known person from a new one.

    .venv/bin/python benchmarks/duplicate_warning.py [--duplicates 200] [--lookalikes 200]
        [--background 1000] [--seed 1]

A municipality's registry is filled with people made by the linkage benchmark's generator
(``benchmarks/linkage/generator.py``: romanisation variants, rule-based spelling changes,
typos, swapped names, middle names, Al-/El- surnames, date typos and the 1 January
placeholder, phones in several formats, relatives and namesakes), each registered through
``person_register`` so that the name keys are the ones the application keeps. Then come the
new registrations, each through the registration form and ``possible_duplicates``, exactly as
the page does:

* true duplicates: another record of a person in the registry, written by the generator with
  its errors, as a caseworker writes down what she is told at a meeting: name, birth date and
  phone when known (the generator leaves out 5 % of the birth dates and 20 % of the phones),
  never the CPR number (a CPR number would make the warning trivial). A phone number the
  form refuses (the generator draws some outside the Danish ranges libphonenumber knows) is
  left out, as the caseworker would, and counted;
* look-alikes: a different person with the same given name and surname as someone in the
  registry (the generator's namesake: her own phone), born on another day within five years
  of her, written with the same errors.

The --background people are made by the same generator (each with its own errors), so a
national registry is as noisy as a small one, and a duplicate is never an exact copy unless
the generator happened to write both records alike: ``duplicates_by_error`` gives the recall
per kind of difference between a duplicate and the record it duplicates (name written
otherwise, swapped, birth date different or missing, phone missing), and the exact copies
apart.

Recall is the share of true duplicates whose warning lists the person they duplicate; the
false-alarm rate is the share of look-alikes warned about anyone. Each warning is timed in
wall-clock and CPU milliseconds (the CPU time is the fairer figure on a shared machine).
Results are printed and written to benchmarks/results/duplicate_warning.json. ``run`` is
also called by the test suite with a smaller set
(brobygger/people/tests/test_duplicate_warning.py).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks" / "linkage"), str(ROOT / "benchmarks")]

from _harness import setup_django  # noqa: E402
from generator import (  # noqa: E402  (the generator's own imports need its folder on the path)
    JOBCENTRE,
    LANGUAGE_SCHOOL,
    EntityFactory,
    ErrorRates,
    Renderer,
)

# The generator's date formats, as a registration form would receive them typed day first.
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
LOOKALIKE_YEARS = 5
# A registry larger than this is saved in bulk.
BULK_ABOVE = 5000


@dataclass
class Record:
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str


@dataclass
class Registration:
    kind: str  # "duplicate" or "lookalike"
    record: Record
    original: int  # index into the registry: the person duplicated, or the look-alike's namesake


def _record(row: list[str]) -> Record:
    first, last, birth, _cpr, phone = row[:5]
    parsed = None
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(birth, pattern).date()  # noqa: DTZ007  (a date only)
            break
        except ValueError:
            continue
    return Record(first_name=first, last_name=last, birth_date=parsed, phone=phone)


def build_cases(
    *, duplicates: int, lookalikes: int, background: int, seed: int
) -> tuple[list[Record], list[Registration]]:
    """The registry and the new registrations, deterministic for a seed."""
    rng = random.Random(seed)
    rates = ErrorRates()
    factory = EntityFactory(random.Random(rng.getrandbits(64)), rates)
    registry_renderer = Renderer(random.Random(rng.getrandbits(64)), rates)
    # At a meeting nobody is asked for a CPR number: the registration has none.
    meeting_renderer = Renderer(random.Random(rng.getrandbits(64)), replace(rates, cpr_present=0))
    roles = ["duplicate"] * duplicates + ["lookalike"] * lookalikes + ["other"] * background
    rng.shuffle(roles)
    registry: list[Record] = []
    registrations: list[Registration] = []
    number = 0
    for role in roles:
        entity = factory.make(number)
        number += 1
        registry.append(_record(registry_renderer.render(entity, JOBCENTRE)))
        if role == "duplicate":
            row = meeting_renderer.render(entity, LANGUAGE_SCHOOL)
            registrations.append(Registration("duplicate", _record(row), len(registry) - 1))
        elif role == "lookalike":
            # The generator's namesake: same given name and surname, her own phone, address
            # and middle names (a private method: the benchmark reuses its way of making one).
            other = factory._namesake(number, entity)
            number += 1
            while True:
                born = entity.birth + timedelta(
                    days=rng.randint(-365 * LOOKALIKE_YEARS, 365 * LOOKALIKE_YEARS)
                )
                registered = date(born.year, 1, 1) if other.stated_birth else born
                if registered != entity.birth:
                    break
            other.birth = registered
            other.stated_birth = born if other.stated_birth else None
            row = meeting_renderer.render(other, LANGUAGE_SCHOOL)
            registrations.append(Registration("lookalike", _record(row), len(registry) - 1))
    rng.shuffle(registrations)
    return registry, registrations


def run(
    *,
    user: Any,
    municipality: Any,
    method: Any,
    duplicates: int = 200,
    lookalikes: int = 200,
    background: int = 1000,
    seed: int = 1,
) -> dict[str, Any]:
    """Fill the municipality's registry, then measure the warning for every registration."""
    registry, registrations = build_cases(
        duplicates=duplicates, lookalikes=lookalikes, background=background, seed=seed
    )
    if len(registry) > BULK_ABOVE:
        ids = _registry_bulk(registry, user=user, municipality=municipality, method=method)
    else:
        ids = _registry_one_by_one(registry, user=user, municipality=municipality, method=method)
    return _measure(registrations, ids, registry, user=user, municipality=municipality,
                    method=method, seed=seed)  # fmt: skip


def _phone(text: str) -> str:
    """The number as the form would save it, or "" where the form refuses it."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "DK") if text else None
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _registry_bulk(
    registry: list[Record], *, user: Any, municipality: Any, method: Any
) -> list[int]:
    """A national-size registry saved in bulk (``people_create``, as an import saves its
    new people, with the same search keys); registering 100,000 one by one takes an hour."""
    from brobygger.people.services import NewPerson, Origin, people_create, person_build

    ids: list[int] = []
    for start in range(0, len(registry), 5000):
        people = [
            person_build(
                NewPerson(
                    first_name=record.first_name,
                    last_name=record.last_name,
                    birth_date=record.birth_date,
                    phone=_phone(record.phone),
                ),
                municipality=municipality,
                created_by=user,
            )
            for record in registry[start : start + 5000]
        ]
        people_create(people, actor=user, origin=Origin(method=method))
        ids += [person.pk for person in people]
    return ids


def _registry_one_by_one(
    registry: list[Record], *, user: Any, municipality: Any, method: Any
) -> list[int]:
    from brobygger.people.services import person_register

    ids = []
    for record in registry:
        person = person_register(
            actor=user,
            municipality=municipality,
            method=method,
            first_name=record.first_name,
            last_name=record.last_name,
            birth_date=record.birth_date,
            phone=_phone(record.phone),
        )
        ids.append(person.pk)
    return ids


def _measure(
    registrations: list[Registration],
    ids: list[int],
    registry: list[Record],
    *,
    user: Any,
    municipality: Any,
    method: Any,
    seed: int,
) -> dict[str, Any]:
    from brobygger.people.forms import PersonRegistrationForm
    from brobygger.people.selectors import possible_duplicates

    counts: dict[str, dict[str, int]] = {
        kind: {
            "registrations": 0,
            "warned": 0,
            "warned_about_original": 0,
            "phone_refused": 0,
            "refused": 0,
        }
        for kind in ("duplicate", "lookalike")
    }
    by_birth_date: dict[str, dict[str, int]] = {}
    by_error: dict[str, dict[str, int]] = {}
    timings, cpu = [], []
    for registration in registrations:
        record, tally = registration.record, counts[registration.kind]
        tally["registrations"] += 1
        fields = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "phone": record.phone,
            "birth_date": f"{record.birth_date:%d.%m.%Y}" if record.birth_date else "",
            "method": str(method.pk),
        }
        form = PersonRegistrationForm(fields, user=user)
        if set(form.errors) == {"phone"}:
            # The generator draws some numbers outside the ranges libphonenumber knows as
            # Danish; the form refuses them, and the caseworker registers her without one.
            tally["phone_refused"] += 1
            form = PersonRegistrationForm({**fields, "phone": ""}, user=user)
        if not form.is_valid():
            tally["refused"] += 1
            continue
        data = form.cleaned_data
        started, started_cpu = time.perf_counter(), time.process_time()
        found = possible_duplicates(
            user=user,
            municipality_id=municipality.pk,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=str(data["phone"] or ""),
            birth_date=data["birth_date"],
        )
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        warned = bool(found)
        about_original = ids[registration.original] in {person.pk for person in found}
        tally["warned"] += warned
        tally["warned_about_original"] += about_original
        group = by_birth_date.setdefault(
            f"{registration.kind}_{'with' if record.birth_date else 'without'}_birth_date",
            {"registrations": 0, "warned": 0},
        )
        group["registrations"] += 1
        group["warned"] += about_original if registration.kind == "duplicate" else warned
        if registration.kind == "duplicate":
            for error in _errors(record, registry[registration.original]):
                tally_error = by_error.setdefault(error, {"registrations": 0, "warned": 0})
                tally_error["registrations"] += 1
                tally_error["warned"] += about_original

    true, look = counts["duplicate"], counts["lookalike"]
    timings.sort()
    cpu.sort()
    return {
        "benchmark": "duplicate_warning",
        "seed": seed,
        "registry_people": len(registry),
        "true_duplicates": true,
        "lookalikes": look,
        "recall": round(true["warned_about_original"] / true["registrations"], 3),
        "false_alarm_rate": round(look["warned"] / look["registrations"], 3),
        "by_birth_date": by_birth_date,
        "duplicates_by_error": dict(sorted(by_error.items())),
        "warning_ms": _spread(timings),
        "warning_cpu_ms": _spread(cpu),
    }


def _spread(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 2),
        "p95": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "max": round(samples[-1], 2),
    }


def _errors(new: Record, known: Record) -> list[str]:
    """How a true duplicate differs from the record it duplicates (one may have several
    kinds; "exact copy" when name and birth date are written the same), so that recall can be
    read for the generator's errors and not only for copies."""

    def folded(text: str) -> str:
        return " ".join(text.casefold().split())

    errors = []
    if folded(new.first_name) != folded(known.first_name):
        errors.append("first name written otherwise")
    if folded(new.last_name) != folded(known.last_name):
        errors.append("last name written otherwise")
    if {folded(new.first_name), folded(new.last_name)} == {
        folded(known.first_name),
        folded(known.last_name),
    } and folded(new.first_name) != folded(known.first_name):
        errors.append("names swapped")
    if new.birth_date is None or known.birth_date is None:
        errors.append("birth date missing on one side")
    elif new.birth_date != known.birth_date:
        errors.append("birth date differs")
    if not _phone(new.phone) or not _phone(known.phone):
        errors.append("phone missing on one side")
    elif _phone(new.phone) != _phone(known.phone):
        errors.append("phone differs")
    if not any(error.startswith(("first", "last", "birth", "names")) for error in errors):
        errors.append("exact copy (name and birth date)")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duplicates", type=int, default=200)
    parser.add_argument("--lookalikes", type=int, default=200)
    parser.add_argument("--background", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    setup_django(scale=None)
    from django.db import connection

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.outreach.models import OutreachMethod
    from brobygger.partnerships.models import Municipality

    viborg = Municipality.objects.get(code="791")
    caseworker = User.objects.create_user(username="bench-caseworker", password="x")
    Membership.objects.create(user=caseworker, role=Role.CASEWORKER, municipality=viborg)
    result = run(
        user=caseworker,
        municipality=viborg,
        method=OutreachMethod.objects.filter(is_active=True).order_by("pk").first(),
        duplicates=arguments.duplicates,
        lookalikes=arguments.lookalikes,
        background=arguments.background,
        seed=arguments.seed,
    )
    result["database"] = connection.vendor
    RESULTS.mkdir(parents=True, exist_ok=True)
    size = result["registry_people"]
    name = "duplicate_warning" + (f"-{round(size, -3) // 1000}k" if size > BULK_ABOVE else "")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
