from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "brobygger.outreach"
    label = "outreach"
