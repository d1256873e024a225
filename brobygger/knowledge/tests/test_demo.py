"""The demo step: stories and a survey round with results in every demo municipality."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from brobygger.knowledge.models import MethodEntry, StoryStatus, SuccessStory, Survey
from brobygger.knowledge.selectors import MIN_RESPONSES, survey_results
from brobygger.partnerships.models import Municipality

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple[str, str, str]]:
    return list(
        SuccessStory.objects.order_by("municipality__code", "title").values_list(
            "municipality__code", "title", "status"
        )
    )


def test_demo_shares_knowledge_in_every_municipality() -> None:
    call_command("demo", "--scale", "small", "--seed", "5")
    first = _snapshot()
    call_command("demo", "--scale", "small", "--seed", "5")

    assert _snapshot() == first  # deterministic, and the old demo rows are gone
    today = timezone.localdate()
    for municipality in Municipality.objects.filter(code__in=["791", "766", "510", "760"]):
        stories = SuccessStory.objects.filter(municipality=municipality)
        assert stories.filter(status=StoryStatus.PUBLISHED).count() >= 2
        assert stories.filter(status=StoryStatus.DRAFT).exists()
        closed = Survey.objects.get(municipality=municipality, closes_on__lt=today)
        results = survey_results(survey=closed, today=today)
        assert results.shown and results.response_count >= MIN_RESPONSES
        assert Survey.objects.filter(municipality=municipality, closes_on__gte=today).exists()
    assert MethodEntry.objects.filter(partnership__isnull=False).count() == 1
    assert MethodEntry.objects.filter(partnership__isnull=True).count() >= 8
