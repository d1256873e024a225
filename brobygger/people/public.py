"""The public interest form behind a campaign link (/k/<code>/): no login, in every language
that has texts (the language catalogue; right-to-left where the language is written so).

Defences for an anonymous form: a honeypot field a person never sees (a bot that fills it is
thanked and nothing is stored), a rate limit per address, and validation of every field."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from brobygger.accounts.access import Permission, has_permission
from brobygger.core import ratelimit
from brobygger.core.forms import HoneypotMixin
from brobygger.languages.models import DANISH, Language
from brobygger.languages.selectors import language_or_danish
from brobygger.outreach.models import OutreachActivity, PublicFormText
from brobygger.outreach.selectors import profile_for, public_form_languages, public_form_text

from .contacts import interest_submit

SUBMISSIONS_PER_MINUTE = 10


class InterestForm(HoneypotMixin, forms.Form):
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=30)
    consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, texts: PublicFormText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        self.fields["name"].label = texts.name_label
        self.fields["name"].error_messages["required"] = texts.error_required
        self.fields["phone"].label = texts.phone_label
        self.fields["phone"].help_text = texts.phone_hint
        self.fields["phone"].error_messages["required"] = texts.error_phone
        self.fields["name"].widget.attrs.update({"class": "form-input", "autocomplete": "name"})
        # A phone number is written left to right in every script.
        self.fields["phone"].widget.attrs.update(
            {"class": "form-input", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}
        )
        self.fields["consent"].widget.attrs.update({"class": "form-checkbox"})

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name or not any(c.isalpha() for c in name):
            raise forms.ValidationError(self.texts.error_required)
        return name

    def clean_phone(self) -> str:
        try:
            number = phonenumbers.parse(self.cleaned_data["phone"], "DK")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(self.texts.error_phone) from None
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(self.texts.error_phone)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_consent(self) -> bool:
        if not self.cleaned_data["consent"]:
            raise forms.ValidationError(self.texts.error_consent)
        return True


def _language(request: HttpRequest) -> Language:
    """The language asked for (``lang``), if it is in use; else Danish."""
    return language_or_danish(request.POST.get("lang") or request.GET.get("lang") or DANISH)


@csrf_protect
def interest_form(request: HttpRequest, code: str) -> HttpResponse:
    activity = (
        OutreachActivity.objects.select_related("municipality", "method")
        .filter(campaign_code=code, campaign_active=True)
        .first()
    )
    if activity is None:
        raise Http404
    # A language without texts gets the Danish ones, and the page says it is in Danish.
    found = public_form_text(_language(request))
    texts = found.text
    language = texts.language
    municipality = activity.municipality.official_name
    context: dict[str, Any] = {
        "code": code,
        "texts": texts,
        "language": language.code,
        "direction": language.direction,
        "languages": public_form_languages(),
        "municipality": activity.municipality,
        "profile": profile_for(activity.municipality),
        "intro": texts.intro.replace("{municipality}", municipality),
        "consent_text": texts.consent_text.replace("{municipality}", municipality),
        # Staff who open the form (to check a poster's link) are told; the public is not.
        "staff_note": (
            _("%(language)s has no texts of its own: the form is shown in Danish.")
            % {"language": found.language.name}
            if found.is_fallback and has_permission(request.user, Permission.MANAGE_OUTREACH)
            else ""
        ),
    }
    form = InterestForm(request.POST or None, texts=texts)
    if request.method == "POST":
        if not ratelimit.allow_client(request, "interest", limit=SUBMISSIONS_PER_MINUTE):
            context.update(form=form, too_many=True)
            return render(request, "people/public/interest.html", context, status=429)
        if form.is_bot():
            return render(request, "people/public/thanks.html", context)
        if form.is_valid():
            interest_submit(
                activity=activity,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                language=language,
                consent_text=context["consent_text"],
            )
            return render(request, "people/public/thanks.html", context)
    context["form"] = form
    return render(request, "people/public/interest.html", context)
