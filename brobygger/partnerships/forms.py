from __future__ import annotations

from typing import Any

from django import forms

from brobygger.accounts.access import AnyUser, Permission, scope_for

from .models import Municipality


class MunicipalityFieldMixin:
    """A ``municipality`` field limited to where the user holds ``municipality_permission``.

    A user with one municipality has nothing to choose: the field is hidden and filled in."""

    municipality_permission: Permission
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def limit_municipality(self, user: AnyUser) -> None:
        scope = scope_for(user, self.municipality_permission)
        municipalities = Municipality.objects.filter(scope.q("pk"))
        field = self.fields["municipality"]
        field.queryset = municipalities  # type: ignore[attr-defined]
        self.only_municipality = municipalities.first() if len(scope.ids) == 1 else None
        if self.only_municipality is not None:
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_municipality(self) -> Municipality | None:
        if self.only_municipality is not None:
            return self.only_municipality
        chosen = self.cleaned_data.get("municipality")
        return chosen if isinstance(chosen, Municipality) else None
