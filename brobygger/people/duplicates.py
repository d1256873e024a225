"""The duplicate warning's rule: when a new registration may be someone already registered.

Before a registration is saved, Brobygger finds the people of the same municipality (among
those the caseworker may see) who may be her, when they have

1. the same CPR number;
2. the same phone number;
3. a name word in common, compared by the search's romanisation key (``names.skeleton``: so
   "Aminah Husein" and "Amina Hussein" share both) of the romanised name (``names.romanise``:
   "فاطمة حسن" typed in Arabic script meets "Fatima Hassan"), and a birth date alike
   (``birth_dates_alike``), unless hers is 1 January (the date registered for many whose
   birthday is not known: thousands share it);
4. the same name, where every word of the shorter name matches a word of the other by its
   key, as the search would find her, whatever the birth date.

These rules alone warned about 20 % of the benchmark's look-alikes (one shared word and a
birth date alike, or the same name without a birth date). Now they only choose candidates,
with one more when a scorer decides:

5. the same birth date (not 1 January), whatever the name: a name the keys do not join
   ("Mehwish" / "Mevish"), as the engine's blocking on the date does.

It reads only the indexed keys (``PersonNameKey``, the phone, the CPR hash and the birth
date), never the whole registry: ``selectors._candidates`` asks each index for its rule, and
gives rule 4 its own cap, the nearest birth years first, so a common name in a national
registry does not push the duplicate out of the candidates. Without a scorer (the rule
alone) ``selectors.possible_duplicates`` runs rules 1-4 as one query. The decision is the
linkage model's (issue 20, "the same rules at the door"): the linkage app registers a scorer
(``register_scorer``) that compares the new record with each
candidate by the import's comparisons and weights, and the warning shows those at or above
the review threshold, the likeliest first, so that the warning and an import agree. The
benchmark ``benchmarks/duplicate_warning.py`` measures how often it warns about a true
duplicate and about a different person with a similar name, and how long it takes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .names import name_keys

if TYPE_CHECKING:
    from .models import Person

# The warning lists at most this many people; a first name alone without a birth date
# ("Fatima") can match many, and the caseworker then narrows it with a search.
MAX_SHOWN = 25
# At most this many candidates of the narrow rules are scored.
MAX_CANDIDATES = 200
# And at most this many people of the same name whatever the birth date, the nearest birth
# years first: the engine compares a common name only within a birth year.
MAX_SAME_NAME = 50

# (municipality id, the new record as a list row, the candidates) → each candidate worth a
# warning with its probability, the likeliest first.
Scorer = Callable[[int, dict[str, object], Sequence["Person"]], list[tuple["Person", float]]]
_scorers: list[Scorer] = []


def register_scorer(scorer: Scorer) -> None:
    """Called by the linkage app when it is ready (it sits above this app)."""
    if scorer not in _scorers:
        _scorers.append(scorer)


def scorer() -> Scorer | None:
    return _scorers[-1] if _scorers else None


def skeleton_keys(first_name: str, last_name: str = "") -> set[str]:
    """The stored romanisation keys ("s:<skeleton>") of a name, as the search keeps them."""
    return {key for key in name_keys(first_name, last_name) if key.startswith("s:")}


def birth_dates_alike(day: date) -> set[date]:
    """Dates that may be the same birth date written another way: the date itself, day and
    month swapped, one digit of the day, month or year within the century wrong, and
    1 January of the same year (the date registered for people whose birth date is not
    known). A registration dated 1 January matches the whole year: see the selector."""
    alike = {day, date(day.year, 1, 1)}
    if day.day <= 12:
        alike.add(date(day.year, day.day, day.month))
    digits = f"{day:%d%m%Y}"
    for position in (0, 1, 2, 3, 6, 7):  # not the century: nobody typing a date gets it wrong
        for digit in "0123456789":
            changed = digits[:position] + digit + digits[position + 1 :]
            try:
                alike.add(date(int(changed[4:]), int(changed[2:4]), int(changed[:2])))
            except ValueError:
                continue
    return alike
