"""Reads of the referral links, through the access policy."""

from __future__ import annotations

from django.db import models

from brobygger.accounts.access import AnyUser, get_visible_or_404

from .link_models import ReferralLink


def link_list(*, user: AnyUser) -> models.QuerySet[ReferralLink]:
    """The links of the municipalities where she works with people, those in use first."""
    return (
        ReferralLink.objects.visible_to(user)
        .select_related("municipality", "organisation", "method", "owner")
        .order_by(models.F("revoked_at").desc(nulls_first=True), "label", "id")
    )


def link_get(*, user: AnyUser, pk: int) -> ReferralLink:
    return get_visible_or_404(link_list(user=user), user=user, pk=pk)
