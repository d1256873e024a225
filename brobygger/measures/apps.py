from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "brobygger.measures"
    label = "measures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from brobygger.knowledge import figures

        from . import receivers
        from .views import method_figures_section

        # The fact table follows every write of the records it sums up (receivers.py).
        receivers.connect()

        # The methods library shows a method's figures; knowledge stands below measures.
        figures.provide(method_figures_section)
