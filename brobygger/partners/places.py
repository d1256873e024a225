"""The places a partner offers, used up and freed (issue 17, point 2): internship places and
course seats by open enrolments whose provider it is (the intervention's ``capacity_kind``
says which), mentor slots by the active mentorships of its volunteers.

Each partner keeps what is used in a counter column beside what it offers, and a check
constraint refuses a counter above the offer (an offer of 0 means nothing was agreed, and
nothing is counted against it). The counters are counted again, never incremented blindly:
whenever an enrolment or a mentorship is saved or deleted, the partners it touched are
locked (``select_for_update``, in the order of their ids) and their counters set to what the
rows say, inside the same transaction. So a save that would overfill a partner is refused by
the database, the form shows why, and nothing of it is saved.

``enrolments`` and ``mentorships`` reach this module through model signals (``partners``
connects them when it starts), so every writer (the enrolment form, the attendance at a
session, the matching) is covered without importing ``partners``."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from .models import Mentorship, MentorshipStatus, Organisation

INTERNSHIP = "internship"
COURSE = "course"
# The counter of each kind of place, and the offer it is held against.
COUNTERS = {
    "places_used": ("internship_places", INTERNSHIP),
    "seats_used": ("course_seats", COURSE),
    "mentor_slots_used": ("mentor_slots", None),
}


class CapacityExceeded(ValidationError):
    """A save would use more places than the partner offers."""


def _enrolment_model() -> Any:
    return Organisation._meta.get_field("enrolments").related_model


def _used(kind: str | None) -> Coalesce:
    """The subquery that counts what a partner (``OuterRef("pk")``) uses of one kind."""
    if kind is None:
        rows = Mentorship.objects.filter(
            volunteer__organisation=OuterRef("pk"), status=MentorshipStatus.ACTIVE
        ).values("volunteer__organisation")
    else:
        rows = (
            _enrolment_model()
            .objects.filter(
                provider=OuterRef("pk"),
                ended_on__isnull=True,
                intervention_type__capacity_kind=kind,
            )
            .values("provider")
        )
    counted = rows.order_by().annotate(used=Count("pk")).values("used")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


def places_recount(organisation_ids: Iterable[int | None], *, raise_offers: bool = False) -> None:
    """Count again what the partners use, under a lock on their rows; a partner that would
    be overfilled raises ``CapacityExceeded`` (the database refused it). ``raise_offers``
    raises an offer to what is used instead (the demo, which writes enrolments in bulk)."""
    ids = sorted({pk for pk in organisation_ids if pk is not None})
    if not ids:
        return
    locked = Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    list(locked.values_list("pk", flat=True))
    partners = Organisation.objects.filter(pk__in=ids)
    if raise_offers:
        for offer, kind in COUNTERS.values():
            partners.filter(~Q(**{offer: 0})).update(**{offer: Greatest(F(offer), _used(kind))})
    try:
        with transaction.atomic():
            partners.update(
                **{counter: _used(kind) for counter, (_offer, kind) in COUNTERS.items()}
            )
    except IntegrityError:
        raise _exceeded(ids) from None


def _exceeded(ids: list[int]) -> CapacityExceeded:
    """Which partner is full, in words (counted without saving)."""
    rows = Organisation.objects.filter(pk__in=ids).annotate(
        **{f"would_{counter}": _used(kind) for counter, (_offer, kind) in COUNTERS.items()}
    )
    for partner in rows:
        for counter, (offer, _kind) in COUNTERS.items():
            offered, used = getattr(partner, offer), getattr(partner, f"would_{counter}")
            if offered and used > offered:
                return CapacityExceeded(
                    _("%(partner)s has no free place left: it offers %(offered)s %(what)s.")
                    % {
                        "partner": partner.name,
                        "offered": offered,
                        "what": getattr(Organisation._meta.get_field(offer), "verbose_name", ""),
                    }
                )
    return CapacityExceeded(_("The partner has no free place left."))


# Where each model that uses places points at its partner.
PARTNER_PATHS = {
    "interventions.enrolment": "provider_id",
    "partners.mentorship": "volunteer__organisation_id",
    "partners.volunteer": "organisation_id",
}
# What a row pointed at before its save: the partners to count again after it.
_before = threading.local()


def _partner_of(instance: Any) -> int | None:
    path = PARTNER_PATHS[instance._meta.label_lower].split("__")
    value = instance
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value  # type: ignore[no-any-return]


def before_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    stored = None
    if instance.pk:
        path = PARTNER_PATHS[sender._meta.label_lower]
        stored = sender.objects.filter(pk=instance.pk).values_list(path, flat=True).first()
    pending: dict[int, int | None] = getattr(_before, "partners", {})
    pending[id(instance)] = stored
    _before.partners = pending


def after_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    stored = getattr(_before, "partners", {}).pop(id(instance), None)
    places_recount([stored, _partner_of(instance)])


def after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted row frees its place (a deleted partner has nothing to count)."""
    places_recount([_partner_of(instance)])


def receivers_connect() -> None:
    """Connect the counting to every model that uses places (``PartnersConfig.ready``)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    for label in PARTNER_PATHS:
        pre_save.connect(before_save, sender=label, dispatch_uid=f"places-before-{label}")
        post_save.connect(after_save, sender=label, dispatch_uid=f"places-after-{label}")
        post_delete.connect(after_delete, sender=label, dispatch_uid=f"places-delete-{label}")
