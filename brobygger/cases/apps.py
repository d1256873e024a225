from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "brobygger.cases"
    label = "cases"
    verbose_name = _("The case")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import CaseNote, Conversation, PlanGoal, Task

        # A note's text is left out of the change history: a sensitive text must not be read
        # there. Its earlier versions are kept as revisions, shown under the same rule.
        auditlog.register(CaseNote, exclude_fields=["updated_at", "created_at", "text"])
        auditlog.register(Task, exclude_fields=["updated_at", "created_at"])
        auditlog.register(Conversation, exclude_fields=["updated_at", "created_at"])
        auditlog.register(PlanGoal, exclude_fields=["updated_at", "created_at"])

        from brobygger.people.panels import PersonPanel, register

        from .selectors import person_case_panel

        register(PersonPanel("cases/person_case.html", person_case_panel))

        # A referral accepted, declined or ended is a task for her caseworker (partners
        # does not import cases: it tells through its signal).
        from brobygger.partners.signals import referral_status_changed

        from .receivers import referral_task_create

        referral_status_changed.connect(referral_task_create, dispatch_uid="cases-referral-task")
