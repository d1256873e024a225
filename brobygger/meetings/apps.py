from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "brobygger.meetings"
    label = "meetings"
    verbose_name = _("Meetings and sessions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from brobygger.core.ics import feed_source_register
        from brobygger.messaging.signals import reply_received

        from .calendar import session_feed_events
        from .models import Invitation, Session
        from .services import invitation_reply_from_message

        auditlog.register(Session, exclude_fields=["updated_at", "created_at", "version"])
        auditlog.register(Invitation, exclude_fields=["updated_at", "created_at"])
        # The staff calendar address (agreements) shows the sessions too, without either app
        # importing the other: the feed asks core's list of sources.
        feed_source_register(session_feed_events)
        # A text reply ("JA", "نعم") answers her invitation (messaging does not import us).
        reply_received.connect(invitation_reply_from_message, dispatch_uid="meetings-reply")
