from django.apps import AppConfig


class StartConfig(AppConfig):
    """The top of the house: the start page (her work list), the main menu and what every
    page's frame shows. It reads every app below it; nothing imports it."""

    name = "brobygger.start"
    label = "start"
