from django.apps import AppConfig
from django.core.signals import request_finished


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"

    def ready(self) -> None:
        from .logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="brobygger.forget_request_id")
