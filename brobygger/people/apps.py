from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "brobygger.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Person

        # Change history (who changed what, before/after) of every person record.
        auditlog.register(Person, exclude_fields=["updated_at", "cpr_ciphertext", "cpr_hash"])
