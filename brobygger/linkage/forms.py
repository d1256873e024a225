from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.forms import Form
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.partnerships.models import Municipality

from .fields import FIELDS
from .models import ImportBatch, ListSource


class UploadForm(MunicipalityFieldMixin, Form):
    """Step 1: which list, and the file."""

    municipality_permission = Permission.IMPORT_LISTS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    source = forms.ModelChoiceField(
        label=_("List"),
        queryset=ListSource.objects.none(),
        required=False,
        empty_label=_("A new list"),
        help_text=_("A list imported before remembers its columns."),
    )
    new_source_name = forms.CharField(
        label=_("Name of the new list"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Tidligere kursister på sprogskolen 2026”."),
    )
    method = forms.ModelChoiceField(
        label=_("Outreach method of the new list"),
        queryset=OutreachMethod.objects.filter(category=MethodCategory.LISTS, is_active=True),
        required=False,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8 or Windows-1252, comma or semicolon) or Excel (.xlsx), at most %(mb)s MB."
        )
        % {"mb": settings.IMPORT_MAX_BYTES // 1_000_000},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        self.fields["source"].queryset = ListSource.objects.visible_to(user).select_related(  # type: ignore[attr-defined]
            "municipality"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, name = data.get("source"), (data.get("new_source_name") or "").strip()
        municipality = data.get("municipality")
        if source is None and not name:
            self.add_error("new_source_name", _("Choose a list or name a new one."))
        elif source is None and data.get("method") is None:
            self.add_error("method", _("Choose the outreach method the new list belongs to."))
        if source is not None and municipality and source.municipality_id != municipality.pk:
            self.add_error("source", _("The list belongs to another municipality."))
        return data


class MappingForm(Form):
    """Step 2: one choice per column of the file, and the encoding of a CSV file."""

    def __init__(self, *args: Any, batch: ImportBatch, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", _("— not imported —")), *FIELDS.items()]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=batch.mapping.get(header, "")
            )
        if batch.encoding:
            self.fields["encoding"] = forms.ChoiceField(
                label=_("Character set"),
                choices=[("utf-8", "UTF-8"), ("cp1252", "Windows-1252")],
                initial="cp1252" if batch.encoding == "cp1252" else "utf-8",
                required=False,
                help_text=_("If æ, ø and å look wrong in the preview, choose the other one."),
            )
        self.style_widgets()

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"column_{i}", "")
            for i, header in enumerate(self.headers)
        }


class DecisionForm(Form):
    decision = forms.ChoiceField(
        choices=[
            ("same", _("Same person")),
            ("different", _("Different people")),
            ("later", _("Later")),
        ]
    )
    keep = forms.ChoiceField(
        label=_("Keep the record"),
        choices=[("a", _("left")), ("b", _("right"))],
        initial="a",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("The other record's events, attempts and sources move to the kept one."),
    )
