from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "brobygger.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Partnership

        auditlog.register(Partnership, exclude_fields=["updated_at", "created_at"])
