from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "brobygger.languages"
    label = "languages"
