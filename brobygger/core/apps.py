from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
