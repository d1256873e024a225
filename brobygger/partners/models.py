"""The municipality's partners (seeds 001 and 002): associations, volunteer organisations,
companies and others, what they offer and need, the visits to them; individual volunteers
(mentors), citizens referred to a mentor, and mentorships.

Partners belong to one municipality. A referral carries a copy of only what matching needs
(first name, languages, interests, area, wishes), so the volunteer coordinator matches
without opening the citizen's record."""

from __future__ import annotations

from datetime import date

from django.conf import settings
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
    course_seats = models.PositiveSmallIntegerField(
        _("course seats"), default=0, validators=[MaxValueValidator(500)]
    )
    # What is used of each offer, counted again by ``places.places_recount`` in the
    # transaction of every enrolment or mentorship saved; a check constraint holds each below
    # its offer (an offer of 0: nothing agreed, nothing held against it).
    places_used = models.PositiveSmallIntegerField(
        _("internship places used"), default=0, editable=False
    )
    seats_used = models.PositiveSmallIntegerField(_("course seats used"), default=0, editable=False)
    mentor_slots_used = models.PositiveSmallIntegerField(
        _("mentor slots used"), default=0, editable=False
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
            models.CheckConstraint(
                condition=models.Q(internship_places=0)
                | models.Q(places_used__lte=models.F("internship_places")),
                name="partner_places_within_offer",
                violation_error_message=_("More internship places are in use than that."),
            ),
            models.CheckConstraint(
                condition=models.Q(course_seats=0)
                | models.Q(seats_used__lte=models.F("course_seats")),
                name="partner_seats_within_offer",
                violation_error_message=_("More course seats are in use than that."),
            ),
            models.CheckConstraint(
                condition=models.Q(mentor_slots=0)
                | models.Q(mentor_slots_used__lte=models.F("mentor_slots")),
                name="partner_mentor_slots_within_offer",
                violation_error_message=_("More mentor slots are in use than that."),
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
    """The volunteer pipeline (seed 001), in its order: applied → record checked → trained →
    active → paused → ended. Each step is dated by a ``VolunteerStatusChange``."""

    APPLIED = "applied", _("Applied")
    CHECKED = "checked", _("Record checked")
    TRAINED = "trained", _("Trained")
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


# Volunteer care after the match (issue 17, point 5; seed 001: the coordinator's time to train
# and match is "den væsentligste flaskehals", volunteers are "mere usikre"). Services and
# selectors in ``volunteer_care.py``.


class CheckInRating(models.IntegerChoices):
    """How the mentorship goes, on a small scale."""

    DIFFICULT = 1, _("Difficult")
    MIXED = 2, _("Mixed")
    GOOD = 3, _("Good")
    VERY_GOOD = 4, _("Very good")


class MentorshipCheckIn(TimeStampedModel):
    """The volunteer coordinator's check-in on a mentorship: how it goes, the next step and
    when to follow up. About the woman mentored, so person-level."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("mentorship")
    )
    held_on = models.DateField(_("date"))
    rating = models.PositiveSmallIntegerField(_("how it goes"), choices=CheckInRating.choices)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(
        municipality="mentorship__volunteer__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="mentorship__referral__person",
    )
    objects = MunicipalQuerySet["MentorshipCheckIn"].as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gte=models.F("held_on")),
                name="check_in_follow_up_after_it",
                violation_error_message=_("The follow-up cannot be before the check-in."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1) & models.Q(rating__lte=4),
                name="check_in_rating_in_range",
                violation_error_message=_("Choose how it goes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.held_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.mentorship.referral.person_id, self.mentorship.volunteer.municipality_id


class MentorshipEndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("The goal is reached")
    JOB_OR_EDUCATION = "job_or_education", _("She started a job or an education")
    CITIZEN_STOPPED = "citizen_stopped", _("The citizen stopped")
    VOLUNTEER_STOPPED = "volunteer_stopped", _("The volunteer stopped")
    NO_CHEMISTRY = "no_chemistry", _("They did not get on")
    MOVED = "moved", _("One of them moved")
    OTHER = "other", _("Other")


class MentorshipEnd(TimeStampedModel):
    """Why a mentorship ended: a reason to count and a text. One per mentorship; recording
    it again changes it."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="end", verbose_name=_("mentorship")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=MentorshipEndReason.choices)
    text = models.TextField(_("what happened"), blank=True, max_length=2_000)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(
        municipality="mentorship__volunteer__municipality",
        permission=Permission.MANAGE_VOLUNTEERS,
        person="mentorship__referral__person",
    )
    objects = MunicipalQuerySet["MentorshipEnd"].as_manager()

    class Meta:
        verbose_name = _("end of a mentorship")
        verbose_name_plural = _("ends of mentorships")

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.reason}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.mentorship.referral.person_id, self.mentorship.volunteer.municipality_id


class SupportKind(models.TextChoices):
    QUESTION = "question", _("Question")
    SUPPORT = "support", _("Needs support")
    INCIDENT = "incident", _("Incident")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SupportRequest(TimeStampedModel):
    """A volunteer asks for support, or tells of an incident; the coordinator records it and
    marks it handled."""

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("volunteer"),
    )
    received_on = models.DateField(_("received on"))
    kind = models.CharField(_("kind"), max_length=10, choices=SupportKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what it is about"), max_length=2_000)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    handling = models.CharField(_("what was done"), max_length=500, blank=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(
        municipality="volunteer__municipality", permission=Permission.MANAGE_VOLUNTEERS
    )
    objects = MunicipalQuerySet["SupportRequest"].as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handled_on__isnull=True)
                | models.Q(handled_on__gte=models.F("received_on")),
                name="support_handled_after_received",
                violation_error_message=_("It cannot be handled before it was received."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.kind} {self.received_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.volunteer.municipality_id


class DropoutReason(models.TextChoices):
    NO_TIME = "no_time", _("No time any more")
    LIFE_CHANGE = "life_change", _("Work, family or health")
    MOVED = "moved", _("Moved away")
    NOT_SUITED = "not_suited", _("The task did not suit her")
    NOT_MATCHED = "not_matched", _("Waited too long for a match")
    NOT_APPROVED = "not_approved", _("Not approved (record check)")
    OTHER = "other", _("Other")


class VolunteerStatusChange(models.Model):
    """A step of the volunteer pipeline, dated; pausing and ending give a dropout reason."""

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(_("status"), max_length=10, choices=VolunteerStatus.choices)
    changed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=20, choices=DropoutReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(
        municipality="volunteer__municipality", permission=Permission.MANAGE_VOLUNTEERS
    )
    objects = MunicipalQuerySet["VolunteerStatusChange"].as_manager()

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason="") | models.Q(status__in=["paused", "ended"]),
                name="dropout_reason_only_when_leaving",
                violation_error_message=_("A reason is given only when she pauses or stops."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.status} {self.changed_on:%d.%m.%Y}"


class TrainingCourse(TimeStampedModel):
    """A training course for volunteers: several sessions; a volunteer is trained when she
    attended ``required_sessions`` of them."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="training_courses",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2_000)
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions required to be trained"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    created_by = staff_member(_("created by"))

    scoping = Scoping(permission=Permission.MANAGE_VOLUNTEERS)
    objects = MunicipalQuerySet["TrainingCourse"].as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(required_sessions__gte=1),
                name="course_requires_a_session",
                violation_error_message=_("A course requires at least one session."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id


class TrainingSession(models.Model):
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    scoping = Scoping(municipality="course__municipality", permission=Permission.MANAGE_VOLUNTEERS)
    objects = MunicipalQuerySet["TrainingSession"].as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.course_id} {self.date:%d.%m.%Y}"


class TrainingEnrolment(models.Model):
    course = models.ForeignKey(
        TrainingCourse,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="training_enrolments",
        verbose_name=_("volunteer"),
    )

    scoping = Scoping(municipality="course__municipality", permission=Permission.MANAGE_VOLUNTEERS)
    objects = MunicipalQuerySet["TrainingEnrolment"].as_manager()

    class Meta:
        ordering = ["volunteer__first_name", "id"]
        verbose_name = _("enrolment in a training course")
        verbose_name_plural = _("enrolments in training courses")
        constraints = [
            models.UniqueConstraint(fields=["course", "volunteer"], name="enrol_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.volunteer_id}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="training_attendances",
        verbose_name=_("volunteer"),
    )

    scoping = Scoping(
        municipality="session__course__municipality", permission=Permission.MANAGE_VOLUNTEERS
    )
    objects = MunicipalQuerySet["TrainingAttendance"].as_manager()

    class Meta:
        verbose_name = _("attendance at a training session")
        verbose_name_plural = _("attendances at training sessions")
        constraints = [
            models.UniqueConstraint(fields=["session", "volunteer"], name="attend_session_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.volunteer_id}"


# Capacity building for ethnic-minority associations (issue 17, point 6; seed 002: courses, a
# key adviser, agreed expectation points and action items with status). Services and
# selectors in ``capacity.py``.


class CapacityBuilding(TimeStampedModel):
    """One association's capacity-building course of work with the municipality."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="capacity_building",
        verbose_name=_("association"),
    )
    key_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("key adviser"),
    )
    started_on = models.DateField(_("started on"))
    notes = models.TextField(_("notes"), blank=True, max_length=5_000)

    scoping = Scoping(
        municipality="organisation__municipality", permission=Permission.MANAGE_PARTNERS
    )
    objects = MunicipalQuerySet["CapacityBuilding"].as_manager()

    class Meta:
        verbose_name = _("capacity building")
        verbose_name_plural = _("capacity building")

    def __str__(self) -> str:
        return str(self.organisation_id)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.organisation.municipality_id


class CapacityCourse(models.Model):
    """A course the association's people attended (bookkeeping, applications, board work)."""

    building = models.ForeignKey(
        CapacityBuilding, on_delete=models.CASCADE, related_name="courses", verbose_name=_("plan")
    )
    title = models.CharField(_("course"), max_length=200)
    attended_on = models.DateField(_("attended on"))
    participants = models.PositiveSmallIntegerField(
        _("participants"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    scoping = Scoping(
        municipality="building__organisation__municipality",
        permission=Permission.MANAGE_PARTNERS,
    )
    objects = MunicipalQuerySet["CapacityCourse"].as_manager()

    class Meta:
        ordering = ["attended_on", "id"]
        verbose_name = _("course attended")
        verbose_name_plural = _("courses attended")

    def __str__(self) -> str:
        return self.title


class ExpectationPoint(models.Model):
    """A point the association and the municipality agreed to expect of each other."""

    building = models.ForeignKey(
        CapacityBuilding,
        on_delete=models.CASCADE,
        related_name="expectations",
        verbose_name=_("plan"),
    )
    text = models.CharField(_("expectation"), max_length=500)
    agreed_on = models.DateField(_("agreed on"))

    scoping = Scoping(
        municipality="building__organisation__municipality",
        permission=Permission.MANAGE_PARTNERS,
    )
    objects = MunicipalQuerySet["ExpectationPoint"].as_manager()

    class Meta:
        ordering = ["agreed_on", "id"]
        verbose_name = _("expectation point")
        verbose_name_plural = _("expectation points")

    def __str__(self) -> str:
        return self.text


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CapacityAction(models.Model):
    """An action item of the plan: what, who, by when, and how far it has come."""

    building = models.ForeignKey(
        CapacityBuilding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    title = models.CharField(_("action"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    scoping = Scoping(
        municipality="building__organisation__municipality",
        permission=Permission.MANAGE_PARTNERS,
    )
    objects = MunicipalQuerySet["CapacityAction"].as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title
