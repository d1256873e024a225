from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "brobygger.measures"
    label = "measures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from brobygger.knowledge import figures

        from . import receivers
        from .views import method_figures_section

        # The fact table follows every write of the records it sums up (receivers.py), and
        # is rebuilt after a migrate that changed it.
        receivers.connect()
        post_migrate.connect(
            receivers.facts_after_migrate, sender=self, dispatch_uid="facts-after-migrate"
        )

        # The methods library shows a method's figures; knowledge stands below measures.
        figures.provide(method_figures_section)
