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


class DecisionForm(Form):
    """The coordinator's decision on a submitted quarter; sending back needs a comment (the
    service says so when it is missing)."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Send back"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you send the report back: what the municipality should fix."),
    )
