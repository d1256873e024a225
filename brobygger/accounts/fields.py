"""The municipality a new record belongs to, as a form field the policy limits.

Every form that creates a municipal record offers the municipalities where the user holds the
form's permission, and none other; this is where that choice is made, once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from brobygger.partnerships.models import Municipality

from .access import AnyUser, Permission
from .selectors import municipalities_where


class MunicipalityFieldMixin:
    """A ``municipality`` field limited to where the user holds ``municipality_permission``.

    A user with one municipality has nothing to choose: the field is hidden and filled in."""

    municipality_permission: Permission
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def limit_municipality(self, user: AnyUser) -> None:
        self.offer_municipalities(municipalities_where(user, self.municipality_permission))

    def offer_municipalities(self, municipalities: QuerySet[Municipality]) -> None:
        """Offer ``municipalities``; when there is only one, choose it and hide the field."""
        field = self.fields["municipality"]
        field.queryset = municipalities  # type: ignore[attr-defined]
        choices = list(municipalities[:2])
        self.only_municipality = choices[0] if len(choices) == 1 else None
        if self.only_municipality is not None:
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_municipality(self) -> Municipality | None:
        if self.only_municipality is not None:
            return self.only_municipality
        chosen = self.cleaned_data.get("municipality")
        return chosen if isinstance(chosen, Municipality) else None
