from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form

from .models import ContactChannel, ContactOutcome


class ContactAttemptForm(Form):
    """Two clicks: the channel (pre-set to phone), then the outcome button."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=ContactChannel.choices,
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 2})
    )
