"""Reads of the privacy app, each starting from the access policy."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404
from brobygger.accounts.selectors import municipalities_where
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person

from .models import DataSubjectRequest, PurgeRun

# Art. 12(3): without undue delay and within one month.
ANSWER_DEADLINE_DAYS = 30


def request_person_get(*, user: AnyUser, pk: int) -> Person:
    """A person whose access or erasure request the user may answer (an erased or merged
    record is no longer anyone's to answer for: 404)."""
    people = Person.objects.visible_to(
        user, Permission.ANSWER_DATA_SUBJECT_REQUESTS
    ).select_related("municipality")
    return get_visible_or_404(people, user=user, pk=pk)


def request_list(*, user: AnyUser) -> models.QuerySet[DataSubjectRequest]:
    """Answered requests of the municipalities where the user sees the privacy records."""
    return (
        DataSubjectRequest.objects.visible_to(user)
        .select_related("municipality")
        .order_by("-answered_at", "-id")
    )


def answered_late(request: DataSubjectRequest) -> bool:
    deadline: date = request.received_on + timedelta(days=ANSWER_DEADLINE_DAYS)
    return timezone.localdate(request.answered_at) > deadline


def register_municipalities(*, user: AnyUser) -> list[Municipality]:
    """The controllers the user's register speaks for: her municipalities, or all (admin)."""
    return list(municipalities_where(user, Permission.VIEW_PRIVACY_RECORDS))


def purge_run_list() -> models.QuerySet[PurgeRun]:
    """Purge runs hold counts only; the view checks MANAGE_CONFIGURATION or the records."""
    return PurgeRun.objects.select_related("actor").order_by("-started_at", "-id")


# System reads of the privacy machinery (no user: the purge, and a service that has already
# checked the actor's permission). They are here, beside the access policy's readers.


def records_merged_into(person: Person) -> list[Person]:
    """Records merged into hers: the same human, kept hidden while the merge stands."""
    return list(Person.objects.filter(merged_into=person).order_by("pk"))


def person_locked(pk: int) -> Person:
    """The person's row, locked for the rest of the transaction."""
    return Person.objects.select_for_update().get(pk=pk)


def people_for_retention(municipality: Municipality) -> models.QuerySet[Person]:
    """The municipality's records the retention rules apply to (not erased, not merged)."""
    return Person.objects.filter(
        municipality=municipality, erased_at__isnull=True, merged_into__isnull=True
    )


def municipalities_in_use() -> list[Municipality]:
    """The municipalities that hold people or imported lists (an installation of 98 has a few
    in use; the purge need not look at the others)."""
    from brobygger.linkage.models import ImportRow

    return list(
        Municipality.objects.filter(
            models.Exists(Person.objects.filter(municipality=models.OuterRef("pk")))
            | models.Exists(ImportRow.objects.filter(batch__municipality=models.OuterRef("pk")))
        ).order_by("code")
    )
