from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetGroupsConfig(AppConfig):
    name = "brobygger.targetgroups"
    label = "targetgroups"
    verbose_name = _("Target groups")
