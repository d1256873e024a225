from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "brobygger.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Membership, User

        auditlog.register(User, exclude_fields=["password", "last_login", "date_joined"])
        auditlog.register(Membership, exclude_fields=["updated_at", "created_at"])
