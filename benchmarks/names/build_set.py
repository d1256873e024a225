"""Build the Arabic-script test set (``arabic_names.csv``) from a name list we did not write.

    python benchmarks/names/build_set.py PATH/TO/dict_FINAL.json

The source is ``dict_FINAL.json`` of the PyPI package ``arabnamer`` 0.1.3 (data licence
CC-BY-4.0, © Elsayed Yousef; built by its author from the European Commission's JRC-Names,
machine translation and a manual audit): 22,797 Latin spellings, each with the Arabic
spelling of the name. Get it with ``pip download --no-deps arabnamer==0.1.3`` and unzip the
wheel; it is read, not installed. This script makes these changes:

* the spellings are grouped by their Arabic form; a form is kept when it has at least two
  Latin spellings (a name with common variants, which is what a caseworker meets), is
  written in Arabic letters only and has one word;
* the spellings with the article as "il"/"ul" ("il hassan", "ulhassan"), which the source
  generated mechanically for every "al" name, are left out; "al" and "el" stay;
* each form is put in the tuning or the report half by a hash of its Arabic spelling, so the
  rows the engine was tuned on are not the rows reported.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
GENERATED_ARTICLE = re.compile(r"^(il|ul)[ -]?")


def split_of(arabic: str) -> str:
    return "tune" if hashlib.sha256(arabic.encode()).digest()[0] % 2 == 0 else "report"


def main(source: Path) -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for latin, arabic in json.loads(source.read_text(encoding="utf-8")).items():
        if ARABIC_WORD.match(arabic) and not GENERATED_ARTICLE.match(latin):
            spellings[arabic].add(latin)
    rows = sorted((arabic, sorted(latin)) for arabic, latin in spellings.items() if len(latin) >= 2)
    with (HERE / "arabic_names.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["arabic", "latin", "split"])
        for arabic, latin in rows:
            writer.writerow([arabic, "|".join(latin), split_of(arabic)])
    counts = defaultdict(int)
    for arabic, _ in rows:
        counts[split_of(arabic)] += 1
    print(f"{len(rows)} names: {dict(counts)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
