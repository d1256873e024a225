from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "brobygger.interventions"
    label = "interventions"
    verbose_name = _("Interventions and outcomes")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Enrolment, Outcome

        auditlog.register(Enrolment, exclude_fields=["updated_at", "created_at"])
        auditlog.register(Outcome, exclude_fields=["updated_at", "created_at"])
