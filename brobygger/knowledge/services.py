"""Writes of the methods library, the success stories and the attitude surveys.

Each is check → do → log, inside one transaction; a ValidationError leaves nothing saved."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.core.inputs import as_values, from_object
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality, Partnership

from .models import (
    PLACEMENT_MAX,
    PLACEMENT_MIN,
    MethodEntry,
    PickKind,
    StoryStatus,
    SuccessStory,
    Survey,
    SurveyParticipation,
    SurveyPick,
    SurveyResponse,
    SurveyStatement,
)
from .selectors import (
    may_edit_entry,
    may_run_surveys,
    may_share_in_partnership,
    staff_municipality_ids,
)
from .statements import PICKS_PER_SIDE, SEED_001_STATEMENTS


@dataclass(frozen=True, kw_only=True)
class MethodEntryData:
    """What the library's services write of an entry: the idea, how to do it, its pros and
    cons, and the outreach method whose figures are shown with it."""

    title: str
    category: str
    tags: str = ""
    summary: str
    steps: str = ""
    pros: str = ""
    cons: str = ""
    resources: str = ""
    source: str = ""
    outreach_method: OutreachMethod | None = None


@dataclass(frozen=True, kw_only=True)
class SuccessStoryData:
    """What the story services write: the story, whether it is published, and the consent."""

    title: str
    text: str
    status: str = StoryStatus.DRAFT
    consent_given_on: date | None = None
    consent_method: str = ""
    consent_scope: str = ""


@dataclass(frozen=True, kw_only=True)
class SurveyData:
    """What the survey services write of a round: its title and when it is open."""

    title: str
    opens_on: date
    closes_on: date


@transaction.atomic
def method_entry_create(
    *, actor: User, partnership: Partnership, data: MethodEntryData
) -> MethodEntry:
    """A new entry of the partnership's own library."""
    require_permission(actor, Permission.SHARE_KNOWLEDGE)
    if not may_share_in_partnership(actor, partnership):
        raise PermissionDenied
    entry = MethodEntry(partnership=partnership, created_by=actor, updated_by=actor)
    return record_save(actor=actor, record=entry, data=data)


@transaction.atomic
def method_entry_update(
    *, actor: User, partnership: Partnership, entry: MethodEntry, data: MethodEntryData
) -> MethodEntry:
    """Change an entry: the partnership's own, or (administrators) the shared catalogue's."""
    if not may_edit_entry(actor, partnership, entry):
        raise PermissionDenied
    current = MethodEntry.objects.select_for_update().get(pk=entry.pk)
    current.updated_by = actor
    return record_save(actor=actor, record=current, data=data)


@transaction.atomic
def method_entry_adapt(*, actor: User, partnership: Partnership, entry: MethodEntry) -> MethodEntry:
    """Copy a shared entry into the partnership's library, where its members may change it;
    the copy takes the shared entry's place there. Adapting twice returns the first copy."""
    require_permission(actor, Permission.SHARE_KNOWLEDGE)
    if not may_share_in_partnership(actor, partnership):
        raise PermissionDenied
    if not entry.is_shared:
        raise ValidationError(_("Only entries of the shared catalogue can be adapted."))
    existing = MethodEntry.objects.filter(partnership=partnership, based_on=entry).first()
    if existing is not None:
        return existing
    copy = MethodEntry(partnership=partnership, based_on=entry, created_by=actor, updated_by=actor)
    return record_save(actor=actor, record=copy, data=from_object(MethodEntryData, entry))


CONSENT_FIELDS = ("consent_given_on", "consent_method", "consent_scope")


@transaction.atomic
def success_story_create(
    *, actor: User, municipality: Municipality, data: SuccessStoryData
) -> SuccessStory:
    require_permission(actor, Permission.SHARE_KNOWLEDGE, municipality_id=municipality.pk)
    story = SuccessStory(municipality=municipality, created_by=actor)
    return _story_save(actor, story, data)


@transaction.atomic
def success_story_update(
    *, actor: User, story: SuccessStory, data: SuccessStoryData
) -> SuccessStory:
    require_permission(actor, Permission.SHARE_KNOWLEDGE, municipality_id=story.municipality_id)
    # Lock the row and start from what is stored: a form may have changed the instance.
    current = SuccessStory.objects.select_for_update().get(pk=story.pk)
    return _story_save(actor, current, data)


def _story_save(actor: User, story: SuccessStory, data: SuccessStoryData) -> SuccessStory:
    """Whoever changes the consent is recorded as having recorded it; a story published now
    gets today's date. Validation (``SuccessStory.clean``) refuses publishing without consent."""
    before = [getattr(story, field) for field in CONSENT_FIELDS]
    was_published = story.pk is not None and story.status == StoryStatus.PUBLISHED
    for name, value in as_values(data).items():
        setattr(story, name, value)
    after = [getattr(story, field) for field in CONSENT_FIELDS]
    if after != before:
        story.consent_recorded_by = actor if any(after) else None
    if story.status == StoryStatus.PUBLISHED and not was_published:
        story.published_on = timezone.localdate()
    elif story.status == StoryStatus.DRAFT:
        story.published_on = None
    story.updated_by = actor
    return record_save(
        actor=actor,
        record=story,
        data=data,
        municipality_id=story.municipality_id,
    )


@transaction.atomic
def survey_create(
    *,
    actor: User,
    municipality: Municipality,
    data: SurveyData,
    today: date | None = None,
) -> Survey:
    """A new round in a municipality, with seed 001's statements."""
    if not may_run_surveys(actor, municipality.pk):
        raise PermissionDenied
    today = today or timezone.localdate()
    if data.closes_on < today:
        raise ValidationError({"closes_on": _("A new round cannot close in the past.")})
    survey = Survey(municipality=municipality, created_by=actor)
    record_save(
        actor=actor,
        record=survey,
        data=data,
        municipality_id=municipality.pk,
    )
    SurveyStatement.objects.bulk_create(
        SurveyStatement(survey=survey, text=text, archetype=archetype, position=position)
        for position, (text, archetype) in enumerate(SEED_001_STATEMENTS, start=1)
    )
    return survey


@transaction.atomic
def survey_update(
    *, actor: User, survey: Survey, data: SurveyData, today: date | None = None
) -> Survey:
    """Change a round's title or dates until it has closed. A closed round is final: its
    results are shown, and reopening it would let one more answer be read off the change."""
    if not may_run_surveys(actor, survey.municipality_id):
        raise PermissionDenied
    today = today or timezone.localdate()
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.is_closed(today):
        raise ValidationError(_("The round has closed and can no longer be changed."))
    return record_save(
        actor=actor,
        record=current,
        data=data,
        municipality_id=current.municipality_id,
    )


@transaction.atomic
def survey_answer(
    *,
    actor: User,
    survey: Survey,
    most_agreed: Sequence[SurveyStatement],
    least_agreed: Sequence[SurveyStatement],
    self_placement: int,
    today: date | None = None,
) -> None:
    """Record one staff member's anonymous answer.

    Anonymity, by construction: the answer (``SurveyResponse`` and its ``SurveyPick`` rows)
    stores no user and no time. That the user has answered is a separate
    ``SurveyParticipation`` with only the day; it is written in the same transaction (both or
    neither) and shares no key, time or order with the answer, so the two cannot be joined.
    Nor can an order of arrival: every answer rewrites all of the survey's answers in a random
    order with new random ids (``survey_answers_rewrite``), so neither the ids, nor the rows'
    physical order (SQLite's rowid, PostgreSQL's ctid and xmin) follow the order in which
    staff answered, which the access log's times and the participations do show. The access
    log records the participation, never the answer, and nothing is returned that would let
    a caller log it."""
    today = today or timezone.localdate()
    if survey.municipality_id not in staff_municipality_ids(actor):
        raise PermissionDenied
    if not survey.is_open(today):
        raise ValidationError(_("The survey is not open for answers."))
    _check_picks(survey, most_agreed, least_agreed)
    if not PLACEMENT_MIN <= self_placement <= PLACEMENT_MAX:
        raise ValidationError({"self_placement": _("Place yourself on the scale from 1 to 7.")})
    response = SurveyResponse(survey=survey, self_placement=self_placement)
    response.full_clean()
    try:
        with transaction.atomic():
            participation = SurveyParticipation.objects.create(
                survey=survey, user=actor, answered_on=today
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None
    picks: list[tuple[int, str]] = [(s.pk, PickKind.MOST) for s in most_agreed]
    picks += [(s.pk, PickKind.LEAST) for s in least_agreed]
    survey_answers_rewrite(survey=survey, added=[(self_placement, picks)])
    access_record(
        user=actor,
        action=AccessAction.CREATE,
        obj=participation,
        municipality_id=survey.municipality_id,
    )


# Shuffles in place; secrets' generator, so the order cannot be predicted from earlier ones.
_shuffle: Callable[[list[Any]], None] = secrets.SystemRandom().shuffle

Answer = tuple[int, list[tuple[int, str]]]  # (self-placement, [(statement id, pick kind)])


def survey_answers_rewrite(*, survey: Survey, added: Sequence[Answer] = ()) -> None:
    """Write all of ``survey``'s answers again, with ``added``, in a random order and with new
    random ids, so that no id and no physical row order follows the order of arrival. The
    survey's row is locked first: two answers at once must not each rewrite without the
    other's. A round has at most a few hundred answers, so this stays cheap."""
    Survey.objects.select_for_update().only("pk").get(pk=survey.pk)
    answers: list[Answer] = list(added)
    for response in survey.responses.prefetch_related("picks"):
        chosen = [(pick.statement_id, pick.kind) for pick in response.picks.all()]
        answers.append((response.self_placement, chosen))
    survey.responses.all().delete()  # and their picks
    _shuffle(answers)
    responses = [SurveyResponse(survey=survey, self_placement=p) for p, _picks in answers]
    SurveyResponse.objects.bulk_create(responses)
    rows = [
        SurveyPick(response=response, statement_id=statement_id, kind=kind)
        for response, (_placement, picked) in zip(responses, answers, strict=True)
        for statement_id, kind in picked
    ]
    _shuffle(rows)
    SurveyPick.objects.bulk_create(rows)


def _check_picks(
    survey: Survey,
    most_agreed: Sequence[SurveyStatement],
    least_agreed: Sequence[SurveyStatement],
) -> None:
    errors: dict[str, str] = {}
    limit = {"limit": PICKS_PER_SIDE}
    for name, picks in (("most_agreed", most_agreed), ("least_agreed", least_agreed)):
        if not picks:
            errors[name] = _("Pick at least one statement.")
        elif len(picks) > PICKS_PER_SIDE:
            errors[name] = _("Pick at most %(limit)s statements.") % limit
        elif len({s.pk for s in picks}) != len(picks) or any(
            s.survey_id != survey.pk for s in picks
        ):
            errors[name] = _("Pick statements of this survey.")
    if not errors and {s.pk for s in most_agreed} & {s.pk for s in least_agreed}:
        errors["least_agreed"] = _(
            "A statement cannot be one you agree with most and least at the same time."
        )
    if errors:
        raise ValidationError(errors)
