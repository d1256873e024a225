"""The rate limiter's counts (the one model of the ground)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from brobygger.core.models import RateLimitCount


class RateLimitCountFactory(factory.django.DjangoModelFactory):
    """Hits on one key in the window under way; ``ended=True`` for a window that is over."""

    class Meta:
        model = RateLimitCount

    key = factory.Sequence(lambda n: f"{n:064x}")
    window_start = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda c: c.window_start + timedelta(minutes=1))
    count = 1

    class Params:
        ended = factory.Trait(
            window_start=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
        )
