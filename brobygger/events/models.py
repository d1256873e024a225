"""Matchmaking events (seed 002, "Speed dating – en ny måde at mødes på"): the job centre
invites associations and companies of its municipality, both sides say whom they want to
meet, and every round each table seats one association and one company. Afterwards the
municipality asks who wants to continue, and helps those pairs to a cooperation agreement.

An event belongs to one municipality; its participants are approved partners of that
municipality. The schedule is made by ``brobygger.scheduling.speeddating`` and stored as
meetings; it is replaced as a whole, never edited meeting by meeting."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member
from brobygger.partners.models import OrganisationKind
from brobygger.scheduling.speeddating import MAX_WEIGHT, MUTUAL_WEIGHT, ONE_SIDED_WEIGHT

MAX_ROUNDS = 30
MAX_TABLES = 200


class Side(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")


# Which side of the tables a partner sits on. Civil society on one side (seed 002 counts
# volunteer organisations, housing associations and religious communities among the
# "foreninger"), companies on the other; education providers, public institutions and
# "other" take no part in speed dating.
SIDE_OF_KIND: dict[str, Side] = {
    OrganisationKind.ASSOCIATION: Side.ASSOCIATION,
    OrganisationKind.ETHNIC_ASSOCIATION: Side.ASSOCIATION,
    OrganisationKind.VOLUNTEER_ORGANISATION: Side.ASSOCIATION,
    OrganisationKind.HOUSING_ASSOCIATION: Side.ASSOCIATION,
    OrganisationKind.RELIGIOUS_COMMUNITY: Side.ASSOCIATION,
    OrganisationKind.COMPANY: Side.COMPANY,
}


def side_of(kind: str) -> Side | None:
    """The side a partner of this kind takes, or None if it cannot take part."""
    return SIDE_OF_KIND.get(kind)


class EventStatus(models.TextChoices):
    """Planning → scheduled (a schedule is stored) → held (the schedule is what happened;
    nothing but follow-ups changes any more). A change of participants, wishes or table
    settings while scheduled removes the schedule and returns the event to planning."""

    PLANNING = "planning", _("Planning")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")


class Event(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="matchmaking_events",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("first round starts at"), default=time(16, 0))
    place = models.CharField(_("place"), max_length=200, blank=True)
    rounds = models.PositiveSmallIntegerField(
        _("rounds"), default=6, validators=[MinValueValidator(1), MaxValueValidator(MAX_ROUNDS)]
    )
    tables = models.PositiveSmallIntegerField(
        _("tables"), default=10, validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLES)]
    )
    minutes_per_round = models.PositiveSmallIntegerField(
        _("minutes per round"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    changeover_minutes = models.PositiveSmallIntegerField(
        _("minutes to change tables"),
        default=5,
        validators=[MaxValueValidator(60)],
    )
    # Empty: the scheduler's defaults (3 and 1; see brobygger.scheduling.speeddating).
    mutual_weight = models.PositiveSmallIntegerField(
        _("weight of a mutual wish"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)],
    )
    one_sided_weight = models.PositiveSmallIntegerField(
        _("weight of a one-sided wish"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)],
    )
    fill_empty_seats = models.BooleanField(
        _("fill empty seats with pairs nobody wished"), default=True
    )
    allow_sit_outs = models.BooleanField(
        _("allow sit-outs when one side has more participants than there are tables"),
        default=False,
    )
    # Taking turns (or a side with fewer participants) can leave someone at the side-line all
    # evening; the scheduler guarantees everyone this many meetings.
    min_meetings = models.PositiveSmallIntegerField(
        _("everyone meets at least"),
        default=1,
        validators=[MaxValueValidator(MAX_ROUNDS)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNING
    )
    scheduled_at = models.DateTimeField(_("schedule made"), null=True, blank=True)
    # The schedule's ``Statistics`` (brobygger.scheduling.speeddating) as made; empty without one.
    statistics = models.JSONField(_("statistics of the schedule"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5_000)
    created_by = staff_member(_("created by"))
    is_demo = models.BooleanField(default=False, editable=False)

    scoping = Scoping(permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Event"].as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rounds__gte=1) & models.Q(tables__gte=1),
                name="event_has_rounds_and_tables",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.rounds and self.min_meetings > self.rounds:
            raise ValidationError(
                {
                    "min_meetings": _(
                        "Nobody can have more meetings than there are rounds (%(rounds)s)."
                    )
                    % {"rounds": self.rounds}
                }
            )
        if self.effective_one_sided_weight > self.effective_mutual_weight:
            raise ValidationError(
                {
                    "one_sided_weight": _(
                        "A one-sided wish cannot weigh more than a mutual wish (%(mutual)s)."
                    )
                    % {"mutual": self.effective_mutual_weight}
                }
            )

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id

    @property
    def effective_mutual_weight(self) -> int:
        return self.mutual_weight or MUTUAL_WEIGHT

    @property
    def effective_one_sided_weight(self) -> int:
        return self.one_sided_weight or ONE_SIDED_WEIGHT

    @property
    def is_held(self) -> bool:
        return self.status == EventStatus.HELD

    def round_starts_at(self, number: int) -> datetime:
        """When round ``number`` (from 1) begins: rounds follow each other with a changeover."""
        first = datetime.combine(self.held_on, self.starts_at)  # noqa: DTZ001  (local wall time)
        step = timedelta(minutes=self.minutes_per_round + self.changeover_minutes)
        return first + (number - 1) * step


class Participant(models.Model):
    """A partner taking part; its side follows from the partner's kind when it is added."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="event_participations",
        verbose_name=_("partner"),
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    contact_name = models.CharField(
        _("who comes"),
        max_length=200,
        blank=True,
        help_text=_("The person who sits at the table, for the printed programme."),
    )

    scoping = Scoping(municipality="event__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Participant"].as_manager()

    class Meta:
        ordering = ["side", "organisation__name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="participant_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.event.municipality_id


class Wish(models.Model):
    """``from_participant`` wants to meet ``to_participant``: always across the sides."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="wishes")
    from_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wishes_made"
    )
    to_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wishes_received"
    )

    scoping = Scoping(municipality="event__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Wish"].as_manager()

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["from_participant", "to_participant"], name="wish_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_participant=models.F("to_participant")),
                name="wish_not_to_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_participant_id} → {self.to_participant_id}"

    def clean(self) -> None:
        source, target = self.from_participant, self.to_participant
        if source.pk == target.pk:
            raise ValidationError(_("A participant cannot wish to meet themselves."))
        if source.event_id != self.event_id or target.event_id != self.event_id:
            raise ValidationError(_("Both participants must take part in this event."))
        if source.side == target.side:
            raise ValidationError(
                _(
                    "%(source)s and %(target)s are on the same side; wishes go between an "
                    "association and a company."
                )
                % {"source": source, "target": target}
            )

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.event.municipality_id


class ScheduledMeeting(models.Model):
    """One table in one round. The constraints are the schedule's promises: one pair per
    table, nobody at two tables in a round, and no pair meeting twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    round = models.PositiveSmallIntegerField(_("round"))
    table = models.PositiveSmallIntegerField(_("table"))
    association = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meetings_as_association"
    )
    company = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meetings_as_company"
    )
    association_wished = models.BooleanField(_("the association wished it"), default=False)
    company_wished = models.BooleanField(_("the company wished it"), default=False)

    scoping = Scoping(municipality="event__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["ScheduledMeeting"].as_manager()

    class Meta:
        ordering = ["round", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["event", "round", "table"], name="meeting_table_once"),
            models.UniqueConstraint(
                fields=["event", "round", "association"], name="meeting_association_once"
            ),
            models.UniqueConstraint(
                fields=["event", "round", "company"], name="meeting_company_once"
            ),
            models.UniqueConstraint(
                fields=["event", "association", "company"], name="meeting_pair_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}/{self.table}: {self.association_id} × {self.company_id}"

    @property
    def is_mutual(self) -> bool:
        return self.association_wished and self.company_wished

    @property
    def was_wished(self) -> bool:
        return self.association_wished or self.company_wished

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.event.municipality_id


class FollowUp(TimeStampedModel):
    """After the event: does each side of a pair that met want to continue? Kept per pair
    (a pair meets at most once), so it does not hang on a meeting row."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    association = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    # None: not asked yet.
    association_continues = models.BooleanField(
        _("the association wants to continue"), null=True, blank=True
    )
    company_continues = models.BooleanField(
        _("the company wants to continue"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=5_000)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="event__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["FollowUp"].as_manager()

    class Meta:
        ordering = ["event", "association", "company"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "association", "company"], name="follow_up_once_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association_id} × {self.company_id}"

    @property
    def both_continue(self) -> bool:
        return bool(self.association_continues and self.company_continues)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.event.municipality_id
