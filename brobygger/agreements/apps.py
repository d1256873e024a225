from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "brobygger.agreements"
    label = "agreements"
    verbose_name = _("Cooperation agreements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Agreement, Party, StatusMeeting

        auditlog.register(Agreement, exclude_fields=["updated_at", "created_at", "version"])
        auditlog.register(Party)
        auditlog.register(StatusMeeting, exclude_fields=["updated_at", "created_at"])
