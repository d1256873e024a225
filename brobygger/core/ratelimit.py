"""A small fixed-window rate limit on the cache, for anonymous endpoints (the public forms).

With the default local-memory cache each server process counts for itself; behind several
processes, point CACHES at a shared cache (database or Redis) to count across them."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


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


def allow_client(request: HttpRequest, scope: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one submission of a public form (``scope``) from the request's client address.

    The address is REMOTE_ADDR: behind a proxy, the proxy must set it to the client's address
    (as for the access log); a forwarded header a client can write itself is never trusted."""
    address = request.META.get("REMOTE_ADDR", "")
    return allow(f"{scope}:{address}", limit=limit, window_seconds=window_seconds)
