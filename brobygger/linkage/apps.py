from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "brobygger.linkage"
    verbose_name = _("Lists and record linkage")
