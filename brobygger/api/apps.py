from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "brobygger.api"
    label = "api"
