"""The same rules at the door (issue 20 point 5): the registration's duplicate warning and the
public form score their candidates with the linkage model, and agree with `brobygger link`."""

from __future__ import annotations

import csv
import math
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from brobygger.languages.models import DANISH, Language
from brobygger.linkage import door
from brobygger.linkage.models import DuplicateCandidate
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.people import duplicates
from brobygger.people.contacts import interest_submit
from brobygger.people.models import Person
from brobygger.people.selectors import (
    _candidates,
    possible_duplicates,
    registry_count,
    registry_rows,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "first_name", "last_name", "birth_date", "cpr", "phone", "email", "address",
           "postal_code", "city")  # fmt: skip


def _people() -> dict[str, Person]:
    return {
        "same": PersonFactory(
            first_name="Fatima", last_name="Al-Hassan", birth_date=date(1980, 3, 5)
        ),
        "other_spelling": PersonFactory(
            first_name="Fatma", last_name="Alhassan", birth_date=date(1980, 5, 3)
        ),
        "namesake": PersonFactory(
            first_name="Fatima", last_name="Al-Hassan", birth_date=date(1993, 11, 20)
        ),
        "stranger": PersonFactory(
            first_name="Amina", last_name="Warsame", birth_date=date(1979, 10, 30)
        ),
    }


def _write(path: Path, rows: list[tuple[str, dict[str, object]]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for identifier, row in rows:
            writer.writerow([identifier] + [row.get(column) or "" for column in COLUMNS[1:]])
    return path


def test_the_warning_and_brobygger_link_give_a_pair_the_same_probability_and_decision(
    cast: Cast, tmp_path: Path
) -> None:
    people = _people()
    new: dict[str, object] = {
        "first_name": "Fatima",
        "last_name": "Alhasan",
        "birth_date": date(1980, 3, 5),
        "cpr": "",
        "phone": "",
    }
    registry = [(str(pk), row) for pk, row in registry_rows(municipality_id=cast.viborg.pk)]
    left = _write(tmp_path / "new.csv", [("new", new)])
    right = _write(tmp_path / "registry.csv", registry)
    out = tmp_path / "pairs.csv"
    call_command("link", str(left), str(right), "--out", str(out), "--threshold", "0",
                 stdout=StringIO())  # fmt: skip
    with out.open(encoding="utf-8") as handle:
        linked = {
            row["right_id"]: float(row["match_probability"]) for row in csv.DictReader(handle)
        }
    assert {str(people["same"].pk), str(people["namesake"].pk)} <= set(linked)

    at_door = {
        found.unique_id: found.probability
        for found in door.score(
            new,
            [(key, row) for key, row in registry if key in linked],
            trained=None,
            registry_size=registry_count(municipality_id=cast.viborg.pk),
        )
    }
    assert at_door == pytest.approx(linked, abs=1e-5)

    warned = possible_duplicates(
        user=cast.alice,
        municipality_id=cast.viborg.pk,
        first_name="Fatima",
        last_name="Alhasan",
        birth_date=date(1980, 3, 5),
    )
    review = settings.LINKAGE_REVIEW_THRESHOLD
    assert {person.pk for person in warned} == {
        int(key) for key, probability in linked.items() if probability >= review
    }
    assert people["same"] in warned
    assert people["stranger"] not in warned
    # In a registry of four a namesake is likely too (the prior is 0.3 in 4); in a national
    # one she is not: the same name and another birth date then stay below the threshold.
    namesake = dict(registry)[str(people["namesake"].pk)]
    assert linked[str(people["namesake"].pk)] >= review
    national = door.score(new, [("n", namesake)], trained=None, registry_size=100_000)
    assert national[0].probability < review


def test_the_warning_shows_the_likeliest_first(cast: Cast) -> None:
    people = _people()
    warned = possible_duplicates(
        user=cast.alice,
        municipality_id=cast.viborg.pk,
        first_name="Fatima",
        last_name="Al-Hassan",
        birth_date=date(1980, 3, 5),
    )
    assert warned[0] == people["same"]


def test_a_sign_up_on_the_public_form_like_someone_known_waits_in_the_review_queue(
    cast: Cast,
) -> None:
    known = PersonFactory(first_name="Fatima", last_name="Al-Hassan", phone="+4520123456")
    stranger = PersonFactory(first_name="Amina", last_name="Warsame", phone="+4540123456")
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg,
        title="Plakater",
        planned_on=timezone.localdate(),
        method=OutreachMethod.objects.first(),
        campaign_code="abcdefgh",
        campaign_active=True,
    )
    signed = interest_submit(
        activity=activity,
        name="Fatima Al-Hassan",
        phone="+4520123456",
        language=Language.objects.get(code=DANISH),
        consent_text="Ja",
    )
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {known.pk, signed.pk}
    assert pair.probability >= settings.LINKAGE_REVIEW_THRESHOLD
    assert pair.evidence["household"][0] == "same phone or e-mail"
    assert pair.batch is None
    assert not DuplicateCandidate.objects.filter(person_a=stranger).exists()
    assert not DuplicateCandidate.objects.filter(person_b=stranger).exists()


def test_levels_follow_the_models_order_of_conditions() -> None:
    found = door.levels(
        {"first_name": "Fatima", "last_name": "Hassan", "birth_date": "1980-03-05"},
        [
            ("a", {"first_name": "Fatima", "last_name": "Hassan", "birth_date": "1980-03-05"}),
            ("b", {"first_name": "Hassan", "last_name": "Fatima", "birth_date": "1980-05-03"}),
            ("c", {"first_name": "Fatima", "last_name": "", "birth_date": ""}),
        ],
    )
    assert found["a"]["fn"] == "same spelling" and found["a"]["dob"] == "same date"
    assert found["b"]["fn"] == "first and last name swapped"
    assert found["b"]["dob"] == "day and month swapped"
    assert found["c"]["ln"] == "missing" and found["c"]["dob"] == "missing"


def test_an_exact_name_weighs_by_its_frequency_in_a_large_registry() -> None:
    """Splink's term-frequency adjustment, as the import applies it from TF_MIN_ROWS rows:
    the weight of "same spelling" becomes log2(m / the name's share)."""
    names = door.frequencies(
        [("Fatima", "Hassan")] * 600 + [("Somayeh", "Kazemi")] + [("Amina", "Ali")] * 1400
    )
    new: dict[str, object] = {"first_name": "Fatima", "last_name": "Kazemi"}
    known = [("k", {"first_name": "Fatima", "last_name": "Kazemi"})]
    [found] = door.score(new, known, trained=None, registry_size=names.people, names=names)
    m = 0.55  # the prior m of "same spelling" (model.COMPARISONS)
    fatima, kazemi = names.share("fn", "fatima"), names.share("ln", "kazemi")
    assert fatima == pytest.approx(601 / 2002) and kazemi == pytest.approx(2 / 2002)
    assert found.evidence["fn"] == ("same spelling", round(math.log2(m / fatima), 2))
    assert found.evidence["ln"] == ("same spelling", round(math.log2(m / kazemi), 2))
    # A rare surname says more than the average name, a common first name less.
    plain = door.score(new, known, trained=None, registry_size=names.people)[0]
    assert found.evidence["ln"][1] > plain.evidence["ln"][1]
    assert found.evidence["fn"][1] < plain.evidence["fn"][1]
    # Below the size where the engine uses term frequencies, neither does the door.
    small = door.frequencies([("Fatima", "Hassan")] * 10)
    [few] = door.score(new, known, trained=None, registry_size=small.people, names=small)
    assert few.evidence == door.score(new, known, trained=None, registry_size=10)[0].evidence


def test_candidates_reach_a_misspelt_name_and_a_namesake_among_many(cast: Cast) -> None:
    """The same birth date finds a name the keys do not join; among more namesakes than the
    cap, the one born nearest comes first."""
    misspelt = PersonFactory(first_name="Mevish", last_name="Begum", birth_date=date(1983, 6, 24))
    for year in range(1999 - duplicates.MAX_SAME_NAME - 10, 1999):
        PersonFactory(first_name="Sahra", last_name="Ahmed", birth_date=date(year, 5, 1))
    nearest = PersonFactory(first_name="Sahra", last_name="Ahmed", birth_date=date(2001, 4, 7))
    people = Person.objects.filter(municipality=cast.viborg)

    found = _candidates(people, cast.viborg.pk, "Mehwish", "Begum", cpr="", phone="",
                        birth_date=date(1983, 6, 24))  # fmt: skip
    assert misspelt in found
    found = _candidates(people, cast.viborg.pk, "Sahra", "Ahmed", cpr="", phone="",
                        birth_date=date(2003, 9, 20))  # fmt: skip
    assert nearest == found[0]
    assert len(found) == duplicates.MAX_SAME_NAME
