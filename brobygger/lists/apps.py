from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "brobygger.lists"
    label = "lists"
    verbose_name = _("Saved lists and bulk actions")
