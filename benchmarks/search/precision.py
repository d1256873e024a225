"""Search precision at 10 and recall per query family on the demo (issue 16).

    .venv/bin/python benchmarks/search/precision.py [--scale national] [--database-url URL]

The demo's people are named from its own name table (``brobygger/demo/names.py``), where each
entry lists the spellings of one name ("Hussein", "Husain", "Hussain"). A query's relevant
people are those whose first or last name is a spelling of the query's name: of an entry
that lists the query, and of the entries that share a spelling with it ("Hussein" is in the
Syrian, Iraqi, Turkish and Pakistani entries). A family's averages leave out a query that
has no relevant person for the user (the table has no "Mahmoud"; Copenhagen may have no
"Fatima Al-Hassan"): its row shows what it found. Each query is
searched through the search's selector, in its order, by two users: a caseworker of
Copenhagen (municipality 101, who sees her municipality's people, as the list does) and a
user with caseworker access to all 98 municipalities.

* precision at 10: the share of the first ten results (or of all, when fewer) that are
  relevant;
* recall: the share of the relevant people that the search finds at all;
* found: how many people the search lists.

A family is a set of queries that ought to find the same people ("Al-Hassan", "Alhassan",
"El Hassan"); the figures are printed per query and averaged per family. With
``--database-url`` the demo already in that database is used (its search keys are rebuilt
first, so that they are the current code's); otherwise a new SQLite file is loaded at
``--scale``. Results go to benchmarks/results/search_precision-<scale>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from _harness import RESULTS, setup_django  # noqa: E402

FAMILIES: dict[str, list[str]] = {
    "Hussein": ["Hussein", "Husain", "Hussain"],
    "Hassan": ["Hassan", "Hasan", "Xasan"],
    "Al-Hassan": ["Al-Hassan", "Alhassan", "El Hassan"],
    "Mohammed": ["Mohamed", "Mohammed", "Muhammad", "Maxamed"],
    "Fatima": ["Fatima", "Fatma", "Fatimah"],
    "Zainab": ["Zainab", "Zaynab", "Zeinab"],
    "Mahmoud (not in the demo)": ["Mahmoud"],
    "two words": ["Fatima Al-Hassan", "Hodan Warsame", "Malee Srisuk"],
}


def _entries() -> list[tuple[str, ...]]:
    from brobygger.demo.names import NAMES

    return [entry for lists in NAMES.values() for entries in lists for entry in entries]


def relevant_spellings(name: str) -> set[str]:
    """Every spelling of the entries of the demo's name table that list ``name``, and of the
    entries that share a spelling with those ("Mohamed" → the Syrian and Somali entries →
    "Mohammad" of the Afghan entry → …): the spellings of one name."""
    spellings = {name}
    while True:
        grown = {s for entry in _entries() if spellings & set(entry) for s in entry}
        if grown <= spellings:
            return spellings if any(name in entry for entry in _entries()) else set()
        spellings |= grown


def relevant_people(query: str) -> set[int]:
    """People who have, for every name of the query, a first or last name that is one of its
    spellings. A query is one name when the table lists it whole ("El Hassan")."""
    from brobygger.people.models import Person

    names = [query] if relevant_spellings(query) else query.split()
    people: set[int] | None = None
    for name in names:
        spellings = relevant_spellings(name)
        ids = set(Person.objects.filter(first_name__in=spellings).values_list("pk", flat=True))
        ids |= set(Person.objects.filter(last_name__in=spellings).values_list("pk", flat=True))
        people = ids if people is None else people & ids
    return people or set()


def rekey() -> None:
    from brobygger.people.models import Person, PersonNameKey
    from brobygger.people.names import name_keys

    PersonNameKey.objects.all().delete()
    batch: list[PersonNameKey] = []
    rows = Person.objects.values_list("pk", "first_name", "last_name", "name_variants")
    for person_id, first, last, variants in rows.iterator(chunk_size=5000):
        batch.extend(
            PersonNameKey(person_id=person_id, key=k) for k in name_keys(first, last, variants)
        )
        if len(batch) >= 20_000:
            PersonNameKey.objects.bulk_create(batch)
            batch = []
    PersonNameKey.objects.bulk_create(batch)


def measure(user: Any, query: str) -> dict[str, Any]:
    from brobygger.people.selectors import person_list

    relevant = relevant_people(query)
    started = time.perf_counter()
    found = list(person_list(user=user, query=query).values_list("pk", flat=True))
    elapsed = (time.perf_counter() - started) * 1000
    visible = relevant & set(
        person_list(user=user).filter(pk__in=relevant).values_list("pk", flat=True)
    )
    first = found[:10]
    return {
        "found": len(found),
        "relevant": len(visible),
        "precision_at_10": round(sum(p in visible for p in first) / len(first), 3)
        if first
        else None,
        "recall": round(len(visible & set(found)) / len(visible), 3) if visible else None,
        "ms": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        database = setup_django(scale=None)
        rekey()
    else:
        database = setup_django(scale=args.scale)
    from brobygger.accounts.models import Membership, Role, User
    from brobygger.partnerships.models import Municipality
    from brobygger.people.models import Person

    everywhere, created = User.objects.get_or_create(
        username="bench-all", defaults={"is_demo": True}
    )
    if created:
        Membership.objects.bulk_create(
            Membership(user=everywhere, role=Role.CASEWORKER, municipality=m)
            for m in Municipality.objects.all()
        )
    caseworker = User.objects.get(username="cw-101" if args.scale == "national" else "cw-791")
    result: dict[str, Any] = {
        "benchmark": "search_precision",
        "database": database,
        "scale": args.scale,
        "people": Person.objects.count(),
        "caseworker": caseworker.username,
    }
    for label, user in [("caseworker", caseworker), ("all_municipalities", everywhere)]:
        families: dict[str, Any] = {}
        for family, queries in FAMILIES.items():
            rows = {query: measure(user, query) for query in queries}
            precisions = [
                r["precision_at_10"]
                for r in rows.values()
                if r["precision_at_10"] is not None and r["relevant"]
            ]
            recalls = [r["recall"] for r in rows.values() if r["recall"] is not None]
            families[family] = {
                "precision_at_10": round(sum(precisions) / len(precisions), 3)
                if precisions
                else None,
                "recall": round(sum(recalls) / len(recalls), 3) if recalls else None,
                "queries": rows,
            }
        result[label] = families
    phone = measure(caseworker, "20 12 34 56")
    result["phone_query_20_12_34_56_found"] = phone["found"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"search_precision-{args.scale}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
