"""The privacy notice (GDPR art. 13) that the public interest form links to, generated from
the configuration like the art. 30 register: the controller and its data protection officer
from the municipality's public profile, the purpose and legal basis from the register's
outreach activity, the recipients from the roles that read people, the retention periods
from the municipality's rules; the rights are the regulation's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from brobygger.accounts.access import ROLE_PERMISSIONS, Permission
from brobygger.accounts.models import Role
from brobygger.outreach.selectors import profile_for
from brobygger.partnerships.models import Municipality

from .purge import periods_for
from .register import ACTIVITIES

OUTREACH = next(activity for activity in ACTIVITIES if activity.key == "outreach")


def privacy_notice(municipality: Municipality) -> dict[str, Any]:
    """What the notice says for ``municipality``, in the active interface language."""
    profile = profile_for(municipality)
    periods = periods_for([municipality])[municipality.pk]
    readers = sorted(
        str(Role(role).label)
        for role, permissions in ROLE_PERMISSIONS.items()
        if Permission.VIEW_PEOPLE in permissions
    )
    return {
        "controller": {
            "name": municipality.official_name,
            "address": profile.controller_address,
            "email": profile.controller_email,
            "phone": profile.controller_phone,
        },
        "dpo": {
            "name": profile.dpo_name,
            "email": profile.dpo_email,
            "phone": profile.dpo_phone,
        },
        "purpose": str(OUTREACH.purpose),
        "legal_basis": _(
            "Art. 6(1)(a) of the General Data Protection Regulation: your consent, which you "
            "give on the form. You can withdraw it at any time (art. 7(3)); what was done "
            "before stays lawful."
        ),
        "register_legal_basis": str(OUTREACH.legal_basis),
        "categories": [_("Your name"), _("Your phone number"), _("The language you chose")],
        "recipients": readers,
        "retention": _(
            "If we never reach you, your details are deleted after %(never)s months. Otherwise "
            "they are deleted %(after)s months after the last contact or activity."
        )
        % {
            "never": periods.never_contacted_months,
            "after": periods.after_last_activity_months,
        },
        "access_log_days": settings.ACCESS_LOG_RETENTION_DAYS,
        "rights": [
            _("To see the information we have about you (art. 15)."),
            _("To have wrong information corrected (art. 16)."),
            _("To have your information deleted (art. 17)."),
            _("To have the use of your information restricted (art. 18)."),
            _("To object to our use of your information (art. 21)."),
            _("To withdraw your consent at any time (art. 7(3))."),
        ],
        "complaint": _(
            "You can complain to Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby, "
            "dt@datatilsynet.dk, www.datatilsynet.dk (art. 77)."
        ),
        "automated": _("No decisions about you are made automatically, and no profiling."),
        "third_countries": _("Your information is not sent to countries outside the EU/EEA."),
    }
