"""Explaining the thresholds (issue 20 point 4): the spread of an import's scores, the
expected wrong and missed matches at each threshold, and the chart on the model page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.linkage import threshold
from brobygger.linkage.engine import Linkage
from brobygger.linkage.tests.factories import ImportBatchFactory
from brobygger.testing import Cast


def _scores(pairs: dict[int, list[float]]) -> dict[str, object]:
    bins: list[list[float]] = [[0, 0.0] for _ in range(threshold.BINS)]
    for index, probabilities in pairs.items():
        bins[index] = [len(probabilities), sum(probabilities)]
    return {"floor": threshold.FLOOR, "bins": bins}


def test_expected_mistakes_are_the_sums_of_the_probabilities() -> None:
    scores = _scores({10: [0.1, 0.1], 60: [0.6], 96: [0.96, 0.965], 99: [0.995]})
    rows = {
        row.threshold: row
        for row in threshold.expected(scores, (0.5, 0.99), match=0.95, review=0.6)
    }
    assert rows[0.5].pairs_above == 4
    assert rows[0.5].false_matches == pytest.approx(0.4 + 0.04 + 0.035 + 0.005)
    assert rows[0.5].missed_matches == pytest.approx(0.2)
    assert rows[0.95].current_match and rows[0.6].current_review
    assert rows[0.95].false_matches == pytest.approx(0.04 + 0.035 + 0.005)
    assert rows[0.95].missed_matches == pytest.approx(0.2 + 0.6)
    assert rows[0.99].pairs_above == 1


def test_the_histogram_counts_the_scored_pairs_of_the_list() -> None:
    rows = [
        ("1", {"first_name": "Fatima", "last_name": "Hassan", "birth_date": "1980-03-05"}),
        ("2", {"first_name": "Fatma", "last_name": "Hasan", "birth_date": "1980-03-05"}),
        ("3", {"first_name": "Fatima", "last_name": "Hassan", "birth_date": "1991-06-01"}),
    ]
    with Linkage(link_type="dedupe_only") as linkage:
        linkage.add("list", iter(rows))
        linkage.train()
        linkage.predict(threshold=threshold.FLOOR)
        kept = list(linkage.pairs(threshold=threshold.FLOOR))
        scores = threshold.histogram(linkage)
    assert sum(count for count, _p in scores["bins"]) == len(kept) > 0
    assert sum(p for _c, p in scores["bins"]) == pytest.approx(
        sum(pair.probability for pair in kept), abs=1e-5
    )


@pytest.mark.django_db
def test_the_model_page_draws_the_spread_with_both_thresholds(
    client: Client, cast: Cast, settings: object
) -> None:
    settings.LINKAGE_MATCH_THRESHOLD = 0.95  # type: ignore[attr-defined]
    settings.LINKAGE_REVIEW_THRESHOLD = 0.5  # type: ignore[attr-defined]
    batch = ImportBatchFactory(
        municipality=cast.viborg, scores=_scores({3: [0.03] * 40, 97: [0.97]})
    )
    client.force_login(cast.alice)
    page = client.get(reverse("linkage:model", kwargs={"batch_id": batch.pk})).content.decode()
    assert 'data-testid="threshold-chart"' in page
    assert page.count("<rect ") == 2
    assert 'data-testid="match-line"' in page and 'data-testid="review-line"' in page
    assert 'x1="600.8"' in page  # 0.95 of the plot: 8 + 0.95 × 624, never "600,8"
    table = page[page.index('data-testid="threshold-table"') :]
    assert "Forventede fejlgenkendelser over" in table
    assert "1,2" in table  # 40 × 0.03 missed below the review threshold


@pytest.mark.django_db
def test_an_import_without_scores_says_so(client: Client, cast: Cast) -> None:
    batch = ImportBatchFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    page = client.get(reverse("linkage:model", kwargs={"batch_id": batch.pk})).content.decode()
    assert 'data-testid="threshold-chart"' not in page
