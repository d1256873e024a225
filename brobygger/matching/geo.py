"""Great-circle distances, one pair at a time or every pair of two lists at once."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .profiles import Location

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: Location | None, b: Location | None) -> float | None:
    """Haversine distance in km, or None when either location is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def unit_vectors(locations: Sequence[Location | None]) -> np.ndarray:
    """Points on the unit sphere (n × 3); NaN rows for unknown locations."""
    points = np.radians(
        np.array(
            [loc if loc is not None else (np.nan, np.nan) for loc in locations], dtype=np.float64
        ).reshape(-1, 2)
    )
    lat, lon = points[:, 0], points[:, 1]
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)


def chord_km(squared_chord: np.ndarray) -> np.ndarray:
    """Great-circle km from squared chords between unit vectors."""
    chord = np.sqrt(np.maximum(squared_chord, 0.0))
    km: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))
    return km


def distance_matrix(
    left: Sequence[Location | None], right: Sequence[Location | None]
) -> np.ndarray:
    """Great-circle km of every left with every right location; NaN where one is unknown.

    Through the chord between points on the unit sphere, so the grid is one matrix product.
    It agrees with ``distance_km`` to within a metre (the chord of two nearby points loses
    digits), which is nothing for travel limits of kilometres.
    """
    a, b = unit_vectors(left), unit_vectors(right)
    return chord_km(2.0 - 2.0 * (a @ b.T))
