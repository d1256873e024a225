"""Demo data for cooperation agreements: in each demo municipality with at least two demo
partners, an active agreement between two of them (its past status meetings held, with minutes,
and the next ones planned) and, with a third partner, a draft. Nothing when there are no demo
partners. Deterministic through ``context.rng``."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from brobygger.accounts.models import MUNICIPAL_ROLES, Membership, User
from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.partners.models import Organisation, Review

from .models import Agreement, AgreementStatus, Party, StatusMeeting
from .schedule import add_months, meeting_dates

CONTENTS = {
    "what": "Foreningerne laver sammen en ugentlig aktivitet for kvinder i boligområdet, "
    "hvor de også får hjælp til CV og jobsøgning.",
    "when": "Tirsdage kl. 17–19 i beboerhuset.",
    "how_often": "Hver uge, undtagen i skolernes ferier.",
    "how_long": "To timer ad gangen i et år.",
    "how": "Den ene forening står for aktiviteten, den anden for rekruttering af frivillige; "
    "kommunen fortæller om aktiviteten i sine forløb.",
    "challenges": "Udfordringer tages op på statusmødet; hastesager ringer parterne om.",
    "too_few_volunteers": "Aktiviteten holdes hver anden uge, og kommunens "
    "frivilligkoordinator hjælper med at finde nye frivillige.",
    "meeting_place": "Beboerhuset",
}
MINUTES = {
    "how_is_it_going": "Godt. 14 kvinder kommer fast.",
    "positive_development": "To kvinder er startet i praktik.",
    "challenges_and_solutions": "Svært at finde frivillige i sommerferien; vi spørger "
    "idrætsforeningen.",
    "next_goal": "Et besøg på en lokal virksomhed.",
    "interest_and_capacity": "Flere interesserede end frivillige: venteliste på fem.",
}


def _author(municipality_id: int) -> User | None:
    membership = (
        Membership.objects.filter(
            user__is_demo=True,
            municipality_id=municipality_id,
            role__in=sorted(MUNICIPAL_ROLES),
        )
        .select_related("user")
        .order_by("role", "user__username")
        .first()
    )
    return membership.user if membership else None


@step(85)
def agreements(context: DemoContext) -> None:
    rng = context.rng
    today = context.today
    count = 0
    for municipality in context.municipalities:
        partners = list(
            Organisation.objects.filter(
                is_demo=True, municipality=municipality, review=Review.APPROVED
            ).order_by("pk")
        )
        if len(partners) < 2:
            continue
        chosen = rng.sample(partners, min(3, len(partners)))
        author = _author(municipality.pk)
        starts_on = today - timedelta(days=rng.randint(120, 240))
        active = Agreement.objects.create(
            municipality=municipality,
            title=f"Samarbejde mellem {chosen[0].name} og {chosen[1].name}",
            municipality_is_party=True,
            municipality_resources="En medarbejder to timer om ugen og lokaler.",
            purpose="Flere kvinder i boligområdet får et netværk og kommer tættere på job.",
            meeting_every_months=3,
            first_meeting_on=add_months(starts_on, 2),
            starts_on=starts_on,
            ends_on=add_months(starts_on, 12),
            status=AgreementStatus.ACTIVE,
            created_by=author,
            is_demo=True,
            **CONTENTS,
        )
        Party.objects.bulk_create(
            Party(
                agreement=active,
                organisation=organisation,
                position=position,
                resources="Frivillige og erfaring med målgruppen.",
                signatory_name="Direktør" if organisation.kind == "company" else "Formand",
                signed_on=starts_on,
            )
            for position, organisation in enumerate(chosen[:2])
        )
        dates = meeting_dates(first=add_months(starts_on, 2), every_months=3, until=active.ends_on)
        StatusMeeting.objects.bulk_create(
            StatusMeeting(
                agreement=active,
                date=day,
                place=active.meeting_place,
                held=day < today,
                participants=(
                    "Parternes kontaktpersoner og kommunens konsulent" if day < today else ""
                ),
                **(MINUTES if day < today else {}),
            )
            for day in dates
        )
        count += 1
        if len(chosen) == 3:
            draft = Agreement.objects.create(
                municipality=municipality,
                title=f"Udkast: {chosen[2].name} og {chosen[0].name}",
                municipality_is_party=False,
                purpose="Parterne hjælper hinanden med regnskab, frivillige og praktikpladser.",
                meeting_every_months=6,
                starts_on=today + timedelta(days=30),
                ends_on=add_months(today, 13),
                created_by=author,
                is_demo=True,
            )
            Party.objects.bulk_create(
                Party(agreement=draft, organisation=organisation, position=position)
                for position, organisation in enumerate((chosen[2], chosen[0]))
            )
            count += 1
    context.counts["agreements"] = count


def _delete_demo_agreements() -> None:
    # An agreement holds its partners (PROTECT), so it goes before the partners' demo rows;
    # agreements written on demo partners while trying the demo go too.
    Agreement.objects.filter(
        Q(is_demo=True)
        | Q(created_by__is_demo=True)
        | Q(pk__in=Party.objects.filter(organisation__is_demo=True).values("agreement_id"))
    ).delete()


# Cleanups run in reverse order of registration (a later app's rows point at an earlier app's):
# registered after the partners app's, this runs before the demo partners are deleted.
DEMO_CLEANUPS.append(_delete_demo_agreements)
