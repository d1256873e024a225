"""Danish free text compared by TF-IDF over Snowball stems.

"regnskab", "regnskaber" and "regnskabet" share the stem "regnskab", so a volunteer who
writes "jeg har lavet regnskaber i 20 år" meets an association that "mangler hjælp til
regnskabet". The TF-IDF weights are fitted once per batch, on the texts of both sides, so a
word that everybody writes ("hjælpe", "gerne") weighs little in that municipality's batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer

# Snowball's Danish stop word list, plus a few words every profile text contains.
_STOP_WORDS = """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
    end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis
    din nogle hos blive mange ad bliver hendes været thi jer sådan
    kan gerne får få godt går lidt
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*")
_STEMMER = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def analyse(text: str) -> list[str]:
    """Lower-cased words without Danish stop words, each reduced to its Snowball stem."""
    return [
        _stem(word)
        for word in _WORD.findall(text.lower())
        if word not in STOP_WORDS and len(word) > 1
    ]


def similarity_matrix(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of every left text with every right text, in [0, 1].

    The vocabulary and inverse document frequencies are fitted on both sides together. An
    empty text (or a batch with no words at all) is similar to nothing.
    """
    result = np.zeros((len(left), len(right)))
    if not left or not right:
        return result
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform([*left, *right])
    except ValueError:  # empty vocabulary: no text has a single word
        return result
    product: np.ndarray = (matrix[: len(left)] @ matrix[len(left) :].T).toarray()
    clipped: np.ndarray = np.clip(product, 0.0, 1.0, out=product)
    return clipped


def similarity(a: str, b: str) -> float:
    """The similarity of two texts on their own (weights fitted on just the two)."""
    return float(similarity_matrix([a], [b])[0, 0])
