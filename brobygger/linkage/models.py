"""Lists, their imports, and the review queue of pairs that may be one person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.crypto import decrypt, encrypt
from brobygger.core.models import TimeStampedModel
from brobygger.partnerships.models import Municipality


def import_storage() -> FileSystemStorage:
    """Uploaded lists live outside MEDIA and STATIC: nothing serves them."""
    return FileSystemStorage(location=settings.IMPORT_ROOT)


class ListSource(TimeStampedModel):
    """A kind of list a municipality imports again and again ("Integrationsprogrammet",
    "Tidligere sprogskoleelever"): its outreach method and its remembered column mapping."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="list_sources"
    )
    name = models.CharField(_("name of the list"), max_length=200)
    method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.PROTECT,
        related_name="list_sources",
        verbose_name=_("outreach method"),
    )
    # file column header → standard field ("first_name", ...), remembered for the next file
    column_mapping = models.JSONField(default=dict, blank=True)

    scoping = Scoping(permission=Permission.IMPORT_LISTS)
    objects = MunicipalQuerySet["ListSource"].as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="listsource_unique_name")
        ]
        verbose_name = _("list")
        verbose_name_plural = _("lists")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportPhase(models.TextChoices):
    READING = "reading", _("Reading and checking rows")
    LINKING = "linking", _("Comparing with the registry")
    SAVING = "saving", _("Saving to the registry")


class ImportBatch(TimeStampedModel):
    """One upload of one list. It changes the registry in a single transaction at the end,
    so a failed or cancelled import leaves the registry exactly as before."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="import_batches"
    )
    source = models.ForeignKey(
        ListSource, on_delete=models.PROTECT, related_name="batches", verbose_name=_("list")
    )
    file = models.FileField(storage=import_storage, upload_to="%Y/%m/", blank=True)
    original_name = models.CharField(_("file"), max_length=255)
    encoding = models.CharField(max_length=20, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    phase = models.CharField(max_length=20, choices=ImportPhase.choices, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    new_count = models.PositiveIntegerField(_("new people"), default=0)
    matched_count = models.PositiveIntegerField(_("matched existing people"), default=0)
    duplicate_count = models.PositiveIntegerField(_("repeated in the list"), default=0)
    review_count = models.PositiveIntegerField(_("need review"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    error = models.TextField(blank=True)
    model = models.JSONField(null=True, blank=True, editable=False)
    trained_with_em = models.BooleanField(default=False)
    # What the reviewers' labels changed in the model (``learning.LabelLearning.as_json``).
    learning = models.JSONField(null=True, blank=True, editable=False)
    # How the scored pairs spread over the probability (``threshold.histogram``): counts and
    # summed probabilities per bin, no pair and no person.
    scores = models.JSONField(null=True, blank=True, editable=False)
    candidate_pairs = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scoping = Scoping(permission=Permission.IMPORT_LISTS)
    objects = MunicipalQuerySet["ImportBatch"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.source} ({self.original_name})"

    @property
    def is_active(self) -> bool:
        return self.status in {ImportStatus.QUEUED, ImportStatus.RUNNING}

    @property
    def new_not_in_review_count(self) -> int:
        """New people with no likely match: ``new_count`` also counts the new people sent to
        the review queue. The outcomes add up to the rows: this + review + matched + repeated
        in the list + rejected."""
        return self.new_count - self.review_count

    @property
    def percent(self) -> int:
        """Reading the rows is the first half of the work; linking and saving the rest."""
        if self.status == ImportStatus.DONE:
            return 100
        if self.phase == ImportPhase.READING and self.rows_total:
            return min(50, 50 * self.rows_done // self.rows_total)
        shares: dict[str, int] = {ImportPhase.LINKING: 60, ImportPhase.SAVING: 85}
        return shares.get(self.phase, 0)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id


class RowOutcome(models.TextChoices):
    NEW = "new", _("New person")
    MATCHED = "matched", _("Matched an existing person")
    DUPLICATE = "duplicate", _("Same person as an earlier row")
    REVIEW = "review", _("New person, possibly a duplicate (in the review queue)")
    REJECTED = "rejected", _("Rejected")


class ImportRow(models.Model):
    """A row of an imported list: what became of it and every problem found in it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    # The checked values, except the CPR number: never kept in clear (read them with
    # ``row_values``). The person now holds a used row's data, so its values are emptied.
    values = models.JSONField(default=dict)
    # The row's CPR number, encrypted like the person's (core/crypto.py).
    cpr_ciphertext = models.TextField(blank=True, editable=False)
    problems = models.JSONField(default=list)
    outcome = models.CharField(max_length=20, choices=RowOutcome.choices, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_rows",
    )
    probability = models.FloatField(null=True, blank=True)

    scoping = Scoping(
        municipality="batch__municipality", permission=Permission.IMPORT_LISTS, person="person"
    )
    objects = MunicipalQuerySet["ImportRow"].as_manager()

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="importrow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"

    @staticmethod
    def protected(values: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """A row's checked values as stored: without the CPR number, which is returned
        encrypted ("" for none)."""
        kept = {name: value for name, value in values.items() if name != "cpr"}
        number = values.get("cpr")
        return kept, encrypt(number) if number else ""

    @property
    def row_values(self) -> dict[str, Any]:
        """The checked values with the CPR number decrypted, for the linkage and the save."""
        if not self.cpr_ciphertext:
            return dict(self.values)
        return {**self.values, "cpr": decrypt(self.cpr_ciphertext)}


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    LATER = "later", _("Later")
    DIFFERENT = "different", _("Different people")
    MERGED = "merged", _("Same person (merged)")


class DuplicateCandidate(TimeStampedModel):
    """Two records that may be one person, with the model's probability and the evidence
    per field. A decision is kept: a pair found "different" is not proposed again."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="duplicate_candidates"
    )
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("probability"))
    evidence = models.JSONField(default=dict)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    merge = models.ForeignKey(
        "people.PersonMerge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The level of each comparison when the pair was decided (comparison → level label), so
    # that undoing the decision takes back exactly the label it gave the model.
    levels = models.JSONField(default=dict, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scoping = Scoping(person="person_a")
    objects = MunicipalQuerySet["DuplicateCandidate"].as_manager()

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="candidate_ordered"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="candidate_queue")]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_a_id, self.municipality_id


class ReviewLabelCount(models.Model):
    """How often the reviewers of a municipality found a pair at one level of one comparison
    to be the same person or different people: the labels the model learns m from
    (``learning``). Counts only: no pair, no person."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="review_label_counts"
    )
    comparison = models.CharField(max_length=40)
    level = models.CharField(max_length=200)
    same = models.PositiveIntegerField(default=0)
    different = models.PositiveIntegerField(default=0)

    scoping = Scoping(permission=Permission.IMPORT_LISTS)
    objects = MunicipalQuerySet["ReviewLabelCount"].as_manager()

    class Meta:
        ordering = ["municipality", "comparison", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "comparison", "level"], name="reviewlabel_unique_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comparison}: {self.level}"
