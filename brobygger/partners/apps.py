from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "brobygger.partners"
    label = "partners"
    verbose_name = _("Partners and volunteers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Mentorship, Organisation, Referral, Volunteer

        for model in (Organisation, Volunteer, Referral, Mentorship):
            auditlog.register(model, exclude_fields=["updated_at", "created_at"])

        from brobygger.people.panels import PersonPanel, register

        from .selectors import person_mentoring_panel

        register(PersonPanel("partners/person_mentoring.html", person_mentoring_panel))

        from brobygger.outreach.partner_picking import PartnerDirectory
        from brobygger.outreach.partner_picking import register as register_directory

        from .models import OrganisationKind
        from .selectors import partners_offered
        from .services import organisation_create_inline

        register_directory(
            PartnerDirectory(
                offered=partners_offered,
                kinds=lambda: OrganisationKind.choices,
                create=organisation_create_inline,
            )
        )

        from .places import receivers_connect

        receivers_connect()

        from .volunteer_care import person_mentor_care_panel

        register(PersonPanel("partners/person_mentor_care.html", person_mentor_care_panel))
