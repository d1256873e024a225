from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "brobygger.events"
    label = "events"
    verbose_name = _("Matchmaking events")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Event, FollowUp, Participant, Wish

        # The schedule's meetings are written in bulk and replaced as a whole; the event's
        # own history (status, statistics) records each new schedule.
        for model in (Event, Participant, Wish, FollowUp):
            auditlog.register(model, exclude_fields=["updated_at", "created_at"])
