"""The municipality's partners (seeds 001 and 002): associations, volunteer organisations,
companies and others, what they offer and need, the visits to them; individual volunteers
(mentors), citizens referred to a mentor, and mentorships.

Partners belong to one municipality. A referral carries a copy of only what matching needs
(first name, languages, interests, area, wishes), so the volunteer coordinator matches
without opening the citizen's record."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member

from .validators import validate_cvr

MAX_MENTEES = 10


def language_codes(text: str) -> frozenset[str]:
    """ "da, AR ,so" → {"da", "ar", "so"}: the languages fields hold comma-separated codes."""
    return frozenset(code.strip().lower() for code in text.split(",") if code.strip())


class Competence(models.Model):
    """The shared taxonomy: what a partner can offer or needs (seed 002: "regnskab,
    projektledelse, supervision, rekruttering af frivillige, ..."), and what a mentor can help
    with or a person wants help with. Keys are ``brobygger.matching.taxonomy``'s."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    group = models.CharField(
        _("used for"),
        max_length=20,
        choices=[("organisation", _("Partners")), ("person", _("People and mentors"))],
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.name


class PostalArea(models.Model):
    """Where a postal code lies, for the distances of matching. Loaded by an administrator
    from a public list of postal-code centres (``brobygger postal-areas FILE.csv``); without
    it, matching treats distance as unknown and neither rewards nor excludes a pair for it."""

    code = models.CharField(_("postal code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal area")
        verbose_name_plural = _("postal areas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=54, latitude__lte=58.5)
                & models.Q(longitude__gte=7.5, longitude__lte=15.5),
                name="postal_area_in_denmark",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class OrganisationKind(models.TextChoices):
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Volunteer organisation (paid staff)")
    ASSOCIATION = "association", _("Association")
    ETHNIC_ASSOCIATION = "ethnic_minority_association", _("Ethnic-minority association")
    COMPANY = "company", _("Company")
    EDUCATION_PROVIDER = "education_provider", _("Course or education provider")
    HOUSING_ASSOCIATION = "housing_association", _("Housing association")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    OTHER = "other", _("Other")


ASSOCIATION_KINDS = (
    OrganisationKind.ASSOCIATION,
    OrganisationKind.ETHNIC_ASSOCIATION,
    OrganisationKind.VOLUNTEER_ORGANISATION,
)


class Relationship(models.TextChoices):
    PROSPECT = "prospect", _("Not contacted yet")
    IN_DIALOGUE = "in_dialogue", _("In dialogue")
    ACTIVE = "active", _("Active cooperation")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Review(models.TextChoices):
    """Public sign-ups wait for staff before anything becomes visible."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Organisation(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[validate_cvr],
        help_text=_("8 digits; required for companies."),
    )
    street = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    activities = models.TextField(_("activities"), blank=True, max_length=5_000)
    target_groups = models.TextField(_("target groups"), blank=True, max_length=2_000)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. da, ar, so."),
    )
    offers = models.ManyToManyField(
        Competence,
        blank=True,
        related_name="offered_by",
        verbose_name=_("can offer"),
        limit_choices_to={"group": "organisation"},
    )
    offers_text = models.TextField(_("can offer, in their words"), blank=True, max_length=5_000)
    needs = models.ManyToManyField(
        Competence,
        blank=True,
        related_name="needed_by",
        verbose_name=_("needs"),
        limit_choices_to={"group": "organisation"},
    )
    needs_text = models.TextField(_("needs, in their words"), blank=True, max_length=5_000)
    internship_places = models.PositiveSmallIntegerField(
        _("internship places"), default=0, validators=[MaxValueValidator(500)]
    )
    mentor_slots = models.PositiveSmallIntegerField(
        _("mentor slots"), default=0, validators=[MaxValueValidator(500)]
    )
    relationship = models.CharField(
        _("relationship"),
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.PROSPECT,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=20_000)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.APPROVED
    )
    signed_up_publicly = models.BooleanField(_("signed up through the public form"), default=False)
    created_by = staff_member(_("created by"))
    is_demo = models.BooleanField(default=False, editable=False)

    scoping = Scoping(permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Organisation"].as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="company") | ~models.Q(cvr=""),
                name="company_has_cvr",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == OrganisationKind.COMPANY and not self.cvr:
            raise ValidationError({"cvr": _("A company needs its CVR number.")})

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id

    @property
    def language_codes(self) -> frozenset[str]:
        return language_codes(self.languages)


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    scoping = Scoping(
        municipality="organisation__municipality", permission=Permission.MANAGE_PARTNERS
    )
    objects = MunicipalQuerySet["ContactPerson"].as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A visit to a partner, with the questions seed 002 recommends asking ("Spørg åbent ind
    til, hvad foreningerne laver, ...")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date"))
    visited_by = staff_member(_("visited by"))
    what_they_do = models.TextField(
        _("What do they do, and for whom?"), blank=True, max_length=5_000
    )
    target_groups = models.TextField(
        _("Which target groups do they work with, or want to?"), blank=True, max_length=5_000
    )
    new_ideas = models.TextField(
        _("Do they have new ideas they want to develop?"), blank=True, max_length=5_000
    )
    challenges = models.TextField(
        _("Which challenges do they have; which knowledge or competences do they lack?"),
        blank=True,
        max_length=5_000,
    )
    can_contribute = models.TextField(
        _("What can they contribute to a cooperation?"), blank=True, max_length=5_000
    )
    municipality_role = models.TextField(
        _("Where can the municipality support them?"), blank=True, max_length=5_000
    )
    next_step = models.CharField(_("next step"), max_length=500, blank=True)

    scoping = Scoping(
        municipality="organisation__municipality", permission=Permission.MANAGE_PARTNERS
    )
    objects = MunicipalQuerySet["Visit"].as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.organisation} {self.visited_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.organisation.municipality_id


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Volunteer(TimeStampedModel):
    """An individual volunteer, most often a mentor (seed 001: "frivilligt mentorkorps")."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("female", _("Woman")), ("male", _("Man"))],
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        help_text=_("Language codes separated by commas, e.g. da, ar, so."),
    )
    skills = models.ManyToManyField(
        Competence,
        blank=True,
        related_name="volunteers",
        verbose_name=_("can help with"),
        limit_choices_to={"group": "person"},
    )
    interests = models.TextField(_("interests"), blank=True, max_length=2_000)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(
        _("travels at most (km)"), default=15, validators=[MaxValueValidator(200)]
    )
    women_only = models.BooleanField(_("mentors women only"), default=False)
    max_mentees = models.PositiveSmallIntegerField(
        _("mentees at most"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MENTEES)],
    )
    # Kept by the accept and end services with a conditional UPDATE, and bounded by a check
    # constraint: two coordinators accepting at once cannot overfill a volunteer.
    active_mentees = models.PositiveSmallIntegerField(default=0, editable=False)
    trained_on = models.DateField(_("mentor training completed on"), null=True, blank=True)
    record_check_on = models.DateField(
        _("criminal record check (børneattest/straffeattest) on"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VolunteerStatus.choices, default=VolunteerStatus.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5_000)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.APPROVED
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    created_by = staff_member(_("created by"))
    is_demo = models.BooleanField(default=False, editable=False)

    scoping = Scoping(permission=Permission.MANAGE_VOLUNTEERS)
    objects = MunicipalQuerySet["Volunteer"].as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_mentees__gte=1) & models.Q(max_mentees__lte=MAX_MENTEES),
                name="volunteer_mentees_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(active_mentees__lte=models.F("max_mentees")),
                name="volunteer_not_overfilled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id

    @property
    def language_codes(self) -> frozenset[str]:
        return language_codes(self.languages)


class ReferralStatus(models.TextChoices):
    """Where a referral stands. "waiting" is a referral sent and not yet answered; "matched"
    one whose mentorship or course has started (the values are kept from before the other
    states came)."""

    WAITING = "waiting", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    MATCHED = "matched", _("Started")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A referral still under way: sent, accepted, or started.
OPEN_REFERRAL_STATUSES = (ReferralStatus.WAITING, ReferralStatus.ACCEPTED, ReferralStatus.MATCHED)


class ReferralReason(models.TextChoices):
    """Why a referral was declined or ended: counted on the referrals overview."""

    NO_CAPACITY = "no_capacity", _("No free place or mentor")
    NOT_SUITABLE = "not_suitable", _("Not a fit for what she needs")
    SHE_DECLINED = "she_declined", _("She said no")
    NO_CONTACT = "no_contact", _("Could not reach her")
    GOAL_REACHED = "goal_reached", _("Goal reached")
    JOB_OR_EDUCATION = "job_or_education", _("She got a job or started an education")
    SHE_STOPPED = "she_stopped", _("She stopped")
    HELPER_STOPPED = "helper_stopped", _("The mentor or partner stopped")
    MOVED = "moved", _("She moved")
    OTHER = "other", _("Other")


class Referral(TimeStampedModel):
    """A caseworker refers a citizen to the volunteer coordinator for a mentor, or to a
    partner (an association, a company). The referral holds what matching needs, nothing
    more; the coordinator never opens the person. Its status moves sent → accepted or
    declined → started → ended, each move kept as a ``ReferralEvent``."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    target = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred to"),
        help_text=_("Empty: the volunteer coordinator finds her a mentor."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    languages = models.CharField(_("languages"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    topics = models.ManyToManyField(
        Competence,
        blank=True,
        related_name="referrals",
        verbose_name=_("wants help with"),
        limit_choices_to={"group": "person"},
    )
    interests = models.TextField(_("interests and goals"), blank=True, max_length=2_000)
    wants_woman_mentor = models.BooleanField(_("wants a woman as mentor"), default=True)
    note = models.CharField(_("note for the volunteer coordinator"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=ReferralReason.choices, blank=True
    )
    follow_up_on = models.DateField(
        _("follow up by"),
        null=True,
        blank=True,
        help_text=_("The day agreed when it was accepted: her caseworker follows up then."),
    )
    referred_by = staff_member(_("referred by"))

    scoping = Scoping(
        municipality="person__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="person",
    )
    objects = MunicipalQuerySet["Referral"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            # One referral waiting for a mentor at a time; referrals to partners are many.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="waiting", target__isnull=True),
                name="one_waiting_referral_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.first_name

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id

    @property
    def language_codes(self) -> frozenset[str]:
        return language_codes(self.languages)


class ReferralEvent(models.Model):
    """One move of a referral's status: to what, why, on which day, recorded by whom."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("referral")
    )
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=ReferralReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(
        municipality="referral__person__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="referral__person",
    )
    objects = MunicipalQuerySet["ReferralEvent"].as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at", "id"]
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.occurred_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.referral.person_id, self.referral.person.municipality_id


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Mentorship(TimeStampedModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="mentorships")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="mentorships")
    started_on = models.DateField(_("started on"), default=date.today)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.ACTIVE,
    )
    score = models.FloatField(_("match score"), null=True, blank=True)
    reasons = models.JSONField(_("why this match"), default=list, blank=True)
    created_by = staff_member(_("created by"))

    scoping = Scoping(
        municipality="volunteer__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="referral__person",
    )
    objects = MunicipalQuerySet["Mentorship"].as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(status="active"),
                name="one_active_mentor_per_referral",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.referral}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.referral.person_id, self.volunteer.municipality_id


class DeclinedMatch(models.Model):
    """A proposal the volunteer coordinator declined: the pair is not proposed again."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    declined_by = staff_member(_("declined by"))
    declined_at = models.DateTimeField(auto_now_add=True)

    scoping = Scoping(
        municipality="referral__person__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="referral__person",
    )
    objects = MunicipalQuerySet["DeclinedMatch"].as_manager()

    class Meta:
        verbose_name = _("declined proposal")
        verbose_name_plural = _("declined proposals")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "referral"], name="decline_once")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} × {self.referral_id}"
