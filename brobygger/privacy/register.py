"""The register of processing activities (GDPR art. 30(1)), generated from the configuration.

What is written by hand is what only people can say: the purpose of each activity and its
legal basis. Everything else is read from the running installation, so the register cannot
drift from the system: the categories of data are the models' fields (each Person field is
placed in a category, and a test fails when a new field is not), the recipients are the roles
that hold the activity's permissions (``ROLE_PERMISSIONS``) and the partnerships' evaluators,
the retention periods are the municipalities' rules and the access-log setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.accounts.access import ROLE_PERMISSIONS, Permission
from brobygger.accounts.models import Role, TwoFactorRequirement
from brobygger.accounts.oidc import oidc_enabled
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import LegalBasis, Person

from .purge import periods_for

# Every field of Person in one category of data (art. 30(1)(c)).
PERSON_FIELD_CATEGORIES: dict[str, Any] = {
    "first_name": gettext_lazy("Identification"),
    "last_name": gettext_lazy("Identification"),
    "first_name_latin": gettext_lazy("Identification"),
    "last_name_latin": gettext_lazy("Identification"),
    "birth_date": gettext_lazy("Identification"),
    "cpr_ciphertext": gettext_lazy("CPR number (databeskyttelsesloven § 11), encrypted"),
    "cpr_hash": gettext_lazy("CPR number (databeskyttelsesloven § 11), encrypted"),
    "name_variants": gettext_lazy("Identification"),
    "gender": gettext_lazy("Background"),
    "country_of_origin": gettext_lazy("Background"),
    "year_of_arrival": gettext_lazy("Background"),
    "integration_period": gettext_lazy("Background"),
    "known_in_municipal_systems": gettext_lazy("Background"),
    "provider_name": gettext_lazy("Family"),
    "children_count": gettext_lazy("Family"),
    "phone": gettext_lazy("Contact details"),
    "email": gettext_lazy("Contact details"),
    "street": gettext_lazy("Address"),
    "floor_door": gettext_lazy("Address"),
    "postal_code": gettext_lazy("Address"),
    "city": gettext_lazy("Address"),
    "housing_area": gettext_lazy("Address"),
    "languages": gettext_lazy("Language and Danish education"),
    "preferred_language": gettext_lazy("Language and Danish education"),
    "interpreter_needed": gettext_lazy("Language and Danish education"),
    "danish_programme": gettext_lazy("Language and Danish education"),
    "danish_module": gettext_lazy("Language and Danish education"),
    "danish_exam": gettext_lazy("Language and Danish education"),
    "legal_basis": gettext_lazy("Legal basis, consent and duty to inform"),
    "consent_given_on": gettext_lazy("Legal basis, consent and duty to inform"),
    "consent_method": gettext_lazy("Legal basis, consent and duty to inform"),
    "consent_language": gettext_lazy("Legal basis, consent and duty to inform"),
    "consent_scope": gettext_lazy("Legal basis, consent and duty to inform"),
    "inform_due_on": gettext_lazy("Legal basis, consent and duty to inform"),
    "informed_on": gettext_lazy("Legal basis, consent and duty to inform"),
    "informed_how": gettext_lazy("Legal basis, consent and duty to inform"),
    "notes": gettext_lazy("Free-text notes"),
    "follow_up_on": gettext_lazy("Casework"),
    "next_action": gettext_lazy("Casework"),
    "status": gettext_lazy("Casework"),
    "assigned_caseworker": gettext_lazy("Casework"),
}
# Bookkeeping fields of Person: not data about her.
PERSON_BOOKKEEPING = frozenset(
    {
        "id",
        "municipality",
        "created_at",
        "updated_at",
        "created_by",
        "is_demo",
        "merged_into",
        "version",
        "erased_at",
    }
)


@dataclass(frozen=True)
class Activity:
    key: str
    name: Any
    purpose: Any
    legal_basis: Any
    data_subjects: Any
    models: tuple[str, ...]
    permissions: tuple[Permission, ...]
    retention: Any = ""
    extra_recipients: tuple[Any, ...] = ()


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        key="outreach",
        name=gettext_lazy("Outreach to and registration of spouse-supported new Danes"),
        purpose=gettext_lazy(
            "Find and contact citizens who receive no public benefits and are unknown to the "
            "municipality, register the contact and follow the way to work or education "
            "(the employment and integration tasks of the municipality)."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(e) (public task, lov om en aktiv beskæftigelsesindsats and "
            "integrationsloven) or art. 6(1)(a) (consent), recorded per person; CPR numbers "
            "under databeskyttelsesloven § 11(1)."
        ),
        data_subjects=gettext_lazy("Citizens in the target group"),
        models=(
            "people.Person",
            "people.PersonSource",
            "people.StatusEvent",
            "people.ContactAttempt",
            "people.DropInVisit",
            "people.PersonNameKey",
            "documents.PersonDocument",
            "meetings.Attendance",
            "meetings.Invitation",
            "meetings.Reminder",
            "targetgroups.ScreeningMark",
        ),
        permissions=(Permission.VIEW_PEOPLE, Permission.CHANGE_PEOPLE),
    ),
    Activity(
        key="text_messages",
        name=gettext_lazy("Text messages to and from citizens"),
        purpose=gettext_lazy(
            "Keep in contact with citizens who consented to text messages: invitations and "
            "reminders in their own language, their replies, delivery status and opt-out."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(a): her consent per channel, recorded with date and how; withdrawn by a "
            "reply STOP or otherwise."
        ),
        data_subjects=gettext_lazy("Citizens in the target group"),
        models=("messaging.SmsConsent", "messaging.OutboundMessage", "messaging.InboundMessage"),
        permissions=(Permission.VIEW_PEOPLE, Permission.CHANGE_PEOPLE),
        extra_recipients=(gettext_lazy("The SMS provider (data processor), e.g. GatewayAPI"),),
    ),
    Activity(
        key="casework",
        name=gettext_lazy("The case: conversations, her plan, case notes and tasks"),
        purpose=gettext_lazy(
            "Hold the first conversation and the follow-ups with her (background, wishes, "
            "practical barriers), write her plan with her, keep dated case notes, and plan the "
            "staff's tasks. Sensitive notes are read only by her caseworker and the roles "
            "granted it, and every read is logged."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(e) or art. 6(1)(a), as recorded for the person; information on health "
            "and other special categories that she chooses to give under art. 9(2)(b) and "
            "databeskyttelsesloven § 7, or her explicit consent (art. 9(2)(a))."
        ),
        data_subjects=gettext_lazy("Citizens in the target group"),
        models=(
            "cases.Conversation",
            "cases.CaseNote",
            "cases.CaseNoteRevision",
            "cases.Task",
            "cases.PlanGoal",
        ),
        permissions=(
            Permission.VIEW_PEOPLE,
            Permission.CHANGE_PEOPLE,
            Permission.VIEW_SENSITIVE_NOTES,
        ),
    ),
    Activity(
        key="interventions",
        name=gettext_lazy("Interventions, progression and outcomes"),
        purpose=gettext_lazy(
            "Offer internships, language school, guidance and volunteer activities, follow "
            "progress and measure the partnership's success criteria."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(e) or art. 6(1)(a), as recorded for the person."),
        data_subjects=gettext_lazy("Citizens in the target group"),
        models=(
            "interventions.Enrolment",
            "interventions.Outcome",
            "interventions.ConfidenceMeasure",
            "interventions.ProgressionAssessment",
            "interventions.ProgressionScore",
            "measures.PersonFact",
        ),
        permissions=(Permission.VIEW_PEOPLE, Permission.CHANGE_PEOPLE),
    ),
    Activity(
        key="lists",
        name=gettext_lazy("Import of lists and duplicate check"),
        purpose=gettext_lazy(
            "Read lists from the municipality's own systems and partners, and find people "
            "who are already registered, so nobody is contacted twice."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(e); CPR numbers under databeskyttelsesloven § 11(1)."),
        data_subjects=gettext_lazy("Citizens on the lists"),
        models=("linkage.ImportRow", "linkage.DuplicateCandidate", "people.PersonMerge"),
        permissions=(Permission.IMPORT_LISTS,),
    ),
    Activity(
        key="matchmaking",
        name=gettext_lazy("Volunteers, mentors and referrals"),
        purpose=gettext_lazy(
            "Match citizens with volunteer mentors and associations; keep the volunteers' "
            "record checks and training."
        ),
        legal_basis=gettext_lazy(
            "Citizens: art. 6(1)(a) consent to the referral. Volunteers: art. 6(1)(a) consent "
            "given at sign-up; the record check under art. 6(1)(c)."
        ),
        data_subjects=gettext_lazy("Citizens referred to a mentor; volunteers"),
        models=(
            "partners.Volunteer",
            "partners.Referral",
            "partners.Mentorship",
            "partners.DeclinedMatch",
            "partners.ReferralEvent",
            "partners.MentorshipCheckIn",
            "partners.MentorshipEnd",
            "partners.SupportRequest",
            "partners.VolunteerStatusChange",
            "partners.TrainingCourse",
            "partners.TrainingSession",
            "partners.TrainingEnrolment",
            "partners.TrainingAttendance",
        ),
        permissions=(Permission.MANAGE_VOLUNTEERS,),
    ),
    Activity(
        key="partners",
        name=gettext_lazy("Partners, cooperation agreements and events"),
        purpose=gettext_lazy(
            "Cooperate with associations and companies: contact persons, visits, agreements, "
            "status meetings and matchmaking events."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(e); public sign-ups art. 6(1)(a)."),
        data_subjects=gettext_lazy("Contact persons of associations and companies"),
        models=(
            "partners.Organisation",
            "partners.ContactPerson",
            "partners.Visit",
            "partners.CapacityBuilding",
            "partners.CapacityCourse",
            "partners.ExpectationPoint",
            "partners.CapacityAction",
            "agreements.Agreement",
            "agreements.StatusMeeting",
            "documents.PartnerDocument",
            "events.Participant",
            "signup.Signup",
        ),
        permissions=(Permission.MANAGE_PARTNERS,),
    ),
    Activity(
        key="evaluation",
        name=gettext_lazy("Pseudonymised extract for the evaluation"),
        purpose=gettext_lazy(
            "Let the partnership's evaluator measure the effect of the outreach methods "
            "without names, CPR numbers, contact data or free texts."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(e) with art. 89 (statistics), pseudonymised."),
        data_subjects=gettext_lazy("Citizens in the target group"),
        models=("evaluation.PseudonymKey", "evaluation.ExtractRun"),
        permissions=(Permission.EXPORT_PSEUDONYMISED,),
    ),
    Activity(
        key="staff",
        name=gettext_lazy("Staff accounts and the access log"),
        purpose=gettext_lazy(
            "Give staff access according to their role and log every use of personal data "
            "(GDPR art. 32; the Danish norm for access logging)."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(c) and (e), art. 32."),
        data_subjects=gettext_lazy("Staff of the municipalities and the partnership"),
        models=("accounts.User", "accounts.Membership", "audit.AccessLogEntry"),
        permissions=(Permission.VIEW_ACCESS_LOG, Permission.MANAGE_USERS),
    ),
)


@dataclass(frozen=True)
class Category:
    name: str
    fields: list[str]


def _categories(activity: Activity) -> list[Category]:
    categories: dict[str, list[str]] = {}
    for label in activity.models:
        model = apps.get_model(label)
        if model is Person:
            for model_field in Person._meta.concrete_fields:
                if model_field.name in PERSON_BOOKKEEPING:
                    continue
                category = str(PERSON_FIELD_CATEGORIES[model_field.name])
                categories.setdefault(category, []).append(str(model_field.verbose_name))
            continue
        fields = [
            str(f.verbose_name)
            for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and f.name not in PERSON_BOOKKEEPING
        ]
        categories[str(model._meta.verbose_name_plural).capitalize()] = fields
    return [
        Category(name, sorted(set(fields), key=fields.index)) for name, fields in categories.items()
    ]


def _recipients(activity: Activity) -> list[str]:
    roles = [
        str(Role(role).label)
        for role, permissions in ROLE_PERMISSIONS.items()
        if any(p in permissions for p in activity.permissions)
    ]
    if activity.key == "evaluation":
        evaluators = sorted(
            set(
                Partnership.objects.exclude(evaluator_organisation="").values_list(
                    "evaluator_organisation", flat=True
                )
            )
        )
        roles.extend(evaluators)
    return roles


def _retention(activity: Activity, rules: list[tuple[Municipality, Any]]) -> list[str]:
    if activity.key == "staff":
        return [
            _("Access log: %(days)s days; accounts until they are closed.")
            % {"days": settings.ACCESS_LOG_RETENTION_DAYS}
        ]
    if activity.key in {"outreach", "interventions", "lists"}:
        lines = []
        for municipality, periods in rules:
            text = _(
                "%(municipality)s: never contacted %(never)s months after identification; "
                "otherwise %(after)s months after the last activity"
            ) % {
                "municipality": municipality.name,
                "never": periods.never_contacted_months,
                "after": periods.after_last_activity_months,
            }
            if activity.key == "lists":
                text += _("; list values %(days)s days after the import") % {
                    "days": periods.import_row_days
                }
            lines.append(text + ".")
        return lines
    if activity.key == "evaluation":
        return [
            _("The pseudonym key lives as long as the partnership's data."),
            _("The extract files: %(days)s days after they were made.")
            % {"days": settings.EXTRACT_RETENTION_DAYS},
        ]
    return [
        _(
            "Until the cooperation or the volunteer's engagement ends; sign-ups that are "
            "rejected are deleted at once."
        )
    ]


def _two_factor_measure() -> str:
    """What the installation requires now, read from the administrators' setting."""
    required = [
        str(Role(role).label)
        for role in TwoFactorRequirement.objects.filter(required=True).values_list(
            "role", flat=True
        )
    ]
    if not required:
        return _(
            "Two-factor login (TOTP) can be turned on by each user and made mandatory per role; "
            "no role requires it yet."
        )
    return _("Two-factor login (TOTP) is mandatory for: %(roles)s.") % {
        "roles": ", ".join(sorted(required))
    }


def _login_measure() -> str:
    if oidc_enabled():
        return _("Staff log in through the municipality's identity provider (OpenID Connect).")
    return _("Staff log in with a personal password of at least 12 characters.")


def processing_register(*, municipalities: list[Municipality]) -> dict[str, Any]:
    """The register for ``municipalities`` (the controllers), ready for a page, PDF or JSON."""
    periods = periods_for(municipalities)
    rules = [(m, periods[m.pk]) for m in municipalities]
    return {
        "generated_at": timezone.now().isoformat(),
        "controllers": [{"code": m.code, "name": m.name} for m in municipalities],
        "organisation_label": settings.BROBYGGER_ORGANISATION_LABEL,
        "activities": [
            {
                "key": activity.key,
                "name": str(activity.name),
                "purpose": str(activity.purpose),
                "legal_basis": str(activity.legal_basis),
                "data_subjects": str(activity.data_subjects),
                "categories": [{"name": c.name, "fields": c.fields} for c in _categories(activity)],
                "recipients": _recipients(activity),
                "retention": _retention(activity, rules),
                "third_countries": _("None. Data stays with the municipality's operator."),
            }
            for activity in ACTIVITIES
        ],
        "legal_bases_in_use": [str(label) for _value, label in LegalBasis.choices],
        "security_measures": [
            _(
                "CPR numbers encrypted at rest (Fernet); found by a keyed hash, never in URLs "
                "or logs."
            ),
            _("One access policy: staff see only their own municipality's citizens."),
            _(
                "Every use of personal data is written to the access log, refused attempts too; "
                "kept %(days)s days."
            )
            % {"days": settings.ACCESS_LOG_RETENTION_DAYS},
            _login_measure(),
            _two_factor_measure(),
            _("Login throttling: a user name is locked after %(n)s wrong passwords.")
            % {"n": settings.AXES_FAILURE_LIMIT},
            _(
                "Exports of person-level data are logged with their row count; spreadsheet cells "
                "are neutralised against formula injection."
            ),
            _(
                "Retention rules per municipality, applied by a scheduled purge; erasure keeps "
                "only anonymous counts."
            ),
            _(
                "Optimistic locking: a record changed by someone else is never silently "
                "overwritten."
            ),
        ],
    }


def register_models() -> set[type[models.Model]]:
    """The models the register speaks of (for the test that every personal model is in it)."""
    return {apps.get_model(label) for activity in ACTIVITIES for label in activity.models}
