"""Reads of the methods library, the success stories and the attitude surveys, each starting
from the access policy (``brobygger.accounts.access``).

Who reads what:

* the library of a partnership: whoever may open the partnership (VIEW_PARTNERSHIP);
* a story: a published one the whole partnership of its municipality, a draft only where the
  reader holds SHARE_KNOWLEDGE (the municipality's staff; the coordinator, whose scope is every
  member municipality);
* a survey: the staff of its municipality (any municipal role, to answer) and the holders of
  VIEW_AGGREGATES for the municipality (the results: the municipal lead, the coordinator and
  the steering group).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from brobygger.accounts.access import (
    AnyUser,
    Permission,
    get_visible_or_404,
    has_permission,
    memberships_of,
    partnership_ids_visible_to,
    scope_for,
)
from brobygger.accounts.models import MUNICIPAL_ROLES
from brobygger.accounts.selectors import municipalities_where, partnership_get, partnership_list
from brobygger.partnerships.models import Municipality, Partnership

from .models import (
    PLACEMENT_MAX,
    PLACEMENT_MIN,
    Archetype,
    MethodEntry,
    PickKind,
    StoryStatus,
    SuccessStory,
    Survey,
    SurveyParticipation,
    SurveyStatement,
)

# Small-group suppression: a survey's results are shown from this many answers.
MIN_RESPONSES = 5


# The methods library ---------------------------------------------------------------------


def library_partnerships(*, user: AnyUser) -> models.QuerySet[Partnership]:
    return partnership_list(user=user)


def library_sizes(*, partnerships: Iterable[Partnership]) -> dict[int, int]:
    """How many entries each partnership's library lists (``MethodEntryQuerySet.library_of``),
    counted for all of them at once: the shared catalogue and the partnership's own entries,
    less the entries it has adapted."""
    ids = [p.pk for p in partnerships]
    shared = set(MethodEntry.objects.filter(partnership__isnull=True).values_list("pk", flat=True))
    own: dict[int, set[int]] = {pk: set() for pk in ids}
    adapted: dict[int, set[int]] = {pk: set() for pk in ids}
    for partnership_id, pk, based_on in MethodEntry.objects.filter(partnership__in=ids).values_list(
        "partnership_id", "pk", "based_on_id"
    ):
        own[partnership_id].add(pk)
        if based_on is not None:
            adapted[partnership_id].add(based_on)
    return {pk: len((shared | own[pk]) - adapted[pk]) for pk in ids}


def method_entry_list(
    *, user: AnyUser, partnership: Partnership, category: str = "", tag: str = ""
) -> models.QuerySet[MethodEntry]:
    """The partnership's library (the caller has fetched the partnership through the policy)."""
    entries = MethodEntry.objects.library_of(partnership.pk).select_related("outreach_method")
    if category:
        entries = entries.filter(category=category)
    if tag:
        entries = entries.filter(tags__icontains=tag)
    return entries


def method_entry_get(
    *, user: AnyUser, partnership_id: int, entry_id: int
) -> tuple[Partnership, MethodEntry]:
    """An entry as part of one partnership's library: 404 for a partnership the user may not
    open, and for another partnership's entry."""
    partnership = partnership_get(user=user, pk=partnership_id)
    entries = MethodEntry.objects.of_partnership(partnership.pk).select_related(
        "outreach_method", "based_on", "created_by", "updated_by"
    )
    return partnership, get_visible_or_404(entries, user=user, pk=entry_id)


def method_entry_adaptation(*, partnership: Partnership, entry: MethodEntry) -> MethodEntry | None:
    """The partnership's own version of a shared entry, if it has one."""
    if not entry.is_shared:
        return None
    return MethodEntry.objects.filter(partnership=partnership, based_on=entry).first()


def may_share_in_partnership(user: AnyUser, partnership: Partnership) -> bool:
    """SHARE_KNOWLEDGE in a member municipality (the coordinator: in all of them)."""
    scope = scope_for(user, Permission.SHARE_KNOWLEDGE)
    if scope.everywhere:
        return True
    return any(scope.allows(m.pk) for m in partnership.municipalities.all())


def may_edit_entry(user: AnyUser, partnership: Partnership, entry: MethodEntry) -> bool:
    """The shared catalogue is kept by administrators, like the other catalogues; a
    partnership's own entries by those who share knowledge in it."""
    if entry.is_shared:
        return has_permission(user, Permission.MANAGE_CONFIGURATION)
    return entry.partnership_id == partnership.pk and may_share_in_partnership(user, partnership)


def may_see_method_figures(user: AnyUser) -> bool:
    """The same rule as the method-effectiveness page of the partnership."""
    return has_permission(user, Permission.VIEW_AGGREGATES)


# Success stories ---------------------------------------------------------------------------


def story_list(
    *, user: AnyUser, municipality_id: int | None = None
) -> models.QuerySet[SuccessStory]:
    partnerships = partnership_ids_visible_to(user)
    members = Municipality.objects.filter(partnerships.q("partnerships")).values("pk")
    drafts = scope_for(user, Permission.SHARE_KNOWLEDGE).q("municipality")
    stories = SuccessStory.objects.filter(
        Q(status=StoryStatus.PUBLISHED, municipality__in=members) | drafts
    ).select_related("municipality")
    if municipality_id is not None:
        stories = stories.filter(municipality_id=municipality_id)
    return stories


def story_get(*, user: AnyUser, pk: int) -> SuccessStory:
    stories = story_list(user=user).select_related(
        "consent_recorded_by", "created_by", "updated_by"
    )
    return get_visible_or_404(stories, user=user, pk=pk)


def may_write_story(user: AnyUser, municipality_id: int) -> bool:
    return has_permission(user, Permission.SHARE_KNOWLEDGE, municipality_id=municipality_id)


# Attitude surveys --------------------------------------------------------------------------


def staff_municipality_ids(user: AnyUser) -> frozenset[int]:
    """The municipalities where the user is staff (any municipal role): where she answers."""
    return frozenset(
        m.municipality_id
        for m in memberships_of(user)
        if m.role in MUNICIPAL_ROLES and m.municipality_id is not None
    )


def survey_list(*, user: AnyUser) -> models.QuerySet[Survey]:
    staff = staff_municipality_ids(user)
    results = scope_for(user, Permission.VIEW_AGGREGATES)
    return Survey.objects.filter(
        Q(municipality_id__in=sorted(staff)) | results.q("municipality")
    ).select_related("municipality")


def survey_get(*, user: AnyUser, pk: int) -> Survey:
    return get_visible_or_404(survey_list(user=user), user=user, pk=pk)


def surveys_to_answer(*, user: AnyUser, today: date | None = None) -> list[Survey]:
    """Open surveys of the user's municipalities that she has not answered yet."""
    today = today or timezone.localdate()
    user_id = user.pk if user.is_authenticated else None
    if user_id is None:
        return []
    answered = SurveyParticipation.objects.filter(user_id=user_id).values("survey")
    return list(
        Survey.objects.filter(
            municipality_id__in=sorted(staff_municipality_ids(user)),
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .exclude(pk__in=answered)
        .select_related("municipality")
        .order_by("closes_on")
    )


def has_answered(user: AnyUser, survey: Survey) -> bool:
    user_id = user.pk if user.is_authenticated else None
    if user_id is None:
        return False
    return SurveyParticipation.objects.filter(survey=survey, user_id=user_id).exists()


def may_answer(user: AnyUser, survey: Survey, today: date) -> bool:
    return survey.municipality_id in staff_municipality_ids(user) and survey.is_open(today)


def may_see_results(user: AnyUser, survey: Survey) -> bool:
    return has_permission(user, Permission.VIEW_AGGREGATES, municipality_id=survey.municipality_id)


def may_run_surveys(user: AnyUser, municipality_id: int | None = None) -> bool:
    """Opening a round is for who both shares knowledge and reads the results there: the
    municipal lead for her municipality, the coordinator for the member municipalities."""
    return has_permission(
        user, Permission.SHARE_KNOWLEDGE, municipality_id=municipality_id
    ) and has_permission(user, Permission.VIEW_AGGREGATES, municipality_id=municipality_id)


def survey_municipalities(*, user: AnyUser) -> models.QuerySet[Municipality]:
    """Where the user may open a survey round."""
    return municipalities_where(user, Permission.SHARE_KNOWLEDGE) & municipalities_where(
        user, Permission.VIEW_AGGREGATES
    )


@dataclass
class StatementResult:
    statement: SurveyStatement
    most: int = 0
    least: int = 0


@dataclass
class SurveyResults:
    """The aggregate of a survey: how often each statement was picked, and the self-placement
    spread. ``shown`` is False when the round is still open or has too few answers."""

    response_count: int
    shown: bool
    closed: bool
    statements: list[StatementResult] = field(default_factory=list)
    placements: list[tuple[int, int]] = field(default_factory=list)
    archetypes: list[tuple[str, int, int]] = field(default_factory=list)
    mean_placement: float | None = None

    @property
    def too_few(self) -> bool:
        return self.response_count < MIN_RESPONSES


def survey_results(*, survey: Survey, today: date | None = None) -> SurveyResults:
    """The results, shown only when the round has closed and has at least ``MIN_RESPONSES``
    answers. Waiting for the close stops anyone from watching the figures move after one
    colleague's answer; the minimum stops a small team's answers from being told apart."""
    today = today or timezone.localdate()
    count = survey.responses.count()
    closed = survey.is_closed(today)
    results = SurveyResults(
        response_count=count, shown=closed and count >= MIN_RESPONSES, closed=closed
    )
    if not results.shown:
        return results
    statements = survey.statements.annotate(
        most=Count("picks", filter=Q(picks__kind=PickKind.MOST)),
        least=Count("picks", filter=Q(picks__kind=PickKind.LEAST)),
    ).order_by("position", "pk")
    results.statements = [StatementResult(s, s.most, s.least) for s in statements]
    spread = Counter(dict(survey.responses.values_list("self_placement").annotate(n=Count("pk"))))
    results.placements = [
        (value, spread.get(value, 0)) for value in range(PLACEMENT_MIN, PLACEMENT_MAX + 1)
    ]
    results.mean_placement = sum(v * n for v, n in spread.items()) / count
    for archetype in Archetype:
        rows = [r for r in results.statements if r.statement.archetype == archetype]
        results.archetypes.append(
            (str(archetype.label), sum(r.most for r in rows), sum(r.least for r in rows))
        )
    return results
