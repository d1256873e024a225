"""The review queue teaches the model (issue 20 point 3): the reviewers' decisions counted
per level, their undo taken back, and m re-estimated at the next import behind a safeguard."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.linkage import learning, review
from brobygger.linkage.engine import Linkage
from brobygger.linkage.models import ReviewLabelCount
from brobygger.linkage.selectors import review_labels
from brobygger.linkage.tests.factories import DuplicateCandidateFactory, ImportBatchFactory
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _counts(municipality_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (row.comparison, row.level): (row.same, row.different)
        for row in ReviewLabelCount.objects.filter(municipality_id=municipality_id)
        if row.same or row.different
    }


def test_a_decision_counts_its_levels_and_its_undo_takes_them_back(cast: Cast) -> None:
    a = PersonFactory(first_name="Fatima", last_name="Al-Hassan", birth_date=date(1980, 3, 5))
    b = PersonFactory(first_name="Fatma", last_name="Alhassan", birth_date=date(1980, 3, 5))
    c = PersonFactory(first_name="Fatima", last_name="Al-Hassan", birth_date=date(1991, 8, 1))
    same = DuplicateCandidateFactory(municipality=cast.viborg, person_a=a, person_b=b)
    different = DuplicateCandidateFactory(municipality=cast.viborg, person_a=a, person_b=c)

    review.candidate_decide(actor=cast.alice, candidate=same, decision="same")
    review.candidate_decide(actor=cast.alice, candidate=different, decision="different")

    counts = _counts(cast.viborg.pk)
    assert counts[("dob", "same date")] == (1, 0)
    assert counts[("dob", "different")] == (0, 1)
    assert counts[("fn", "same spelling")] == (0, 1)
    assert same.levels["fn"] != "same spelling"
    labels = review_labels(municipality_id=cast.viborg.pk)
    assert (labels.same, labels.different) == (1, 1)

    review.candidate_undo(actor=cast.alice, candidate=same)
    counts = _counts(cast.viborg.pk)
    assert ("dob", "same date") not in counts
    assert counts[("dob", "different")] == (0, 1)
    assert review_labels(municipality_id=cast.viborg.pk).same == 0


def test_later_teaches_nothing(cast: Cast) -> None:
    candidate = DuplicateCandidateFactory(municipality=cast.viborg)
    review.candidate_decide(actor=cast.alice, candidate=candidate, decision="later")
    assert not _counts(cast.viborg.pk)


ROWS = [
    ("1", {"first_name": "Fatima", "last_name": "Hassan", "birth_date": "1980-03-05"}),
    ("2", {"first_name": "Fatma", "last_name": "Hasan", "birth_date": "1980-03-05"}),
    ("3", {"first_name": "Amina", "last_name": "Warsame", "birth_date": "1979-10-30"}),
    ("4", {"first_name": "Amina", "last_name": "Warsame", "birth_date": "1979-01-01"}),
]


def _labels(same: int, different: int) -> learning.Labels:
    """``same`` pairs at "same date" and ``different`` at "different", in the date only."""
    return learning.Labels(
        counts={("dob", "same date"): (same, 0), ("dob", "different"): (0, different)},
        min_labels=50,
        min_each=10,
        weight=100.0,
    )


def _trained(labels: learning.Labels) -> tuple[Linkage, dict[str, float]]:
    linkage = Linkage(link_type="dedupe_only")
    linkage.add("list", iter(ROWS))
    linkage.train(labels=labels)
    dob = next(c for c in linkage.model_json()["comparisons"] if c["output_column_name"] == "dob")
    m = {
        level["label_for_charts"]: level["m_probability"]
        for level in dob["comparison_levels"]
        if not level.get("is_null_level")
    }
    return linkage, m


def test_too_few_labels_leave_the_model_as_trained() -> None:
    linkage, m = _trained(_labels(same=45, different=4))
    assert linkage.learning is not None
    assert not linkage.learning.applied
    assert linkage.learning.changes == []
    assert m["same date"] == pytest.approx(0.8)  # the prior of model.py
    linkage.close()


def test_enough_labels_move_m_towards_their_estimate() -> None:
    linkage, m = _trained(_labels(same=60, different=20))
    assert linkage.learning is not None and linkage.learning.applied
    # All 60 labelled matches were at "same date": m = (60 + 100 × 0.8) / (60 + 100).
    assert m["same date"] == pytest.approx((60 + 100 * 0.8) / 160)
    assert m["different"] == pytest.approx(100 * 0.04 / 160)
    change = next(c for c in linkage.learning.changes if c.level == "same date")
    assert (change.before, change.labels) == (pytest.approx(0.8), 60)
    # The names had no labels: their m is as trained.
    assert not [c for c in linkage.learning.changes if c.comparison == "fn"]
    linkage.close()


def test_the_estimate_is_splinks_m_from_pairwise_labels() -> None:
    """With no weight on the trained m the blend is Splink's own estimate from the same
    labelled pairs (``estimate_m_from_pairwise_labels``)."""
    import pyarrow as pa

    from brobygger.linkage import door

    pairs = [("1", "2"), ("3", "4")]
    by_id = dict(ROWS)
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for left, right in pairs:
        for comparison, level in door.levels(by_id[left], [(right, by_id[right])])[right].items():
            same, _d = counts.get((comparison, level), (0, 0))
            counts[(comparison, level)] = (same + 1, 0)
    counts[("fn", "different")] = (0, 12)  # "different" pairs pass the safeguard
    ours = Linkage(link_type="dedupe_only")
    ours.add("list", iter(ROWS))
    ours.train(labels=learning.Labels(counts=counts, min_labels=1, min_each=1, weight=0.0))
    splinks = Linkage(link_type="dedupe_only")
    splinks.add("list", iter(ROWS))
    splinks.train()
    table = pa.table(
        {
            "source_dataset_l": ["list"] * 2,
            "unique_id_l": [left for left, _r in pairs],
            "source_dataset_r": ["list"] * 2,
            "unique_id_r": [right for _l, right in pairs],
        }
    )
    splinks.con.register("labels", table)
    splinks._linker.training.estimate_m_from_pairwise_labels("labels")
    for mine, theirs in zip(
        ours.model_json()["comparisons"], splinks.model_json()["comparisons"], strict=True
    ):
        for level, other in zip(
            mine["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            if level.get("is_null_level") or level.get("fix_m_probability"):
                continue
            if counts.get((mine["output_column_name"], level["label_for_charts"]), (0, 0))[0]:
                assert level["m_probability"] == pytest.approx(other["m_probability"]), level
    ours.close()
    splinks.close()


def test_the_model_page_shows_each_change_or_why_there_was_none(client: Client, cast: Cast) -> None:
    changed = ImportBatchFactory(
        municipality=cast.viborg,
        learning={
            "same": 60,
            "different": 20,
            "min_labels": 50,
            "min_each": 10,
            "applied": True,
            "changes": [
                {
                    "comparison": "dob",
                    "title": "Date of birth",
                    "level": "same date",
                    "labels": 60,
                    "before": 0.8,
                    "after": 0.875,
                }
            ],
        },
    )
    held = ImportBatchFactory(
        municipality=cast.viborg,
        learning={
            "same": 3,
            "different": 1,
            "min_labels": 50,
            "min_each": 10,
            "applied": False,
            "changes": [],
        },
    )
    client.force_login(cast.alice)
    page = client.get(reverse("linkage:model", kwargs={"batch_id": changed.pk})).content.decode()
    assert 'data-testid="learning-table"' in page
    assert "Fødselsdato" in page and "0,8000" in page and "0,8750" in page
    page = client.get(reverse("linkage:model", kwargs={"batch_id": held.pk})).content.decode()
    assert 'data-testid="learning-held-back"' in page
    assert 'data-testid="learning-table"' not in page
