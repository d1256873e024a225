from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "brobygger.linkage"
    verbose_name = _("Lists and record linkage")

    def ready(self) -> None:
        from brobygger.people.duplicates import register_scorer
        from brobygger.people.models import Person
        from brobygger.people.signals import person_signed_up

        from . import warning

        # The same rules at the door: the warning and the public form use the linkage model.
        register_scorer(warning.scored)
        person_signed_up.connect(
            warning.signed_up, sender=Person, dispatch_uid="brobygger.linkage.signed_up"
        )
