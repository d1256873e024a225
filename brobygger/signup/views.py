"""Public sign-up forms (no login) and the staff's review queue.

Public pages: Danish unless ``?lang=en`` (the public interest form's language switch), the
municipality named by its code in the address (``/frivillig/791/``, ``/samarbejde/791/``),
the defences of every public form: a honeypot (a bot is thanked and nothing is stored) and a
rate limit per client address. What is stored waits for review and shows nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record, access_record_each
from brobygger.core import ratelimit
from brobygger.core.forms import apply_errors
from brobygger.partners.models import Organisation, Volunteer
from brobygger.partnerships.models import Municipality

from . import questionnaire, selectors, services
from .forms import (
    AnswersForm,
    AssociationSignupForm,
    CompanySignupForm,
    OrganisationSignupForm,
    SignupForm,
    VolunteerSignupForm,
)

SUBMISSIONS_PER_MINUTE = 10
FORM_TEMPLATE = "signup/public/form.html"
THANKS_TEMPLATE = "signup/public/thanks.html"

# ---------------------------------------------------------------------------------------------
# Public pages


@dataclass(frozen=True)
class PageTexts:
    """What ``public_base.html`` reads from the interest form's texts."""

    title: str


def _language(request: HttpRequest) -> str:
    code = request.POST.get("lang") or request.GET.get("lang") or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    language: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        **context,
        "language": language,
        # The interface languages (settings), in the language picker's shape.
        "languages": [
            {
                "code": code,
                "native_name": capfirst(get_language_info(code)["name_local"]),
                "direction": "rtl" if get_language_info(code)["bidi"] else "ltr",
            }
            for code, _name in settings.LANGUAGES
        ],
        "texts": PageTexts(title=str(context["title"])),
    }
    response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _municipality_name(municipality: Municipality) -> str:
    return f"{municipality.name} Kommune"


def _submit(
    request: HttpRequest,
    *,
    form: SignupForm,
    context: dict[str, Any],
    language: str,
    save: Callable[[], object],
) -> HttpResponse:
    """The part every public form shares: rate limit, honeypot, validation, thanks."""
    context = {**context, "form": form}
    thanks = {
        **context,
        "title": _("Thank you for signing up"),
    }
    if request.method == "POST":
        if not ratelimit.allow_client(request, "signup", limit=SUBMISSIONS_PER_MINUTE):
            return _page(
                request, FORM_TEMPLATE, {**context, "too_many": True}, language=language, status=429
            )
        if form.is_bot():
            return _page(request, THANKS_TEMPLATE, thanks, language=language)
        if form.is_valid():
            try:
                save()
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _page(request, THANKS_TEMPLATE, thanks, language=language)
    return _page(request, FORM_TEMPLATE, context, language=language)


@csrf_protect
def volunteer_signup(request: HttpRequest, code: str) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        municipality = selectors.signup_municipality(code=code)
        name = _municipality_name(municipality)
        consent = _(
            "I agree that %(municipality)s stores what I write in this form (my name, contact "
            "details, postal code, languages, what I can help with, my interests and when I have "
            "time) to contact me about volunteering and to find citizens I can be a mentor for. "
            "The basis is my consent (GDPR article 6(1)(a)). I can withdraw it at any time by "
            "writing to %(municipality)s; my information is then deleted. If my sign-up is not "
            "approved, it is deleted."
        ) % {"municipality": name}
        form = VolunteerSignupForm(request.POST or None, consent_text=consent)
        context = {
            "title": _("Become a volunteer mentor"),
            "intro": _(
                "%(municipality)s is looking for volunteers who will be a mentor for a citizen "
                "who is new in Denmark: someone to talk to about work, education, Danish and "
                "everyday life."
            )
            % {"municipality": name},
            "municipality_name": name,
            "form_id": "volunteer-signup",
        }

        def save() -> object:
            return services.volunteer_signup(
                municipality=municipality,
                data=form.volunteer_values(),
                language=language,
                consent_text=consent,
            )

        return _submit(request, form=form, context=context, language=language, save=save)


def partner_choice(request: HttpRequest, code: str) -> HttpResponse:
    """``/samarbejde/<code>/``: an association or a company?"""
    language = _language(request)
    with translation.override(language):
        municipality = selectors.signup_municipality(code=code)
        context = {
            "title": _("Cooperate with %(municipality)s")
            % {"municipality": _municipality_name(municipality)},
            "municipality_name": _municipality_name(municipality),
            "code": municipality.code,
        }
        return _page(request, "signup/public/partner_choice.html", context, language=language)


def _organisation_consent(name: str) -> str:
    return _(
        "I agree that %(municipality)s stores what we write in this form, including the contact "
        "person's name, role, phone number and e-mail address, to contact us about cooperation "
        "and to find associations and companies we can cooperate with. The basis for the "
        "contact person's information is consent (GDPR article 6(1)(a)): the contact person "
        "agrees to be named here. The consent can be withdrawn at any time by writing to "
        "%(municipality)s; the contact person's information is then deleted. If the sign-up is "
        "not approved, it is deleted."
    ) % {"municipality": name}


def _organisation_signup(
    request: HttpRequest,
    code: str,
    *,
    form_class: type[OrganisationSignupForm],
    title: str,
    intro: str,
) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        municipality = selectors.signup_municipality(code=code)
        name = _municipality_name(municipality)
        consent = _organisation_consent(name)
        form = form_class(request.POST or None, consent_text=consent)
        context = {
            # Marked with gettext_noop where they are written, translated here.
            "title": _(title),
            "intro": _(intro) % {"municipality": name},
            "municipality_name": name,
            "form_id": f"{form_class.signup_kind}-signup",
        }

        def save() -> object:
            return services.organisation_signup(
                municipality=municipality,
                kind=form.signup_kind,
                data=form.organisation_values(),
                contact=form.contact_values(),
                answers=form.answers(),
                language=language,
                consent_text=consent,
            )

        return _submit(request, form=form, context=context, language=language, save=save)


@csrf_protect
def association_signup(request: HttpRequest, code: str) -> HttpResponse:
    return _organisation_signup(
        request,
        code,
        form_class=AssociationSignupForm,
        title=gettext_noop("Sign up your association"),
        intro=gettext_noop(
            "%(municipality)s brings associations together with each other and with local "
            "companies that can give them what they lack. Tell us what your association does "
            "and what it would like from a cooperation with a company."
        ),
    )


@csrf_protect
def company_signup(request: HttpRequest, code: str) -> HttpResponse:
    return _organisation_signup(
        request,
        code,
        form_class=CompanySignupForm,
        title=gettext_noop("Sign up your company"),
        intro=gettext_noop(
            "%(municipality)s brings local companies together with associations that need their "
            "competences, and looks for internships and mentors for citizens who are new in "
            "Denmark. Tell us what your company could offer."
        ),
    )


# ---------------------------------------------------------------------------------------------
# The staff's review queue


def reviewer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and reviewing partners or volunteers somewhere; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.may_review(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _item(record: Organisation | Volunteer) -> dict[str, Any]:
    signup = getattr(record, "signup", None)
    return {
        "record": record,
        "signup": signup,
        "answers": questionnaire.answered(signup.kind, signup.answers) if signup else [],
    }


@reviewer_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Every pending sign-up the user may decide on, shown in full (and so logged as viewed),
    with the links of the public forms to put on the municipality's website."""
    organisations = list(selectors.pending_organisations(user=request.user))
    volunteers = list(selectors.pending_volunteers(user=request.user))
    access_record_each(
        user=request.user, action=AccessAction.VIEW, objects=[*organisations, *volunteers]
    )
    links = [
        {
            "municipality": municipality,
            "volunteer": request.build_absolute_uri(
                reverse("signup_public:volunteer", kwargs={"code": municipality.code})
            ),
            "partner": request.build_absolute_uri(
                reverse("signup_public:partner", kwargs={"code": municipality.code})
            ),
        }
        for municipality in selectors.review_municipalities(user=request.user)[:100]
    ]
    context = {
        "organisations": [_item(o) for o in organisations],
        "volunteers": [_item(v) for v in volunteers],
        "reviews_partners": has_permission(request.user, Permission.MANAGE_PARTNERS),
        "reviews_volunteers": has_permission(request.user, Permission.MANAGE_VOLUNTEERS),
        "links": links,
    }
    return render(request, "signup/review.html", context)


def _decide(request: AuthedRequest, record: Organisation | Volunteer) -> HttpResponse:
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return HttpResponseBadRequest()
    name = str(record)
    try:
        services.signup_decide(actor=request.user, record=record, approve=decision == "approve")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision == "reject":
            messages.success(
                request,
                _("The sign-up of %(name)s is rejected, and its information is deleted.")
                % {"name": name},
            )
        elif isinstance(record, Volunteer):
            messages.success(
                request,
                _(
                    "%(name)s is approved and is among the volunteers as applied. Register the "
                    "record check and the mentor training, then make her or him active."
                )
                % {"name": name},
            )
        else:
            messages.success(
                request, _("%(name)s is approved and is among the partners.") % {"name": name}
            )
    return redirect("signup:review")


def _review_one(
    request: AuthedRequest, record: Organisation | Volunteer, kind: str
) -> HttpResponse:
    if request.method == "POST":
        return _decide(request, record)
    access_record(user=request.user, action=AccessAction.VIEW, obj=record)
    return render(request, "signup/review_detail.html", {"item": _item(record), "kind": kind})


@reviewer_required
def organisation_review(request: AuthedRequest, pending_organisation_id: int) -> HttpResponse:
    organisation = selectors.pending_organisation_get(user=request.user, pk=pending_organisation_id)
    return _review_one(request, organisation, "organisation")


@reviewer_required
def volunteer_review(request: AuthedRequest, pending_volunteer_id: int) -> HttpResponse:
    volunteer = selectors.pending_volunteer_get(user=request.user, pk=pending_volunteer_id)
    return _review_one(request, volunteer, "volunteer")


@permission_required(Permission.MANAGE_PARTNERS)
def partner_answers(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    """Staff edit an approved partner's questionnaire and "appetitvækker"; its page shows them
    (``{% partner_questionnaire %}``)."""
    organisation, signup = selectors.partner_signup(
        user=request.user, organisation_id=organisation_id
    )
    form = AnswersForm(request.POST or None, initial=dict(signup.answers), kind=signup.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_answers_save(
                actor=request.user, signup=signup, answers=_merged_answers(signup.answers, form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The answers are saved."))
            return redirect("partners:organisation", organisation_id=organisation.pk)
    elif request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=organisation)
    context = {"organisation": organisation, "form": form}
    return render(
        request, "signup/partner_answers.html", context, status=400 if form.errors else 200
    )


def _merged_answers(stored: dict[str, Any], form: AnswersForm) -> dict[str, str]:
    """The form's answers, and any stored answer to a question no longer asked."""
    asked = {q.key for q in form.questions}
    kept = {key: str(value) for key, value in stored.items() if key not in asked and value}
    return {**kept, **form.answers()}
