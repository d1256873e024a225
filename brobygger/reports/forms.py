from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form


class ReportTextForm(Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line. Every save is kept as a version."),
    )
