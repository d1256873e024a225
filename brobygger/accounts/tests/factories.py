"""Staff users with their roles, API tokens and two-factor settings.

``UserFactory(caseworker=True)`` is a caseworker in Viborg (``municipality=...`` for another),
``UserFactory(coordinator=True)`` the coordinator of a new partnership (``partnership=...``),
``UserFactory(administrator=True, two_factor=True)`` an administrator with a confirmed
authenticator app. Everyone's password is the cast's ``PASSWORD``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import (
    MUNICIPAL_ROLES,
    PARTNERSHIP_ROLES,
    ApiToken,
    Membership,
    Role,
    RoleGrant,
    TwoFactorRequirement,
    User,
)
from brobygger.accounts.tokens import _hash as token_hash
from brobygger.partnerships.tests.factories import PartnershipFactory, municipality
from brobygger.testing import PASSWORD


def _for_roles(roles: frozenset[Role], declaration: Any) -> factory.Maybe:
    """``declaration`` where the role (``role``, declared beside) is one of ``roles``; None
    elsewhere: a municipal role has a municipality, a partnership role a partnership."""
    return factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in roles),
        yes_declaration=declaration,
        no_declaration=None,
    )


def _municipality() -> factory.Maybe:
    return _for_roles(MUNICIPAL_ROLES, factory.LazyFunction(municipality))


def _partnership() -> factory.Maybe:
    return _for_roles(PARTNERSHIP_ROLES, factory.SubFactory(PartnershipFactory))


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role where it belongs: a municipal role in Viborg, a partnership role in a new
    partnership, the administrator nowhere in particular."""

    class Meta:
        model = Membership

    user = factory.SubFactory("brobygger.accounts.tests.factories.UserFactory")
    role = Role.CASEWORKER
    municipality = _municipality()
    partnership = _partnership()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (two-factor login is set up)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory("brobygger.accounts.tests.factories.UserFactory")
    name = "Brobygger"
    confirmed = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:03d}")
    first_name = factory.Iterator(["Mette", "Jens", "Hanne", "Søren", "Karin", "Ahmad"])
    last_name = factory.Iterator(["Jensen", "Nielsen", "Hansen", "Pedersen", "Larsen"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(PASSWORD)

    membership = factory.Maybe(
        "role",
        yes_declaration=factory.RelatedFactory(
            MembershipFactory,
            factory_related_name="user",
            role=factory.SelfAttribute("..role"),
            municipality=factory.SelfAttribute("..municipality"),
            partnership=factory.SelfAttribute("..partnership"),
        ),
    )
    device = factory.Maybe(
        "two_factor",
        yes_declaration=factory.RelatedFactory(TOTPDeviceFactory, factory_related_name="user"),
    )

    class Params:
        role: str | None = None
        two_factor = False
        municipality = _municipality()
        partnership = _partnership()
        caseworker = factory.Trait(role=Role.CASEWORKER)
        municipal_lead = factory.Trait(role=Role.MUNICIPAL_LEAD)
        volunteer_coordinator = factory.Trait(role=Role.VOLUNTEER_COORDINATOR)
        data_protection_officer = factory.Trait(role=Role.DATA_PROTECTION_OFFICER)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        evaluator = factory.Trait(role=Role.EVALUATOR)
        steering_member = factory.Trait(role=Role.STEERING_MEMBER)
        administrator = factory.Trait(role=Role.ADMINISTRATOR)
        inactive = factory.Trait(is_active=False)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A valid personal token; its secret is ``bbg_test-token-<n>`` (``token`` to choose)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory, caseworker=True)
    name = factory.Sequence(lambda n: f"Token {n}")
    prefix = factory.LazyAttribute(lambda t: t.token[:8])
    key_hash = factory.LazyAttribute(lambda t: token_hash(t.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Params:
        token = factory.Sequence(lambda n: f"bbg_test-token-{n}")
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        after_second_factor = factory.Trait(second_factor=True)


class TwoFactorRequirementFactory(factory.django.DjangoModelFactory):
    """A role that requires two-factor login (``required=False`` for one that does not)."""

    class Meta:
        model = TwoFactorRequirement
        django_get_or_create = ("role",)

    role = Role.ADMINISTRATOR
    required = True


class RoleGrantFactory(factory.django.DjangoModelFactory):
    """Viborg grants its caseworkers reading every sensitive case note there."""

    class Meta:
        model = RoleGrant
        django_get_or_create = ("municipality", "role", "permission")

    municipality = factory.LazyFunction(lambda: municipality("791"))
    role = "caseworker"
    permission = "cases.view_sensitive_notes"
