from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupConfig(AppConfig):
    name = "brobygger.signup"
    label = "signup"
    verbose_name = _("Public sign-ups")
