"""The Django side of matching: volunteers, referrals and partners as the plain profiles of
``brobygger.matching``, and its proposals back as records to show and accept.

A volunteer is never proposed while she is blocked: record check (børneattest/straffeattest)
missing or older than ``RECORD_CHECK_VALID_MONTHS``, mentor training missing, not active, or
not yet approved after a public sign-up."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.languages.selectors import language_list
from brobygger.matching.profiles import Mentee, Mentor
from brobygger.matching.profiles import Organisation as OrganisationProfile
from brobygger.matching.propose import (
    Proposal,
    propose_association_pairs,
    propose_csr,
    propose_mentors,
    rank_mentors,
)

from .models import Competence, PostalArea, Referral, Review, Volunteer, VolunteerStatus
from .models import Organisation as OrganisationRecord

# The reasons of ``brobygger.matching.scoring``, by code, in the reader's language.
REASONS = {
    "shared_language": gettext_lazy("Both speak %(languages)s"),
    "shared_interests": gettext_lazy("Common interests: %(interests)s"),
    "shared_topics": gettext_lazy("The activity is about %(topics)s"),
    "nearby": gettext_lazy("%(km)s km apart"),
    "similar_text": gettext_lazy("What they wrote is alike (similarity %(similarity)s)"),
    "waiting_time": gettext_lazy("Has waited %(days)s days"),
    "covers_need": gettext_lazy("%(giver)s can help %(receiver)s with %(competences)s"),
    "shared_target_group": gettext_lazy("Both work with %(target_groups)s"),
}

RECORD_CHECK_VALID_MONTHS: int = getattr(settings, "VOLUNTEER_RECORD_CHECK_MONTHS", 24)


def record_check_valid_until(checked_on: date | None) -> date | None:
    if checked_on is None:
        return None
    months = checked_on.month - 1 + RECORD_CHECK_VALID_MONTHS
    year, month = checked_on.year + months // 12, months % 12 + 1
    day = min(checked_on.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return date(year, month, day)


def blocking_reason(volunteer: Volunteer, *, today: date) -> str:
    """Why the volunteer cannot get a mentee now ("" when she can); shown as a reminder."""
    if volunteer.review != Review.APPROVED:
        return _("The sign-up is not approved yet.")
    if volunteer.status != VolunteerStatus.ACTIVE:
        return _("Not active.")
    if volunteer.record_check_on is None:
        return _("No criminal record check is registered.")
    valid_until = record_check_valid_until(volunteer.record_check_on)
    if valid_until is not None and valid_until < today:
        return _("The criminal record check expired on %(day)s.") % {
            "day": valid_until.strftime("%d.%m.%Y")
        }
    if volunteer.trained_on is None:
        return _("Mentor training is missing.")
    return ""


Location = tuple[float, float]


def locations(postal_codes: Iterable[str]) -> dict[str, Location]:
    codes = {code for code in postal_codes if code}
    return {
        area.code: (area.latitude, area.longitude)
        for area in PostalArea.objects.filter(code__in=codes)
    }


def mentor_profile(volunteer: Volunteer, where: Mapping[str, Location], today: date) -> Mentor:
    blocked = blocking_reason(volunteer, today=today)
    return Mentor(
        id=volunteer.pk,
        languages=volunteer.language_codes,
        interests=frozenset(skill.key for skill in volunteer.skills.all()),
        text=volunteer.interests,
        location=where.get(volunteer.postal_code),
        max_distance_km=float(volunteer.max_distance_km),
        capacity=max(0, volunteer.max_mentees - volunteer.active_mentees),
        # A blocked volunteer is given an expired check and no training: the pure module's own
        # rule then keeps her out, so the two layers cannot disagree.
        record_check_valid_until=(
            record_check_valid_until(volunteer.record_check_on) if not blocked else date.min
        ),
        trained=volunteer.trained_on is not None and not blocked,
        gender=volunteer.gender,
        mentee_gender="female" if volunteer.women_only else None,
    )


def mentee_profile(referral: Referral, where: Mapping[str, Location]) -> Mentee:
    return Mentee(
        id=referral.pk,
        languages=referral.language_codes,
        interests=frozenset(topic.key for topic in referral.topics.all()),
        text=referral.interests,
        location=where.get(referral.postal_code),
        gender=referral.person.gender,
        wants_mentor_gender="female" if referral.wants_woman_mentor else None,
        waiting_since=timezone.localdate(referral.created_at),
    )


@dataclass(frozen=True)
class MentorProposal:
    volunteer: Volunteer
    referral: Referral
    score: float
    reasons: list[dict[str, Any]]


def mentor_proposals(
    *,
    volunteers: Iterable[Volunteer],
    referrals: Iterable[Referral],
    today: date,
    declined: Collection[tuple[int, int]] = (),
) -> list[MentorProposal]:
    """The optimal set of mentor proposals for the waiting citizens of one municipality,
    leaving out the pairs the coordinator has declined."""
    volunteers = list(volunteers)
    referrals = list(referrals)
    where = locations([v.postal_code for v in volunteers] + [r.postal_code for r in referrals])
    proposals = propose_mentors(
        [mentor_profile(v, where, today) for v in volunteers],
        [mentee_profile(r, where) for r in referrals],
        today,
        exclude=declined,
    )
    by_volunteer = {v.pk: v for v in volunteers}
    by_referral = {r.pk: r for r in referrals}
    return [
        MentorProposal(
            volunteer=by_volunteer[p.left_id],
            referral=by_referral[p.right_id],
            score=p.score,
            reasons=[reason.as_dict() for reason in p.reasons],
        )
        for p in proposals
    ]


def competence_names() -> dict[str, str]:
    return dict(Competence.objects.values_list("key", "name"))


def reason_names() -> dict[str, str]:
    """The names a reason's keys are shown by: the language catalogue's languages (by code,
    in the interface language) and the competences."""
    languages = {language.code: language.name for language in language_list(active_only=False)}
    return {**languages, **competence_names()}


# Languages of volunteers by ISO 639-1 code, for those the language catalogue does not hold.
LANGUAGE_NAMES = {
    "da": gettext_lazy("Danish"),
    "en": gettext_lazy("English"),
    "ar": gettext_lazy("Arabic"),
    "so": gettext_lazy("Somali"),
    "ti": gettext_lazy("Tigrinya"),
    "fa": gettext_lazy("Persian"),
    "prs": gettext_lazy("Dari"),
    "ps": gettext_lazy("Pashto"),
    "ur": gettext_lazy("Urdu"),
    "tr": gettext_lazy("Turkish"),
    "ku": gettext_lazy("Kurdish"),
    "th": gettext_lazy("Thai"),
    "vi": gettext_lazy("Vietnamese"),
    "tl": gettext_lazy("Tagalog"),
    "uk": gettext_lazy("Ukrainian"),
    "ru": gettext_lazy("Russian"),
    "pl": gettext_lazy("Polish"),
    "ro": gettext_lazy("Romanian"),
    "fr": gettext_lazy("French"),
    "de": gettext_lazy("German"),
    "es": gettext_lazy("Spanish"),
    "zh": gettext_lazy("Chinese"),
    "bs": gettext_lazy("Bosnian"),
    "sq": gettext_lazy("Albanian"),
}


def explain(reason: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A reason in the reader's language, from its code and parameters (taxonomy keys are
    shown by their names)."""

    def readable(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(readable(item)) for item in value)
        if isinstance(value, str):
            return names.get(value) or LANGUAGE_NAMES.get(value) or value
        return value

    params = {key: readable(value) for key, value in dict(reason.get("params", {})).items()}
    if reason["code"] == "nearby" and float(params.get("km", 99)) < 1:
        return _("Live in the same area")
    template = REASONS.get(reason["code"])
    if template is None:
        return str(reason["code"])
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(reason["code"])


def pair_score(*, volunteer: Volunteer, referral: Referral, today: date) -> MentorProposal | None:
    """The score and reasons of one pair now, or None when it is not a possible match (the
    check an acceptance repeats, whatever the page showed)."""
    where = locations([volunteer.postal_code, referral.postal_code])
    ranked = rank_mentors(
        mentee_profile(referral, where), [mentor_profile(volunteer, where, today)], today
    )
    if not ranked:
        return None
    best = ranked[0]
    return MentorProposal(
        volunteer=volunteer,
        referral=referral,
        score=best.score,
        reasons=[reason.as_dict() for reason in best.reasons],
    )


# Partners: how many new cooperations one partner is proposed at a time.
COOPERATIONS_AT_A_TIME = 2


def organisation_profile(
    organisation: OrganisationRecord, where: Mapping[str, Location]
) -> OrganisationProfile:
    return OrganisationProfile(
        id=organisation.pk,
        kind=organisation.kind,
        offers=frozenset(c.key for c in organisation.offers.all()),
        needs=frozenset(c.key for c in organisation.needs.all()),
        text_offered=" ".join((organisation.offers_text, organisation.activities)),
        text_needed=organisation.needs_text,
        languages=organisation.language_codes or frozenset({"da"}),
        location=where.get(organisation.postal_code),
        capacity=COOPERATIONS_AT_A_TIME,
    )


@dataclass(frozen=True)
class PartnerProposal:
    left: OrganisationRecord
    right: OrganisationRecord
    score: float
    reasons: list[dict[str, Any]]


def partner_proposals(
    organisations: Iterable[OrganisationRecord],
) -> tuple[list[PartnerProposal], list[PartnerProposal]]:
    """Associations that could help each other, and companies whose core competence covers
    an association's need (CSR), each pair with its score and reasons."""
    organisations = list(organisations)
    where = locations(o.postal_code for o in organisations)
    profiles = [organisation_profile(o, where) for o in organisations]
    by_id = {o.pk: o for o in organisations}

    def records(proposals: Iterable[Proposal]) -> list[PartnerProposal]:
        return [
            PartnerProposal(
                left=by_id[p.left_id],
                right=by_id[p.right_id],
                score=p.score,
                reasons=[reason.as_dict() for reason in p.reasons],
            )
            for p in proposals
        ]

    return records(propose_association_pairs(profiles)), records(propose_csr(profiles))
