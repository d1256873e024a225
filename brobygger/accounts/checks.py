"""System checks: a half-configured OpenID Connect login is a mistake, not "switched off"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from .oidc import REQUIRED_SETTINGS, oidc_missing_settings


@register()
def oidc_configuration(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    missing = oidc_missing_settings()
    if len(missing) == len(REQUIRED_SETTINGS):
        return []
    errors = []
    if missing:
        errors.append(
            Error(
                "OpenID Connect login is partly configured: "
                f"{', '.join(missing)} must be set as well, or none of the OIDC_* variables.",
                id="accounts.E001",
            )
        )
    if not settings.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
        errors.append(
            Error(
                "OIDC_RP_SIGN_ALGO must be an algorithm verified with the provider's JWKS "
                "(RS256, or another RS or ES algorithm).",
                id="accounts.E002",
            )
        )
    return errors
