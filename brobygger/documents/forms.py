from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form

from .models import DocumentKind
from .services import DocumentData


class DocumentForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG or Word (DOCX), at most %(limit)s.")
        % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
    )

    def __init__(self, *args: Any, kinds: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = cast(forms.ChoiceField, self.fields["kind"])
            field.choices = [(k, label) for k, label in DocumentKind.choices if k in kinds]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; a document may be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
                }
            )
        return upload

    def data_for_service(self) -> DocumentData:
        upload = self.cleaned_data["file"]
        return DocumentData(
            title=self.cleaned_data["title"],
            kind=self.cleaned_data["kind"],
            file_name=upload.name or "",
            content=upload.read(),
        )
