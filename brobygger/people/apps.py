from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "brobygger.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Person

        # Change history (who changed what, before/after) of every person record. auditlog
        # would list the reverse relations on creation too ("interventions.Enrolment.None"):
        # they are not fields of hers, so they are left out with the bookkeeping fields.
        reverse_relations = [
            field.name
            for field in Person._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete
        ]
        auditlog.register(
            Person,
            exclude_fields=[
                "updated_at",
                "cpr_ciphertext",
                "cpr_hash",
                "version",
                "is_demo",
                *reverse_relations,
            ],
        )
