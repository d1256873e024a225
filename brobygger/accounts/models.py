from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel
from brobygger.partnerships.models import Municipality, Partnership


class User(AbstractUser):
    """A member of staff. What a user may see and do comes from memberships, never from flags."""

    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For users outside a municipality, e.g. the coordinating organisation."),
    )
    # Marks accounts made by `brobygger demo`, which refuses to touch anything else.
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    MUNICIPAL_LEAD = "municipal_lead", _("Municipal lead")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("Volunteer coordinator")
    COORDINATOR = "coordinator", _("Coordinator")
    EVALUATOR = "evaluator", _("Evaluator")
    STEERING_MEMBER = "steering_member", _("Steering group member")
    ADMINISTRATOR = "administrator", _("Administrator")
    # The municipality's data protection officer: reads the access log, never a person.
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


# Roles held in one municipality, roles held in a partnership, and the system-wide role.
MUNICIPAL_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.MUNICIPAL_LEAD,
        Role.VOLUNTEER_COORDINATOR,
        Role.DATA_PROTECTION_OFFICER,
    }
)
PARTNERSHIP_ROLES = frozenset({Role.COORDINATOR, Role.EVALUATOR, Role.STEERING_MEMBER})
SYSTEM_ROLES = frozenset({Role.ADMINISTRATOR})


class Membership(TimeStampedModel):
    """A user's role in a municipality, in a partnership, or (administrator) in the whole system."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partnership"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=(
                    models.Q(
                        role__in=sorted(r.value for r in MUNICIPAL_ROLES),
                        municipality__isnull=False,
                        partnership__isnull=True,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in PARTNERSHIP_ROLES),
                        municipality__isnull=True,
                        partnership__isnull=False,
                    )
                    | models.Q(
                        role__in=sorted(r.value for r in SYSTEM_ROLES),
                        municipality__isnull=True,
                        partnership__isnull=True,
                    )
                ),
                violation_error_message=_(
                    "Caseworkers, municipal leads, volunteer coordinators and data protection "
                    "officers belong to a municipality; coordinators, evaluators and steering "
                    "group members to a partnership; administrators to neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="membership_unique_in_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "partnership"],
                condition=models.Q(partnership__isnull=False),
                name="membership_unique_in_partnership",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(municipality__isnull=True, partnership__isnull=True),
                name="membership_unique_system_role",
            ),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.partnership or _("all")
        return f"{self.user} – {self.get_role_display()} – {scope}"


class ApiToken(TimeStampedModel):
    """A personal token for the JSON API. Only its SHA-256 is stored; the token is shown once.

    A token acts as its user, with the same memberships and the same access policy."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Made in a session that had passed a second factor (or with a code on the command line).
    # A user whose role requires two-factor login can use only such a token.
    second_factor = models.BooleanField(_("made after a second factor"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class TwoFactorRequirement(TimeStampedModel):
    """Whether a role requires two-factor login (a TOTP code after the password).

    A user who holds any role that requires it must set it up before she reaches anything
    else (``brobygger.accounts.middleware``). A role without a row does not require it."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, unique=True)
    required = models.BooleanField(_("two-factor login required"), default=False)

    class Meta:
        verbose_name = _("two-factor requirement")
        verbose_name_plural = _("two-factor requirements")
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.required}"


class RoleGrant(TimeStampedModel):
    """A municipality grants every member of one of its roles a permission that the role does
    not hold by itself, in that municipality only (``access.GRANTABLE``): e.g. all its
    caseworkers may read sensitive case notes, not only her own caseworker. Set by the
    municipality's lead; every change is in the access log."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    permission = models.CharField(_("permission"), max_length=60)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("granted permission")
        verbose_name_plural = _("granted permissions")
        ordering = ["municipality", "role", "permission"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "role", "permission"], name="one_grant_a_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_role_display()} · {self.permission}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        """No person; the municipality whose lead and data protection officer see it."""
        return None, self.municipality_id
