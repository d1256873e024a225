from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "brobygger.messaging"
    label = "messaging"
    verbose_name = _("Text messages")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from brobygger.people.panels import PersonPanel, register
        from brobygger.people.selectors import timeline_source_register

        from .models import MessageTemplate, SmsConsent
        from .selectors import person_messages_panel, person_replies_timeline

        for model in (MessageTemplate, SmsConsent):
            auditlog.register(model, exclude_fields=["updated_at", "created_at"])
        register(PersonPanel("messaging/person_messages.html", person_messages_panel))
        timeline_source_register(person_replies_timeline)
