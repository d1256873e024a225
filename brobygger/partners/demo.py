"""Demo data for partners and volunteers: associations (also ethnic-minority associations),
volunteer organisations and companies with what they offer and need, visits, volunteers
(some with an expired record check or no training, so the reminders show), citizens
referred to a mentor, and mentorships taken from the matching's own proposals.

Postal areas are synthetic: a few made-up areas around a made-up centre per municipality, so
distances in the demo are plausible without shipping a real postal-code table."""

from __future__ import annotations

from datetime import date, timedelta

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.demo.names import DANISH_FIRST_NAMES, DANISH_LAST_NAMES
from brobygger.people.models import Person, PipelineStatus

from .links import links_match, live_index, live_text_fields
from .matching import mentor_proposals
from .models import (
    ASSOCIATION_KINDS,
    Competence,
    ContactPerson,
    DeclinedMatch,
    Mentorship,
    Organisation,
    OrganisationKind,
    PostalArea,
    Referral,
    Relationship,
    Visit,
    Volunteer,
    VolunteerStatus,
)
from .places import places_recount

# Per municipality at each scale: organisations, volunteers, referrals.
SIZES = {"small": (8, 6, 8), "municipal": (24, 40, 80), "national": (6, 8, 12)}
ASSOCIATIONS = [
    "Kvindernes Netværk",
    "Somalisk Kulturforening",
    "Syrisk-Dansk Forening",
    "Eritreisk Forening",
    "Afghansk Kvindeforening",
    "Thai Community",
    "Bydelsmødrene",
    "Lektiecafé Nord",
    "Frivilligcenter",
    "Røde Kors, lokalafdeling",
    "Idrætsforeningen Fremad",
    "Madklubben Fællesspis",
]
COMPANIES = [
    "Revisionshuset",
    "Netto",
    "Rema 1000",
    "Plejecenter Solgården",
    "Kommunikationsbureauet Klar Tale",
    "IT-Hjælpen",
    "Advokatkontoret",
    "Byggefirmaet Hansen",
]
LANGUAGES = ["ar", "so", "ti", "fa", "ur", "tr", "th", "en", "ku", "ps"]
INTERESTS = [
    "Hjælp til jobsøgning og CV",
    "Øve dansk i hverdagen",
    "Gå ture og cykle",
    "Madlavning og fællesspisning",
    "Forstå skole og forældremøder",
    "Håndarbejde og kreative fag",
]


def cvr_number(rng_value: int) -> str:
    """A synthetic CVR number with a correct check digit (weights 2, 7, 6, 5, 4, 3, 2)."""
    while True:
        digits = [int(d) for d in f"{rng_value % 9_000_000 + 1_000_000:07d}"]
        remainder = sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        rng_value += 1


@step(80)
def partners(context: DemoContext) -> None:
    rng = context.rng
    organisations_each, volunteers_each, referrals_each = SIZES[context.scale.name]
    organisation_terms = list(Competence.objects.filter(group="organisation"))
    person_terms = list(Competence.objects.filter(group="person"))
    counts = {"partners": 0, "volunteers": 0, "referrals": 0, "mentorships": 0, "visits": 0}
    next_code = 1000
    for municipality in context.municipalities:
        centre = (rng.uniform(55.0, 57.3), rng.uniform(8.3, 12.4))
        areas = []
        for _ in range(3):
            while PostalArea.objects.filter(code=str(next_code)).exists():
                next_code += 1
            areas.append(
                PostalArea(
                    code=str(next_code),
                    name=f"Demo {municipality.name}",
                    latitude=centre[0] + rng.uniform(-0.08, 0.08),
                    longitude=centre[1] + rng.uniform(-0.12, 0.12),
                )
            )
            next_code += 1
        PostalArea.objects.bulk_create(areas)
        codes = [area.code for area in areas]

        organisations = []
        for number in range(organisations_each):
            company = number % 3 == 2
            name = (COMPANIES if company else ASSOCIATIONS)[number % (8 if company else 12)]
            kind = (
                OrganisationKind.COMPANY
                if company
                else rng.choice(
                    [
                        OrganisationKind.ASSOCIATION,
                        OrganisationKind.ETHNIC_ASSOCIATION,
                        OrganisationKind.VOLUNTEER_ORGANISATION,
                    ]
                )
            )
            organisations.append(
                Organisation(
                    municipality=municipality,
                    name=f"{name} {municipality.name}",
                    kind=kind,
                    cvr=cvr_number(rng.randrange(10**7)) if company else "",
                    postal_code=rng.choice(codes),
                    city=municipality.name,
                    activities="Netværk, lektiehjælp og fællesspisning" if not company else "",
                    languages=", ".join(["da", *rng.sample(LANGUAGES, 2)]),
                    offers_text=(
                        "Vi kan hjælpe med regnskab, IT og kommunikation"
                        if company
                        else "Vi har kontakt til mange kvinder i boligområdet"
                    ),
                    needs_text="" if company else "Vi mangler hjælp til regnskab og fondssøgning",
                    internship_places=rng.randint(1, 4) if company else 0,
                    mentor_slots=0 if company else rng.randint(0, 5),
                    relationship=rng.choice(list(Relationship.values)),
                    is_demo=True,
                )
            )
        Organisation.objects.bulk_create(organisations)
        for organisation in organisations:
            organisation.offers.set(rng.sample(organisation_terms, rng.randint(1, 3)))
            if organisation.kind != OrganisationKind.COMPANY:
                organisation.needs.set(rng.sample(organisation_terms, rng.randint(1, 2)))
        ContactPerson.objects.bulk_create(
            ContactPerson(
                organisation=organisation,
                name=f"{rng.choice(DANISH_FIRST_NAMES)} {rng.choice(DANISH_LAST_NAMES)}",
                role="Formand" if organisation.kind != OrganisationKind.COMPANY else "HR",
                email="kontakt@example.invalid",
            )
            for organisation in organisations
        )
        visits = [
            Visit(
                organisation=organisation,
                visited_on=context.today - timedelta(days=rng.randint(5, 300)),
                what_they_do="Aktiviteter for kvinder og børn i boligområdet.",
                challenges="Mangler frivillige og hjælp til regnskab.",
                can_contribute="Adgang til kvinder, som kommunen ikke selv når.",
                next_step="Invitere til møde om samarbejde.",
            )
            for organisation in organisations
            if organisation.relationship != Relationship.PROSPECT
        ]
        Visit.objects.bulk_create(visits)

        volunteers = [
            Volunteer(
                municipality=municipality,
                first_name=rng.choice(DANISH_FIRST_NAMES),
                last_name=rng.choice(DANISH_LAST_NAMES),
                gender="female" if rng.random() < 0.8 else "male",
                postal_code=rng.choice(codes),
                languages=", ".join(["da", *rng.sample(LANGUAGES, rng.randint(0, 2))]),
                interests=rng.choice(INTERESTS),
                max_distance_km=rng.choice([5, 10, 15, 25]),
                women_only=rng.random() < 0.3,
                max_mentees=rng.choice([1, 1, 2, 3]),
                # Every tenth without training, every seventh with an expired record check.
                trained_on=None if number % 10 == 9 else date(context.today.year, 1, 15),
                record_check_on=context.today
                - timedelta(days=800 if number % 7 == 6 else rng.randint(10, 600)),
                status=VolunteerStatus.ACTIVE,
                consent_given_on=context.today - timedelta(days=rng.randint(30, 600)),
                is_demo=True,
            )
            for number in range(volunteers_each)
        ]
        Volunteer.objects.bulk_create(volunteers)
        for volunteer in volunteers:
            volunteer.skills.set(rng.sample(person_terms, rng.randint(1, 3)))

        candidates = list(
            Person.objects.filter(
                is_demo=True,
                municipality=municipality,
                status__in=[PipelineStatus.FIRST_CONVERSATION, PipelineStatus.IN_INTERVENTION],
            ).order_by("pk")[:referrals_each]
        )
        referrals = [
            Referral(
                person=person,
                first_name=person.first_name,
                languages=", ".join(
                    rng.sample(LANGUAGES, 1) + (["da"] if rng.random() < 0.5 else [])
                ),
                postal_code=rng.choice(codes),
                interests=rng.choice(INTERESTS),
                wants_woman_mentor=rng.random() < 0.7,
            )
            for person in candidates
        ]
        Referral.objects.bulk_create(referrals)
        for referral in referrals:
            referral.topics.set(rng.sample(person_terms, rng.randint(1, 2)))

        # Half of what the matching proposes has been accepted.
        saved = list(Referral.objects.filter(person__in=candidates).select_related("person"))
        ready = list(
            Volunteer.objects.filter(municipality=municipality, is_demo=True).prefetch_related(
                "skills"
            )
        )
        proposals = mentor_proposals(volunteers=ready, referrals=saved, today=context.today)
        for proposal in proposals[::2]:
            Mentorship.objects.create(
                volunteer=proposal.volunteer,
                referral=proposal.referral,
                started_on=context.today - timedelta(days=rng.randint(0, 90)),
                score=proposal.score,
                reasons=proposal.reasons,
            )
            Volunteer.objects.filter(pk=proposal.volunteer.pk).update(
                active_mentees=proposal.volunteer.active_mentees + 1
            )
            proposal.volunteer.active_mentees += 1
            Referral.objects.filter(pk=proposal.referral.pk).update(status="matched")
            counts["mentorships"] += 1
        counts["partners"] += len(organisations)
        counts["visits"] += len(visits)
        counts["volunteers"] += len(volunteers)
        counts["referrals"] += len(referrals)
    context.counts.update(counts)


def _provider_kind(company: bool, education: bool) -> str:
    if company:
        return OrganisationKind.COMPANY
    return OrganisationKind.EDUCATION_PROVIDER if education else OrganisationKind.ASSOCIATION


@step(82)
def partner_links(context: DemoContext) -> None:
    """The demo's free text names partners, as it did before partner records: each
    enrolment's provider becomes a partner record of her municipality (created here, as a
    municipality registers the companies, schools and associations it works with) and is
    linked by the same matching as the data migration; a quarter of the sources and of the
    outreach activities name one of the municipality's associations."""
    rng = context.rng
    enrolment_model = Organisation._meta.get_field("enrolments").related_model
    source_model = Organisation._meta.get_field("person_sources").related_model
    activity_model = Organisation._meta.get_field("outreach_activities").related_model
    providers = (
        enrolment_model._default_manager.filter(person__is_demo=True, provider__isnull=True)
        .exclude(provider_note="")
        .values_list(
            "person__municipality_id",
            "provider_note",
            "intervention_type__company_oriented",
            "intervention_type__education",
        )
        .order_by("person__municipality_id", "provider_note")
    )
    index = live_index()
    new: dict[tuple[int, str], Organisation] = {}
    for municipality_id, name, company, education in providers.distinct():
        if index.match(name, municipality_id) is None and (municipality_id, name) not in new:
            kind = _provider_kind(company, education)
            new[(municipality_id, name)] = Organisation(
                municipality_id=municipality_id,
                name=name,
                kind=kind,
                cvr=cvr_number(rng.randrange(10**7)) if kind == OrganisationKind.COMPANY else "",
                relationship=Relationship.ACTIVE,
                internship_places=rng.randint(2, 6) if kind == OrganisationKind.COMPANY else 0,
                is_demo=True,
            )
    Organisation.objects.bulk_create(new.values(), batch_size=2_000)
    linked = links_match(live_index(), live_text_fields()[1:2])
    associations: dict[int, list[int]] = {}
    for pk, municipality_id in Organisation.objects.filter(
        is_demo=True, kind__in=ASSOCIATION_KINDS
    ).values_list("pk", "municipality_id"):
        associations.setdefault(municipality_id, []).append(pk)
    sources = source_model._default_manager.filter(person__is_demo=True)
    activities = activity_model._default_manager.filter(municipality__in=context.municipalities)
    for model, rows in ((source_model, sources), (activity_model, activities)):
        municipality = "person__municipality_id" if model is source_model else "municipality_id"
        chosen: dict[int, list[int]] = {}
        for pk, municipality_id in (
            rows.filter(partner__isnull=True).values_list("pk", municipality).order_by("pk")
        ):
            offered = associations.get(municipality_id)
            if offered and rng.random() < 0.25:
                chosen.setdefault(rng.choice(offered), []).append(pk)
        for partner_id, pks in chosen.items():
            for start in range(0, len(pks), 900):
                part = pks[start : start + 900]
                model._default_manager.filter(pk__in=part).update(partner_id=partner_id)
    # A third of the volunteers mentor through an association of their municipality.
    volunteers = Volunteer.objects.filter(is_demo=True).order_by("pk")
    for pk, municipality_id in volunteers.values_list("pk", "municipality_id"):
        offered = associations.get(municipality_id)
        if offered and rng.random() < 1 / 3:
            Volunteer.objects.filter(pk=pk).update(organisation_id=rng.choice(offered))
    # The rows above were written in bulk: count what the partners use, and where a demo
    # partner offers fewer places than its rows use, raise its offer to them.
    places_recount(
        Organisation.objects.filter(is_demo=True).values_list("pk", flat=True), raise_offers=True
    )
    context.counts["partner_records_made"] = len(new)
    context.counts["enrolments_at_partners"] = linked["enrolment"]


def _delete_demo_partners() -> None:
    DeclinedMatch.objects.filter(volunteer__is_demo=True).delete()
    Mentorship.objects.filter(volunteer__is_demo=True).delete()
    Referral.objects.filter(person__is_demo=True).delete()
    Volunteer.objects.filter(is_demo=True).delete()
    Organisation.objects.filter(is_demo=True).delete()
    PostalArea.objects.filter(name__startswith="Demo ").delete()


DEMO_CLEANUPS.append(_delete_demo_partners)
