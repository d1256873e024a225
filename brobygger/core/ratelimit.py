"""A small fixed-window rate limit for anonymous endpoints (the public forms).

The counts live in the database (``RateLimitCount``), so every worker process and every app
server behind the load balancer counts the same hits: a per-process count would let a client
multiply its limit by the number of processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitCount


def allow(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one hit on ``key``; False once ``limit`` hits have been counted in this window."""
    now = timezone.now()
    start = int(now.timestamp()) // window_seconds * window_seconds
    window_start = datetime.fromtimestamp(start, tz=UTC)
    digest = salted_hmac("brobygger.ratelimit", key, algorithm="sha256").hexdigest()
    counts = RateLimitCount.objects.filter(key=digest, window_start=window_start)
    with transaction.atomic():
        # One UPDATE ... SET count = count + 1: two processes never lose each other's hit.
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCount.objects.create(
                        key=digest,
                        window_start=window_start,
                        expires_at=window_start + timedelta(seconds=window_seconds),
                        count=1,
                    )
            except IntegrityError:  # another process began the window first
                counts.update(count=F("count") + 1)
            else:
                # A new window began: the ended ones are of no further use.
                RateLimitCount.objects.filter(expires_at__lt=now).delete()
        hits = counts.values_list("count", flat=True).get()
    return hits <= limit


def allow_client(request: HttpRequest, scope: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one submission of a public form (``scope``) from the request's client address.

    The address is REMOTE_ADDR: behind a proxy, the proxy must set it to the client's address
    (as for the access log); a forwarded header a client can write itself is never trusted."""
    address = request.META.get("REMOTE_ADDR", "")
    return allow(f"{scope}:{address}", limit=limit, window_seconds=window_seconds)
