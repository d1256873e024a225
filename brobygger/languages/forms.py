from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import ModelForm

from .models import DANISH, Language


class LanguageForm(ModelForm):
    class Meta:
        model = Language
        fields = ["code", "name_da", "name_en", "native_name", "direction", "is_active", "position"]
        widgets = {"direction": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Texts, people and consents refer to the code: it stays as it was given.
            self.fields["code"].disabled = True
            if self.instance.code == DANISH:
                # Danish is what every text falls back to: it is always in use.
                self.fields["is_active"].disabled = True

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if self.instance.pk:
            return code
        if Language.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("A language with this code exists already."))
        return code
