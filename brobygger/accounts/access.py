"""The one access policy of Brobygger.

Every read of person-level data starts here: a queryset is narrowed by
``scope_for(user, permission).filter(queryset, field)`` (through the ``visible_to(user)``
queryset method that person-level models share), and a single object is fetched through
``get_visible_or_404``, which answers "does not exist" and "not yours" with the same 404.

The policy fails closed: an anonymous or inactive user, a user without memberships, or a
permission no role grants, sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from .models import (
    MUNICIPAL_ROLES,
    PARTNERSHIP_ROLES,
    SYSTEM_ROLES,
    Membership,
    Role,
    RoleGrant,
    TwoFactorRequirement,
    User,
)
from .signals import object_refused

AnyUser = User | AnonymousUser


class Permission(StrEnum):
    VIEW_PEOPLE = "people.view"
    CHANGE_PEOPLE = "people.change"
    IMPORT_LISTS = "people.import_lists"
    MANAGE_OUTREACH = "outreach.manage"
    VIEW_ACCESS_LOG = "audit.view_access_log"
    VIEW_USERS = "accounts.view_users"
    MANAGE_USERS = "accounts.manage_users"
    VIEW_PARTNERSHIP = "partnerships.view"
    VIEW_AGGREGATES = "reporting.view_aggregates"
    # Read the partnership's figures: the success criteria with the funnel and the trend, the
    # outreach methods and the status reports (counts only, small numbers hidden unless the
    # reader may see the municipality's people: measures.disclosure). Those who read the
    # aggregates, and the evaluator, who writes none of them.
    VIEW_FIGURES = "reporting.view_figures"
    MANAGE_CONFIGURATION = "core.manage_configuration"
    # Write the texts of status reports: a municipal lead her municipality's, the coordinator
    # (whose scope is every member municipality) the partnership's and the grant report.
    WRITE_REPORTS = "reporting.write_reports"
    # Partnership-level: the evaluator's pseudonymised extract of the partnership's people.
    # Checked per partnership with ``partnership_scope_for``, never through ``scope_for``.
    EXPORT_PSEUDONYMISED = "reporting.export_pseudonymised"
    # Partners (associations, companies, ...), cooperation agreements and matchmaking events
    # of a municipality; the coordinator's scope is every member municipality.
    MANAGE_PARTNERS = "partners.manage"
    # Volunteers (mentors), referrals of citizens to a mentor, and mentorships. A referral
    # carries only what matching needs, so the volunteer coordinator never opens a person.
    MANAGE_VOLUNTEERS = "partners.manage_volunteers"
    # Write success stories and entries of the partnership's methods library.
    SHARE_KNOWLEDGE = "knowledge.share"
    # Data-subject rights (GDPR art. 15 and 17): export everything held about a person, and
    # erase her. The municipal lead answers the requests of her municipality.
    ANSWER_DATA_SUBJECT_REQUESTS = "privacy.answer_requests"
    # The register of processing activities (art. 30), retention rules and the purge record:
    # documents about the processing, never about a person.
    VIEW_PRIVACY_RECORDS = "privacy.view_records"
    # Read the text of a person's sensitive case notes (health, family situation, violence):
    # her own caseworker always may (``cases.selectors.sensitive_readable``); beyond her, the
    # roles granted it here, in their own municipality. Every read is in the access log.
    VIEW_SENSITIVE_NOTES = "cases.view_sensitive_notes"
    # Grant a role of her own municipality a permission it does not hold by itself (from
    # ``GRANTABLE``); the municipal lead's.
    GRANT_TO_ROLES = "accounts.grant_to_roles"
    # Partnership-level: keep the partnership's target-group definitions and run the bulk
    # re-screening under one (counts only; the marks are person-level, read by municipal staff).
    MANAGE_TARGET_GROUPS = "reporting.manage_target_groups"
    # Partnership-level: approve a municipality's submitted quarterly report, or send it back.
    APPROVE_REPORTS = "reporting.approve_reports"


# What each role may do. Person-level permissions are only ever granted by municipal roles,
# so a partnership role (coordinator, evaluator, steering member) never reaches a person.
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.CASEWORKER: frozenset(
        {
            Permission.VIEW_PEOPLE,
            Permission.CHANGE_PEOPLE,
            Permission.IMPORT_LISTS,
            Permission.MANAGE_OUTREACH,
            Permission.VIEW_PARTNERSHIP,
            Permission.MANAGE_PARTNERS,
            Permission.SHARE_KNOWLEDGE,
        }
    ),
    Role.MUNICIPAL_LEAD: frozenset(
        {
            Permission.VIEW_PEOPLE,
            Permission.CHANGE_PEOPLE,
            Permission.IMPORT_LISTS,
            Permission.MANAGE_OUTREACH,
            Permission.VIEW_ACCESS_LOG,
            Permission.VIEW_USERS,
            Permission.VIEW_PARTNERSHIP,
            Permission.VIEW_AGGREGATES,
            Permission.VIEW_FIGURES,
            Permission.WRITE_REPORTS,
            Permission.MANAGE_PARTNERS,
            Permission.MANAGE_VOLUNTEERS,
            Permission.SHARE_KNOWLEDGE,
            Permission.ANSWER_DATA_SUBJECT_REQUESTS,
            Permission.VIEW_PRIVACY_RECORDS,
            # She answers the access requests, which show the sensitive notes to the person.
            Permission.VIEW_SENSITIVE_NOTES,
            Permission.GRANT_TO_ROLES,
        }
    ),
    Role.VOLUNTEER_COORDINATOR: frozenset(
        {
            Permission.VIEW_PARTNERSHIP,
            Permission.MANAGE_PARTNERS,
            Permission.MANAGE_VOLUNTEERS,
            Permission.SHARE_KNOWLEDGE,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Permission.VIEW_PARTNERSHIP,
            Permission.VIEW_AGGREGATES,
            Permission.VIEW_FIGURES,
            Permission.WRITE_REPORTS,
            Permission.MANAGE_PARTNERS,
            Permission.SHARE_KNOWLEDGE,
            Permission.MANAGE_TARGET_GROUPS,
            Permission.APPROVE_REPORTS,
        }
    ),
    Role.EVALUATOR: frozenset(
        {Permission.VIEW_PARTNERSHIP, Permission.VIEW_FIGURES, Permission.EXPORT_PSEUDONYMISED}
    ),
    Role.STEERING_MEMBER: frozenset(
        {Permission.VIEW_PARTNERSHIP, Permission.VIEW_AGGREGATES, Permission.VIEW_FIGURES}
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.VIEW_ACCESS_LOG,
            Permission.VIEW_USERS,
            Permission.MANAGE_USERS,
            Permission.VIEW_PARTNERSHIP,
            Permission.MANAGE_CONFIGURATION,
            Permission.VIEW_PRIVACY_RECORDS,
        }
    ),
    # The access log of her municipality and the privacy records; no person, no figures.
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {Permission.VIEW_ACCESS_LOG, Permission.VIEW_PRIVACY_RECORDS}
    ),
}

PERSON_LEVEL_PERMISSIONS = frozenset(
    {
        Permission.VIEW_PEOPLE,
        Permission.CHANGE_PEOPLE,
        Permission.IMPORT_LISTS,
        Permission.ANSWER_DATA_SUBJECT_REQUESTS,
        Permission.VIEW_SENSITIVE_NOTES,
    }
)
assert not any(  # nosec B101  # also tested in tests/test_tenancy.py (python -O)
    ROLE_PERMISSIONS[role] & PERSON_LEVEL_PERMISSIONS for role in PARTNERSHIP_ROLES | SYSTEM_ROLES
), "person-level permissions belong to municipal roles only"

# Roles that reach people: granted only to someone else, in the municipality's sight (the
# grant is in her access log and her leads are told; accounts.services).
PERSON_ACCESS_ROLES = frozenset(
    role for role, permissions in ROLE_PERMISSIONS.items() if permissions & PERSON_LEVEL_PERMISSIONS
)

# What a municipality may grant a role of its own beyond the role's permissions (``RoleGrant``),
# and to which roles: those that see its people but do not hold it by themselves.
GRANTABLE: dict[Permission, frozenset[str]] = {
    Permission.VIEW_SENSITIVE_NOTES: frozenset(
        role
        for role in MUNICIPAL_ROLES
        if Permission.VIEW_PEOPLE in ROLE_PERMISSIONS[role]
        and Permission.VIEW_SENSITIVE_NOTES not in ROLE_PERMISSIONS[role]
    ),
}

# Permissions over a whole partnership (all its municipalities at once): partnership roles only.
PARTNERSHIP_LEVEL_PERMISSIONS = frozenset(
    {
        Permission.EXPORT_PSEUDONYMISED,
        Permission.MANAGE_TARGET_GROUPS,
        Permission.APPROVE_REPORTS,
    }
)
assert not any(  # nosec B101  # also tested in tests/test_tenancy.py (python -O)
    ROLE_PERMISSIONS[role] & PARTNERSHIP_LEVEL_PERMISSIONS for role in MUNICIPAL_ROLES
), "partnership-level permissions belong to partnership roles only"


@dataclass(frozen=True)
class Scope:
    """The objects (municipalities, or partnerships) in which a user holds one permission."""

    ids: frozenset[int]
    everywhere: bool = False

    @property
    def municipality_ids(self) -> frozenset[int]:
        return self.ids

    @property
    def is_empty(self) -> bool:
        return not self.everywhere and not self.ids

    def allows(self, municipality_id: int | None) -> bool:
        if self.everywhere:
            return True
        return municipality_id is not None and municipality_id in self.ids

    def q(self, field: str) -> models.Q:
        """A filter on ``field`` (a path to a Municipality) that keeps what this scope allows."""
        if self.everywhere:
            return models.Q()
        if not self.ids:
            return models.Q(pk__in=[])
        return models.Q(**{f"{field}__in": sorted(self.ids)})


NOWHERE = Scope(frozenset())
EVERYWHERE = Scope(frozenset(), everywhere=True)
# What one membership reaches (municipality or partnership ids), for ``_scope``.
Reach = Callable[[Membership], Iterable[int]]
_CACHE_ATTRIBUTE = "_brobygger_memberships"
_GRANTS_ATTRIBUTE = "_brobygger_grants"


def memberships_of(user: AnyUser) -> list[Membership]:
    """The user's memberships, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user)
            # Whether the role requires two-factor login, read along so that the check on
            # every request (accounts.middleware) costs no query of its own.
            .annotate(
                two_factor_required=models.Exists(
                    TwoFactorRequirement.objects.filter(role=models.OuterRef("role"), required=True)
                )
            )
            .select_related("municipality", "partnership")
            .prefetch_related("partnership__municipalities")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user: AnyUser) -> None:
    """Drop the cached memberships (and grants), e.g. after an administrator changed them."""
    for attribute in (_CACHE_ATTRIBUTE, _GRANTS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _grants_of(user: AnyUser) -> frozenset[tuple[int, str, str]]:
    """(municipality, role, permission) that her municipalities grant her roles there, read
    once per request and only when a grantable permission is asked for."""
    cached = getattr(user, _GRANTS_ATTRIBUTE, None)
    if cached is None:
        pairs = models.Q()
        for membership in memberships_of(user):
            if membership.role in MUNICIPAL_ROLES and membership.municipality_id is not None:
                pairs |= models.Q(municipality_id=membership.municipality_id, role=membership.role)
        cached = frozenset(
            RoleGrant.objects.filter(pairs).values_list("municipality_id", "role", "permission")
            if pairs
            else ()
        )
        setattr(user, _GRANTS_ATTRIBUTE, cached)
    return cached


def _holds(user: AnyUser, membership: Membership, permission: Permission) -> bool:
    """Whether the membership's role holds ``permission``, by itself or by its municipality's
    grant."""
    if permission in ROLE_PERMISSIONS.get(membership.role, frozenset()):
        return True
    if membership.role not in GRANTABLE.get(permission, frozenset()):
        return False
    key = (membership.municipality_id, membership.role, permission.value)
    return key in _grants_of(user)


def _scope(user: AnyUser, permission: Permission, reach: Reach) -> Scope:
    """The one scope loop of the policy: the user's memberships whose role grants
    ``permission`` (or whose municipality granted it the role); the system role reaches
    everywhere, any other what ``reach`` says."""
    ids: set[int] = set()
    for membership in memberships_of(user):
        if not _holds(user, membership, permission):
            continue
        if membership.role in SYSTEM_ROLES:
            return EVERYWHERE
        ids.update(reach(membership))
    return Scope(frozenset(ids)) if ids else NOWHERE


def _municipalities(membership: Membership) -> Iterable[int]:
    """A municipal role's municipality; a partnership role's member municipalities."""
    if membership.role in MUNICIPAL_ROLES and membership.municipality_id is not None:
        return [membership.municipality_id]
    if membership.role in PARTNERSHIP_ROLES and membership.partnership is not None:
        return [m.pk for m in membership.partnership.municipalities.all()]
    return []


def _own_municipality(membership: Membership) -> Iterable[int]:
    """A municipal role's municipality only, never one reached through a partnership."""
    if membership.role in MUNICIPAL_ROLES and membership.municipality_id is not None:
        return [membership.municipality_id]
    return []


def _partnerships_seen(membership: Membership) -> Iterable[int]:
    """A partnership role's partnership, and every partnership of a municipal role's
    municipality."""
    ids = [membership.partnership_id] if membership.partnership_id is not None else []
    if membership.municipality is not None:
        ids += [p.pk for p in membership.municipality.partnerships.all()]
    return ids


def _own_partnership(membership: Membership) -> Iterable[int]:
    """A partnership role's own partnership; a municipal role reaches no whole partnership."""
    if membership.role in PARTNERSHIP_ROLES and membership.partnership_id is not None:
        return [membership.partnership_id]
    return []


def scope_for(user: AnyUser, permission: Permission) -> Scope:
    """The municipalities where ``user`` holds ``permission``."""
    return _scope(user, permission, _municipalities)


def municipal_scope_for(user: AnyUser, permission: Permission) -> Scope:
    """Where ``user`` holds ``permission`` through a role in the municipality itself, not
    through a partnership that the municipality is a member of (e.g. a municipality's own
    report section is her lead's to write, not the coordinator's)."""
    return _scope(user, permission, _own_municipality)


def has_permission(
    user: AnyUser, permission: Permission, *, municipality_id: int | None = None
) -> bool:
    """Whether ``user`` holds ``permission`` anywhere, or in one municipality when given."""
    scope = scope_for(user, permission)
    if municipality_id is None:
        return not scope.is_empty
    return scope.allows(municipality_id)


def require_permission(
    user: AnyUser, permission: Permission, *, municipality_id: int | None = None
) -> None:
    """For services: raise PermissionDenied unless ``has_permission`` holds."""
    if not has_permission(user, permission, municipality_id=municipality_id):
        raise PermissionDenied


def roles_of(user: AnyUser) -> frozenset[str]:
    return frozenset(membership.role for membership in memberships_of(user))


def partnership_ids_visible_to(user: AnyUser) -> Scope:
    """Partnerships a user may open: own partnership memberships, or a member municipality's."""
    return _scope(user, Permission.VIEW_PARTNERSHIP, _partnerships_seen)


def partnership_scope_for(user: AnyUser, permission: Permission) -> Scope:
    """The partnerships (ids) in which ``user`` holds a partnership-level ``permission``.

    Only a membership of the partnership itself counts (or the system role, when it holds the
    permission): a municipal role never reaches a whole partnership through one municipality,
    and an evaluator of one partnership reaches nothing of another, even one that shares
    municipalities with it."""
    return _scope(user, permission, _own_partnership)


ModelT = TypeVar("ModelT", bound=models.Model)


def on_refused(user: AnyUser, model: type[models.Model], pk: Any) -> None:
    """Record a refused attempt at an object that exists but is not the user's to see."""
    object_refused.send(sender=model, user=user, model=model, object_id=pk)


def get_visible_or_404(queryset: models.QuerySet[ModelT], *, user: AnyUser, pk: Any) -> ModelT:
    """Fetch one object from an already narrowed queryset; "missing" and "not yours" are one 404.

    A refusal of an object that exists elsewhere is written to the access log (the Danish
    norm logs refused attempts too).
    """
    try:
        return queryset.get(pk=pk)
    except (ValueError, TypeError):
        raise Http404 from None
    except ObjectDoesNotExist:
        if queryset.model._default_manager.filter(pk=pk).exists():
            on_refused(user, queryset.model, pk)
        raise Http404 from None


@dataclass(frozen=True)
class Scoping:
    """The one declaration of a municipal record, as the class attribute ``scoping`` of its model.

    ``municipality`` is the path from the record to the municipality that owns it, ``permission``
    the permission that shows it, and ``person`` (for person-level data) the path to the person
    it is about ("" for the person herself). The scoping manager (``MunicipalQuerySet``), the
    lint that keeps person-level queries in the selectors, the art. 30 register and the access
    request's walk all read it; a test fails when a model related to a person has none.
    """

    municipality: str = "municipality"
    permission: Permission = Permission.VIEW_PEOPLE
    person: str | None = None

    @property
    def person_level(self) -> bool:
        return self.person is not None


def scoping_of(model: type[models.Model]) -> Scoping | None:
    declared = getattr(model, "scoping", None)
    return declared if isinstance(declared, Scoping) else None


def scoped_models() -> list[type[models.Model]]:
    """Every model that declares its scoping, in the order of INSTALLED_APPS."""
    from django.apps import apps

    return [model for model in apps.get_models() if scoping_of(model) is not None]


def person_level_models() -> list[type[models.Model]]:
    return [model for model in scoped_models() if scoping_of(model).person_level]  # type: ignore[union-attr]


class MunicipalQuerySet(models.QuerySet[ModelT]):
    """The scoping manager of every model that declares a ``Scoping``: ``visible_to(user)``."""

    def visible_to(
        self, user: AnyUser, permission: Permission | None = None
    ) -> MunicipalQuerySet[ModelT]:
        """The records of the municipalities where ``user`` holds the model's permission (or
        ``permission``, for a page that shows them under another one)."""
        scoping = scoping_of(self.model)
        if scoping is None:
            raise TypeError(f"{self.model.__name__} declares no scoping")
        scope = scope_for(user, permission or scoping.permission)
        return self.filter(scope.q(scoping.municipality))
