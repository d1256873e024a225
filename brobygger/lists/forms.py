"""Forms of the bulk actions and the saved lists: parse and validate, then hand the cleaned
data to a service."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.accounts.models import User
from brobygger.core.forms import Form
from brobygger.meetings.models import Channel as MeetingChannel
from brobygger.meetings.models import Session
from brobygger.meetings.selectors import session_list
from brobygger.meetings.services import CHANNELS_AVAILABLE
from brobygger.messaging.models import MessageTemplate
from brobygger.messaging.selectors import template_choices
from brobygger.partnerships.models import Municipality
from brobygger.people.models import PipelineStatus
from brobygger.people.selectors import caseworkers_of

from .services import EXPORT_FORMATS

ACTIONS = {
    "assign": _("Assign a caseworker"),
    "status": _("Change status"),
    "session": _("Invite to a session"),
    "text": _("Send a text message"),
    "export": _("Export (spreadsheet)"),
}


class AssignForm(Form):
    caseworker = forms.ModelChoiceField(label=_("Caseworker"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["caseworker"])
        field.queryset = caseworkers_of(user=user)
        self.style_widgets()


class StatusForm(Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=PipelineStatus.choices)
    note = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Written in each person's history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    channel = forms.ChoiceField(label=_("Invite by"), widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Text message"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        help_text=_(
            "Sent in her own language where the text has it, with the session's date, time and "
            "place. Only to people who consented to text messages."
        ),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = session_list(user=user, past=False, today=timezone.localdate()).filter(
            cancelled_at__isnull=True
        )
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in MeetingChannel.choices if value in CHANNELS_AVAILABLE
        ]
        self.fields["channel"].initial = MeetingChannel.LETTER
        template = cast(forms.ModelChoiceField, self.fields["template"])
        template.queryset = MessageTemplate.objects.filter(
            pk__in=[t.pk for t in template_choices()]
        )
        self.style_widgets()

    def chosen_session(self) -> Session:
        return cast(Session, self.cleaned_data["session"])


class TextForm(Form):
    template = forms.ModelChoiceField(
        label=_("Text message"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        help_text=_("Sent in her own language where the text has it."),
    )
    body = forms.CharField(
        label=_("Or write the message"),
        max_length=1_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        template = cast(forms.ModelChoiceField, self.fields["template"])
        template.queryset = MessageTemplate.objects.filter(
            pk__in=[t.pk for t in template_choices()]
        )
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("template")) == bool((data.get("body") or "").strip()):
            raise forms.ValidationError(_("Choose a text message or write one, not both."))
        return data


class ExportForm(Form):
    fmt = forms.ChoiceField(
        label=_("File type"),
        choices=[(fmt, fmt.upper()) for fmt in EXPORT_FORMATS],
        initial="xlsx",
        widget=forms.RadioSelect,
    )


ACTION_FORMS: dict[str, type[Form]] = {
    "assign": AssignForm,
    "status": StatusForm,
    "session": InviteForm,
    "text": TextForm,
    "export": ExportForm,
}
# The forms that need the user to offer their choices.
NEEDS_USER = {"assign", "session"}


class SavedListForm(MunicipalityFieldMixin, Form):
    municipality_permission = Permission.VIEW_PEOPLE
    name = forms.CharField(label=_("Name of the list"), max_length=100)
    shared = forms.BooleanField(
        label=_("Share with colleagues in the municipality"), required=False
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        self.style_widgets()


class RenameForm(Form):
    name = forms.CharField(label=_("Name of the list"), max_length=100)
    shared = forms.BooleanField(
        label=_("Share with colleagues in the municipality"), required=False
    )
