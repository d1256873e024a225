"""Files attached to a person (a signed consent, a CV, a diploma, a letter she brought) and to a
partner or an agreement (the signed agreement).

The bytes live outside the web root under a random name (``DOCUMENT_ROOT``); the row keeps what
the file was found to be, its size and checksum, the name it came with (for display only) and
whether a virus scanner read it. A file is served only through a view that checks the same
access as its owner and logs the read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping


class DocumentKind(models.TextChoices):
    CONSENT = "consent", _("Signed consent")
    CV = "cv", _("CV")
    DIPLOMA = "diploma", _("Diploma or certificate")
    LETTER = "letter", _("Letter")
    AGREEMENT = "agreement", _("Signed agreement")
    OTHER = "other", _("Other")


class ScanResult(models.TextChoices):
    CLEAN = "clean", _("Scanned, nothing found")
    NOT_SCANNED = "not_scanned", _("Not scanned (no scanner configured)")


class StoredFile(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    original_name = models.CharField(_("file name"), max_length=120)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    scan = models.CharField(_("virus scan"), max_length=20, choices=ScanResult.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PersonDocument(StoredFile):
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("person"),
    )

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["PersonDocument"].as_manager()

    class Meta(StoredFile.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class PartnerDocument(StoredFile):
    """A partner's file: of an organisation, or of an agreement (one of the two), in the
    municipality of its owner."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("partner"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agreement"),
    )

    scoping = Scoping(permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["PartnerDocument"].as_manager()

    class Meta(StoredFile.Meta):
        verbose_name = _("partner document")
        verbose_name_plural = _("partner documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, agreement__isnull=True)
                | models.Q(organisation__isnull=True, agreement__isnull=False),
                name="partner_document_has_one_owner",
            )
        ]
