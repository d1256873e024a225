"""Demo data of referrals that come back and of referral links (issue 17): the demo
referrals get their history (sent, and started for those with a mentor), a few referrals to
partners are accepted, declined or ended with a reason, and each municipality has a link for
its health visitors and one for a partner association."""

from __future__ import annotations

import secrets
from datetime import timedelta

from brobygger.core.crypto import encrypt
from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.outreach.models import OutreachMethod
from brobygger.partners.models import (
    ASSOCIATION_KINDS,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
)

from .link_models import ReferralLink, ReminderSchedule
from .link_services import token_hash

# The referrals to partners of a municipality: what became of them, and why.
PARTNER_OUTCOMES = [
    (ReferralStatus.WAITING, ""),
    (ReferralStatus.ACCEPTED, ""),
    (ReferralStatus.DECLINED, ReferralReason.NO_CAPACITY),
    (ReferralStatus.DECLINED, ReferralReason.SHE_DECLINED),
    (ReferralStatus.ENDED, ReferralReason.GOAL_REACHED),
    (ReferralStatus.ENDED, ReferralReason.JOB_OR_EDUCATION),
]


@step(88)
def referrals_and_links(context: DemoContext) -> None:
    rng, today = context.rng, context.today
    health = OutreachMethod.objects.filter(category="internal", name__startswith="Sundhedspleje")
    partner_method = OutreachMethod.objects.filter(category="partners", name="Bydelsmødre")
    events: list[ReferralEvent] = []
    links = 0
    for municipality in context.municipalities:
        caseworkers = context.caseworkers.get(municipality.pk, [])
        referrer = caseworkers[0] if caseworkers else None
        referrals = list(
            Referral.objects.filter(person__is_demo=True, person__municipality=municipality)
        )
        for referral in referrals:
            sent_on = today - timedelta(days=rng.randint(30, 120))
            events.append(ReferralEvent(referral=referral, status="waiting", occurred_on=sent_on))
            if referral.status == ReferralStatus.MATCHED:
                started = sent_on + timedelta(days=rng.randint(5, 25))
                events.append(
                    ReferralEvent(referral=referral, status="matched", occurred_on=started)
                )
        partners = list(
            Organisation.objects.filter(
                municipality=municipality, is_demo=True, kind__in=ASSOCIATION_KINDS
            )[:2]
        )
        taken = {r.person_id for r in referrals}
        people = [p for p in context.people if p.municipality_id == municipality.pk]
        free = [p for p in people if p.pk not in taken][: len(PARTNER_OUTCOMES)]
        for person, (status, reason) in zip(free, PARTNER_OUTCOMES, strict=False):
            if not partners:
                break
            referral = Referral.objects.create(
                person=person,
                target=rng.choice(partners),
                first_name=person.first_name,
                languages=person.languages or "da",
                status=status,
                reason=reason,
                follow_up_on=today + timedelta(days=14) if status == "accepted" else None,
                referred_by=referrer,
            )
            sent_on = today - timedelta(days=rng.randint(20, 90))
            path = {
                ReferralStatus.WAITING: [],
                ReferralStatus.ACCEPTED: ["accepted"],
                ReferralStatus.DECLINED: ["declined"],
                ReferralStatus.ENDED: ["accepted", "matched", "ended"],
            }[status]
            events.append(ReferralEvent(referral=referral, status="waiting", occurred_on=sent_on))
            for number, moved in enumerate(path, start=1):
                events.append(
                    ReferralEvent(
                        referral=referral,
                        status=moved,
                        reason=reason if moved in ("declined", "ended") else "",
                        occurred_on=min(today, sent_on + timedelta(days=7 * number)),
                    )
                )
        owner = referrer
        if owner is None:
            continue
        for label, department, organisation, method, schedule in (
            ("Sundhedsplejen", "Sundhedsplejen", None, health.first(), ReminderSchedule.MONTHLY),
            (
                "Bydelsmødrene",
                "",
                partners[0] if partners else None,
                partner_method.first(),
                ReminderSchedule.QUARTERLY,
            ),
        ):
            if method is None or (not department and organisation is None):
                continue
            token = secrets.token_urlsafe(12)
            ReferralLink.objects.create(
                municipality=municipality,
                label=f"{label} i {municipality.name}",
                department=department,
                organisation=organisation,
                method=method,
                owner=owner,
                token_hash=token_hash(token),
                token_ciphertext=encrypt(token),
                contact_within_days=5,
                referrer_email=f"{label.lower()}@example.invalid",
                reminder_schedule=schedule,
                created_by=owner,
            )
            links += 1
    ReferralEvent.objects.bulk_create(events)
    context.counts.update({"referral_events": len(events), "referral_links": links})


def _delete_demo_links() -> None:
    ReferralLink.objects.filter(owner__is_demo=True).delete()


DEMO_CLEANUPS.append(_delete_demo_links)
