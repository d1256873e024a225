from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "brobygger.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import checks  # noqa: F401 (registers the system checks)
        from .models import Membership, TwoFactorRequirement, User

        auditlog.register(User, exclude_fields=["password", "last_login", "date_joined"])
        auditlog.register(Membership, exclude_fields=["updated_at", "created_at"])
        auditlog.register(TwoFactorRequirement, exclude_fields=["updated_at", "created_at"])
