from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "brobygger.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge sharing")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import MethodEntry, SuccessStory, Survey

        # The change history covers the shared texts. Never the survey's answers: a history
        # entry names its actor, and an answer must not be traceable to anyone.
        auditlog.register(MethodEntry, exclude_fields=["updated_at", "created_at"])
        auditlog.register(SuccessStory, exclude_fields=["updated_at", "created_at"])
        auditlog.register(Survey, exclude_fields=["updated_at", "created_at"])
