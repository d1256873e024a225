"""Romanised search recall on the Arabic-script test set (issue 16).

    .venv/bin/python benchmarks/names/arabic_recall.py

Every name of ``arabic_names.csv`` (built by ``build_set.py`` from a name list we did not
write: see there) is registered as a person whose first name is typed in Arabic script, through
the writer of people (``people_create``), so her search keys are the application's. Then each
of the name's Latin spellings is searched through the search's selector, as a caseworker of
her municipality, and counted as found when the person is among the results, and as found
first when she is among the first ten (the first page of the list shows 25).

Figures per half: the ``tune`` rows are the ones the romanisation rules were looked at
against, the ``report`` rows are the ones quoted in the README. A name counts once per
spelling ("pair"); "every spelling" is the share of names found by all their spellings.
Results are printed and written to benchmarks/results/names_arabic_recall.json.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from _harness import RESULTS, setup_django  # noqa: E402


def main() -> None:
    setup_django(scale=None)
    from brobygger.accounts.models import Membership, Role, User
    from brobygger.outreach.models import OutreachMethod
    from brobygger.partnerships.models import Municipality
    from brobygger.people.selectors import person_list
    from brobygger.people.services import NewPerson, Origin, people_create, person_build

    rows = list(csv.DictReader((HERE / "arabic_names.csv").open(encoding="utf-8")))
    municipality = Municipality.objects.get(code="791")
    user = User.objects.create_user(username="bench-names", password="x", is_demo=True)
    Membership.objects.create(user=user, role=Role.CASEWORKER, municipality=municipality)
    people = [
        person_build(NewPerson(first_name=row["arabic"]), municipality=municipality) for row in rows
    ]
    origin = Origin(method=OutreachMethod.objects.get(name="Bydelsmødre"))
    people_create(people, actor=None, origin=origin, username="benchmark")

    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: dict[str, list[str]] = defaultdict(list)
    for row, person in zip(rows, people, strict=True):
        counts = tally[row["split"]]
        counts["names"] += 1
        found_all = True
        for spelling in row["latin"].split("|"):
            found = list(person_list(user=user, query=spelling).values_list("pk", flat=True))
            counts["pairs"] += 1
            if person.pk in found:
                counts["found"] += 1
                counts["found_in_first_10"] += person.pk in found[:10]
            else:
                found_all = False
                misses[row["split"]].append(
                    f"{row['arabic']} ({person.first_name_latin}) ← {spelling}"
                )
        counts["every_spelling"] += found_all
    result: dict[str, Any] = {"benchmark": "names_arabic_recall", "source": "arabnamer 0.1.3"}
    for split, counts in sorted(tally.items()):
        result[split] = {
            **counts,
            "recall": round(counts["found"] / counts["pairs"], 3),
            "recall_first_10": round(counts["found_in_first_10"] / counts["pairs"], 3),
            "names_found_by_every_spelling": round(counts["every_spelling"] / counts["names"], 3),
            "misses_sample": misses[split][:40],
            "_misses": misses[split] if "--all-misses" in sys.argv else [],
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "names_arabic_recall.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    print(json.dumps({k: v for k, v in result.items()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
