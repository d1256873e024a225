from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetGroupsConfig(AppConfig):
    name = "brobygger.targetgroups"
    label = "targetgroups"
    verbose_name = _("Target groups")

    def ready(self) -> None:
        from brobygger.people.panels import PersonPanel, register

        from .selectors import person_target_groups_panel

        register(PersonPanel("targetgroups/person_target_groups.html", person_target_groups_panel))
