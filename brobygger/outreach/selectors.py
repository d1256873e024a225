"""Reads of outreach activities and methods, narrowed by the access policy; the texts per
language (with their fall-back to Danish) and the municipalities' public profiles."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from django.db import models
from django.utils import timezone

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.languages.models import DANISH, Language
from brobygger.languages.selectors import language_list
from brobygger.partnerships.models import Municipality

from .models import (
    ActivityStatus,
    LetterTemplate,
    MunicipalityProfile,
    OutreachActivity,
    OutreachLocation,
    PublicFormText,
)

T = TypeVar("T", PublicFormText, LetterTemplate)


def activity_list(
    *,
    user: AnyUser,
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> models.QuerySet[OutreachActivity]:
    activities = OutreachActivity.objects.visible_to(user).select_related(
        "method", "responsible", "municipality", "partner"
    )
    if status in ActivityStatus.values:
        activities = activities.filter(status=status)
    if date_from:
        activities = activities.filter(planned_on__gte=date_from)
    if date_to:
        activities = activities.filter(planned_on__lte=date_to)
    return activities.annotate(people_found=models.Count("sources", distinct=True))


def activity_get(*, user: AnyUser, pk: int) -> OutreachActivity:
    return get_visible_or_404(activity_list(user=user), user=user, pk=pk)


def activities_by_week(
    activities: models.QuerySet[OutreachActivity],
) -> OrderedDict[tuple[int, int], list[OutreachActivity]]:
    """The plan view's grouping: ISO year and week number → that week's activities."""
    weeks: OrderedDict[tuple[int, int], list[OutreachActivity]] = OrderedDict()
    for activity in activities.order_by("planned_on", "id"):
        year, week, _day = activity.planned_on.isocalendar()
        weeks.setdefault((year, week), []).append(activity)
    return weeks


def activity_choices(
    *, user: AnyUser, municipality_id: int | None = None, around: date
) -> models.QuerySet[OutreachActivity]:
    """Activities a registration can be attributed to: not cancelled, within two months."""
    from datetime import timedelta

    activities = activity_list(
        user=user, date_from=around - timedelta(days=61), date_to=around + timedelta(days=61)
    ).exclude(status=ActivityStatus.CANCELLED)
    if municipality_id is not None:
        activities = activities.filter(municipality_id=municipality_id)
    return activities


def location_list(*, user: AnyUser) -> models.QuerySet[OutreachLocation]:
    since = timezone.localdate() - timedelta(days=30)
    return (
        OutreachLocation.objects.visible_to(user)
        .select_related("municipality")
        .annotate(
            named_visits=models.Count(
                "visits",
                filter=models.Q(visits__occurred_on__gte=since, visits__person__isnull=False),
            ),
            anonymous_visits=models.Sum(
                "visits__anonymous_count", filter=models.Q(visits__occurred_on__gte=since)
            ),
        )
    )


def location_get(*, user: AnyUser, pk: int) -> OutreachLocation:
    return get_visible_or_404(location_list(user=user), user=user, pk=pk)


@dataclass(frozen=True)
class InLanguage(Generic[T]):
    """A text asked for in ``language``: the one found, which is the Danish one when the
    language has none (``is_fallback``; staff pages say so, public pages do not)."""

    language: Language
    text: T

    @property
    def is_fallback(self) -> bool:
        return self.text.language_id != self.language.pk


def public_form_languages() -> models.QuerySet[Language]:
    """The languages the public form offers: in use, and with texts of their own."""
    return language_list().filter(public_form_text__isnull=False)


def public_form_text(language: Language) -> InLanguage[PublicFormText]:
    """The public form's texts in ``language``, or in Danish where it has none."""
    text = PublicFormText.objects.select_related("language").filter(language=language).first()
    if text is None:
        text = PublicFormText.objects.select_related("language").get(language__code=DANISH)
    return InLanguage(language=language, text=text)


def letter_versions(template: LetterTemplate) -> dict[str, LetterTemplate]:
    """The versions in use of the letter with ``template``'s name, by language code (one query
    for a whole letter run)."""
    return {
        letter.language.code: letter
        for letter in LetterTemplate.objects.select_related("language").filter(
            name=template.name, is_active=True
        )
    }


def letter_in_language(
    template: LetterTemplate,
    language: Language | None,
    versions: dict[str, LetterTemplate] | None = None,
) -> LetterTemplate:
    """The letter with ``template``'s name in ``language`` (in use), else its Danish version,
    else ``template`` itself (``versions``: ``letter_versions(template)``, when known)."""
    siblings = letter_versions(template) if versions is None else versions
    if language is not None and language.code in siblings:
        return siblings[language.code]
    return siblings.get(DANISH, template)


def letter_choices() -> models.QuerySet[LetterTemplate]:
    """The letters to choose from: one entry per letter (its Danish version where it has
    one); each person gets the letter in her own language."""
    active = LetterTemplate.objects.filter(is_active=True).select_related("language")
    danish_names = active.filter(language__code=DANISH).values("name")
    return active.filter(
        models.Q(language__code=DANISH) | ~models.Q(name__in=danish_names)
    ).order_by("name", "language__position")


@dataclass(frozen=True)
class LanguageTexts:
    """One language's row on the texts page: its public form text and its letters."""

    language: Language
    form_text: PublicFormText | None
    letters: list[LetterTemplate]


def texts_by_language() -> list[LanguageTexts]:
    """Every language with its texts and their review; a missing text is None (Danish is
    used for it)."""
    forms = {t.language_id: t for t in PublicFormText.objects.select_related("approved_by")}
    letters: dict[int, list[LetterTemplate]] = {}
    for letter in LetterTemplate.objects.select_related("approved_by").order_by("name"):
        letters.setdefault(letter.language_id, []).append(letter)
    return [
        LanguageTexts(
            language=language,
            form_text=forms.get(language.pk),
            letters=letters.get(language.pk, []),
        )
        for language in language_list(active_only=False)
    ]


def profile_for(municipality: Municipality) -> MunicipalityProfile:
    """The municipality's public profile; an empty one (unsaved) when none is set."""
    return MunicipalityProfile.objects.filter(municipality=municipality).first() or (
        MunicipalityProfile(municipality=municipality)
    )


def profile_municipalities() -> models.QuerySet[Municipality]:
    """The municipalities that are in a partnership (those that run campaigns), with their
    profile when they have one."""
    return (
        Municipality.objects.filter(partnerships__isnull=False)
        .distinct()
        .select_related("public_profile")
        .order_by("name")
    )
