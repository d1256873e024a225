"""The free-text sections of the reports. The grant status report follows the grant giver's
form (seed 004: "Statusrapport"), section by section; the quarterly report has the three
questions the municipalities answer every three months."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ReportKind


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    guidance: str | Promise = ""
    # Sections whose figures Brobygger fills in; the text is written around them.
    has_figures: bool = False


QUARTERLY_SECTIONS: tuple[Section, ...] = (
    Section(
        "status",
        _("Status of the work"),
        _("What happened this quarter: outreach, contact, interventions."),
    ),
    Section(
        "challenges",
        _("Challenges and how we meet them"),
        _("What went less well, and what you do about it."),
    ),
    Section("next", _("Plans for the next quarter")),
)

GRANT_SECTIONS: tuple[Section, ...] = (
    Section(
        "general",
        _("1. General information"),
        _("Journal number, project title, pool, date, project period, grant recipient, contact."),
        has_figures=True,
    ),
    Section(
        "summary",
        _("2. Summary"),
        _("Briefly and precisely: the project's purpose and main activity."),
    ),
    Section(
        "description",
        _("3. Description"),
        _("Purpose, target group, activities, success criteria and results, in short."),
        has_figures=True,
    ),
    Section(
        "results",
        _("4. Results and experiences"),
        _("Results achieved during the project, with experiences and recommendations."),
        has_figures=True,
    ),
    Section(
        "dissemination",
        _("5. Dissemination and anchoring"),
        _("How results are shared, and how the work will continue after the project."),
    ),
    Section(
        "activities",
        _("6. The project's activities"),
        _("The methods used in the project and the activities carried out."),
        has_figures=True,
    ),
    Section(
        "partners",
        _("7. Partners and organisation"),
        _("How the project is organised, who it works with, and who is responsible for what."),
        has_figures=True,
    ),
    Section(
        "changes",
        _("8. Changes to the project"),
        _("Changes and additions compared with the original application."),
    ),
    Section(
        "other",
        _("9. Other matters"),
        _("Other matters about the evaluation of the project."),
    ),
    Section("attachments", _("10. Attachments"), _("The attachments sent with the report.")),
)

SECTIONS: dict[str, tuple[Section, ...]] = {
    ReportKind.QUARTERLY: QUARTERLY_SECTIONS,
    ReportKind.GRANT: GRANT_SECTIONS,
}
