"""The knowledge start page, and the migration that seeds the shared catalogue."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from brobygger.knowledge.models import MethodEntry
from brobygger.partnerships.models import Partnership
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("brobygger.knowledge.migrations.0002_seed_library")


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_start_page_lists_the_users_libraries(client: Client, cast: Cast) -> None:
    viborg_only = Partnership.objects.create(
        name="Viborg alene", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    viborg_only.municipalities.set([cast.viborg])
    library = reverse("knowledge:library", kwargs={"partnership_id": viborg_only.pk})

    client.force_login(cast.alice)
    page = client.get(reverse("knowledge:home")).content.decode()
    assert page.count('data-testid="library-card"') == 2 and library in page
    assert reverse("knowledge:story-create") in page
    assert reverse("knowledge:home") in page  # the menu entry

    client.force_login(cast.charlie)
    page = client.get(reverse("knowledge:home")).content.decode()
    assert page.count('data-testid="library-card"') == 1 and library not in page

    client.force_login(cast.eva)
    page = client.get(reverse("knowledge:home")).content.decode()
    assert page.count('data-testid="library-card"') == 1
    assert reverse("knowledge:story-create") not in page
    assert reverse("knowledge:survey-list") not in page


def test_the_seed_migration_is_repeatable_and_reversible(cast: Cast) -> None:
    seeded = MethodEntry.objects.exclude(seed_key="")
    count = seeded.count()
    entry = seeded.get(seed_key="frivilligt-mentorkorps")
    entry.summary = "Redigeret af en administrator."
    entry.save()
    own = MethodEntry.objects.create(partnership=cast.partnership, title="Egen", summary="x")

    seed_migration.seed(apps, None)  # again: nothing doubled, nothing overwritten
    assert seeded.count() == count
    assert seeded.get(seed_key="frivilligt-mentorkorps").summary == "Redigeret af en administrator."

    seed_migration.unseed(apps, None)
    assert not seeded.exists() and MethodEntry.objects.filter(pk=own.pk).exists()
    seed_migration.seed(apps, None)
    assert seeded.count() == count == len(seed_migration.ENTRIES)
