"""A large synthetic list for the import fault test, with a truth that needs no linker.

Every person has her own CPR number, made by FACTS F2's rule for test numbers (a birth date
that is not 1 January, and a modulus-11 sum that is not 0), and her own surname, built from
syllables, so no two people of the list can be taken for one. Given names come from the
demo's name material. On top of that, a few rows repeat an earlier row (the same person twice
in the list: "duplicate") and a few have no first name ("rejected"). Nothing here is real.

    python tests/long/synthetic_list.py OUT.csv --rows 20000 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from brobygger.demo.names import NAMES  # noqa: E402  (plain data, no Django needed)

HEADER = ["Løbenr", "Fornavn", "Efternavn", "Fødselsdato", "CPR-nr", "Mobil", "Postnr", "By"]
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "v", "z", "j", "sh"]
VOWELS = ["a", "e", "i", "o", "u", "aa", "ei"]
CODAS = ["", "n", "r", "l", "m", "s"]
SHARE_DUPLICATES = 0.01
SHARE_REJECTED = 0.005


@dataclass
class SyntheticList:
    path: Path
    rows: int
    # the CPR numbers (10 digits) of the distinct people the list should create
    people: list[str] = field(default_factory=list)
    duplicates: int = 0
    rejected: int = 0


def _mod11(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11


def synthetic_cpr(birth: date, serial: int) -> str:
    """DDMMYY + a four-digit serial whose century digit fits the year and whose modulus-11
    sum is not 0 (FACTS F2: such numbers are not issued, so they cannot be anyone's)."""
    assert (birth.month, birth.day) != (1, 1)
    # Century digit 0-3 means 1900-1999 for any two-digit year.
    century_digit = 0 if birth.year < 2000 else 4
    for attempt in range(20):
        rest = (serial + attempt * 7919) % 1000
        number = f"{birth:%d%m%y}{century_digit}{rest:03d}"
        if _mod11(number) != 0:
            return number
    raise AssertionError("no synthetic serial found")


def _surnames(rng: random.Random) -> list[str]:
    syllables = [o + v + c for o, v, c in itertools.product(ONSETS, VOWELS, CODAS)]
    names = {
        (a + b + c).capitalize()
        for a, b, c in itertools.product(syllables[::7], syllables[::11], ["", "i", "ani", "ov"])
    }
    ordered = sorted(names)
    rng.shuffle(ordered)
    return ordered


def write_list(path: Path, *, rows: int, seed: int, postal_code: str = "8800") -> SyntheticList:
    rng = random.Random(seed)
    given = [
        variants[0] for female, male, _surnames in NAMES.values() for variants in (*female, *male)
    ]
    surnames = _surnames(rng)
    if len(surnames) < rows:
        raise ValueError(f"only {len(surnames)} distinct surnames for {rows} rows")
    result = SyntheticList(path=path, rows=rows)
    written: list[list[str]] = []
    used_cprs: set[str] = set()
    start = date(1962, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            list_id = str(100000 + number)
            draw = rng.random()
            if written and draw < SHARE_DUPLICATES:
                earlier = rng.choice(written)
                writer.writerow([list_id, *earlier[1:]])
                result.duplicates += 1
                continue
            if draw < SHARE_DUPLICATES + SHARE_REJECTED:
                writer.writerow([list_id, "", surnames[number - 1], "", "", "", postal_code, ""])
                result.rejected += 1
                continue
            while True:
                birth = start + timedelta(days=rng.randrange(40 * 365))
                if (birth.month, birth.day) == (1, 1):
                    continue
                cpr = synthetic_cpr(birth, rng.randrange(1000))
                if cpr not in used_cprs:
                    break
            used_cprs.add(cpr)
            phone = f"{rng.choice('2345678')}{rng.randrange(10_000_000):07d}"
            row = [
                list_id,
                rng.choice(given),
                surnames[number - 1],
                birth.strftime("%d-%m-%Y"),
                f"{cpr[:6]}-{cpr[6:]}",
                phone if rng.random() < 0.7 else "",
                postal_code,
                "Viborg",
            ]
            writer.writerow(row)
            written.append(row)
            result.people.append(cpr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    made = write_list(args.out, rows=args.rows, seed=args.seed)
    print(
        f"{made.rows} rows: {len(made.people)} people, {made.duplicates} repeated rows, "
        f"{made.rejected} rejected rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
