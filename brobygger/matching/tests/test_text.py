"""Danish text: stems, stop words, TF-IDF similarity, and keys suggested from free text."""

from __future__ import annotations

import numpy as np
import pytest

from brobygger.matching import taxonomy
from brobygger.matching.text import analyse, similarity, similarity_matrix


def test_inflections_share_a_stem():
    assert set(analyse("regnskab regnskaber regnskabet regnskaberne")) == {"regnskab"}
    assert set(analyse("bogføring bogføringen")) == {"bogføring"}


def test_stop_words_and_numbers_are_dropped():
    assert analyse("Jeg vil gerne hjælpe med det i 2026!") == ["hjælp"]
    assert analyse("") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("regnskab", "regnskaber"),
        ("bogføring", "bogføringen"),
        ("Vi mangler hjælp til regnskabet", "Jeg har lavet regnskaber i mange år"),
    ],
)
def test_inflected_words_are_similar(a, b):
    assert similarity(a, b) > 0.15


def test_unrelated_texts_are_not_similar():
    assert similarity("regnskab", "fodbold") == 0
    assert similarity("", "regnskab") == 0
    assert similarity("og i jeg", "det at en") == 0


def test_the_best_text_ranks_first():
    need = ["Foreningen mangler en kasserer og hjælp til regnskabet og bogføringen"]
    offers = [
        "Vi træner fodbold for børn hver onsdag",
        "Vi har erfaring med regnskaber, bogføring og budgetter",
        "Vi søger fonde til sommerlejre",
    ]
    scores = similarity_matrix(need, offers)[0]
    assert scores.shape == (3,)
    assert int(np.argmax(scores)) == 1
    assert np.all((scores >= 0) & (scores <= 1))


def test_empty_batches():
    assert similarity_matrix([], ["regnskab"]).shape == (0, 1)
    assert similarity_matrix(["", ""], ["", ""]).tolist() == [[0, 0], [0, 0]]


def test_the_taxonomy_covers_seed_002():
    organisation = taxonomy.keys("organisation")
    for key in [
        "accounting",
        "project_management",
        "supervision",
        "volunteer_recruitment",
        "housing_cooperation",
        "coach_training",
        "communication",
        "fundraising",
        "it",
        "legal",
    ]:
        assert key in organisation
    assert len(taxonomy.BY_KEY) == len(taxonomy.TERMS)
    assert all(term.da and term.en for term in taxonomy.TERMS)


def test_keys_are_suggested_from_danish_text():
    text = "Foreningen mangler hjælp til regnskabet og bogføringen"
    assert taxonomy.detect(text, "organisation") == {"accounting"}
    assert "coach_training" in taxonomy.detect("Vi vil uddanne flere trænere")
    assert taxonomy.detect("") == frozenset()
