"""A small fixed-window rate limit on the cache, for anonymous endpoints (the public forms).

With the default local-memory cache each server process counts for itself; behind several
processes, point CACHES at a shared cache (database or Redis) to count across them."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one hit on ``key``; False once ``limit`` hits have been counted in this window."""
    window = int(time.time() // window_seconds)
    bucket = f"ratelimit:{key}:{window}"
    if cache.add(bucket, 1, timeout=window_seconds * 2):
        return True
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds * 2)
        return True
    return hits <= limit
