"""The target-group chooser of every figure page, report and extract: the GET parameter
``definition`` (a definition of the page's partnership, or empty for everyone), and what the
page then says it is computed under. A definition of another partnership is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.partnerships.models import Partnership

from .models import TargetGroupDefinition
from .selectors import current_definition, definition_get_for_municipality, definitions_of

PARAMETER = "definition"


class DefinitionChoiceForm(forms.Form):
    definition = forms.TypedChoiceField(
        label=gettext_lazy("Target group"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None,
        *,
        definitions: list[TargetGroupDefinition],
        current: TargetGroupDefinition | None,
    ) -> None:
        super().__init__(data)
        choices: list[tuple[Any, str]] = [("", _("Everyone in the register"))]
        for definition in definitions:
            label = _("%(name)s, version %(version)s, valid from %(date)s") % {
                "name": definition.name,
                "version": definition.version,
                "date": date_format(definition.valid_from, "d.m.Y"),
            }
            if current is not None and definition.pk == current.pk:
                label = _("%(label)s (in force)") % {"label": label}
            choices.append((definition.pk, label))
        cast(forms.TypedChoiceField, self.fields["definition"]).choices = choices


@dataclass(frozen=True)
class Chosen:
    """The definition a page computes under (None: everyone) and its chooser (none where a
    service chose the definition)."""

    definition: TargetGroupDefinition | None
    form: DefinitionChoiceForm | None = None

    @property
    def where(self) -> Q | None:
        """The filter over Person that narrows the people before any figure is computed."""
        return None if self.definition is None else self.definition.person_q()

    @property
    def label(self) -> str:
        if self.definition is None:
            return _("Everyone in the register (no target-group definition)")
        return _("%(name)s, version %(version)s") % {
            "name": self.definition.name,
            "version": self.definition.version,
        }

    @property
    def query(self) -> str:
        """The GET parameter that chooses it again (for links and downloads), or ""."""
        return "" if self.definition is None else f"{PARAMETER}={self.definition.pk}"

    def as_dict(self) -> dict[str, object] | None:
        """For a report's JSON: which definition its figures are computed under."""
        if self.definition is None:
            return None
        return {
            "id": self.definition.pk,
            "name": self.definition.name,
            "version": self.definition.version,
            "valid_from": self.definition.valid_from.isoformat(),
            "rule": self.definition.rule,
        }


def definition_chosen(params: QueryDict | dict[str, Any], partnership: Partnership) -> Chosen:
    """The definition the request asks for; everyone when it asks for none."""
    definitions = definitions_of(partnership)
    current = current_definition(partnership, timezone.localdate(), definitions)
    form = DefinitionChoiceForm(
        {PARAMETER: params.get(PARAMETER, "")}, definitions=definitions, current=current
    )
    if not form.is_valid():
        raise Http404
    pk = form.cleaned_data[PARAMETER]
    chosen = next((d for d in definitions if d.pk == pk), None)
    return Chosen(definition=chosen, form=form)


def definition_for_municipality(
    params: QueryDict | dict[str, Any], municipality_id: int
) -> TargetGroupDefinition | None:
    """For the people behind a figure (which name no partnership): the definition asked for,
    which must be one of a partnership the municipality is a member of; else a 404."""
    raw = params.get(PARAMETER, "")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    definition = definition_get_for_municipality(pk=int(raw), municipality_id=municipality_id)
    if definition is None:
        raise Http404
    return definition
