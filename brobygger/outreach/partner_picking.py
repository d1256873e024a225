"""Picking a partner record on the forms of the apps below ``partners`` (issue 17, point 1):
the outreach activity's partner, the partner a person was found through, the provider of an
enrolment; with "new partner" inline.

``outreach``, ``people`` and ``interventions`` stand below ``partners`` and do not import it.
``partners`` registers its ``PartnerDirectory`` here when it starts (``AppConfig.ready``):
which partners a municipality has, the kinds a new one can be, and the service that creates
one (refusing a name the municipality already has). The forms offer the partners through
it, and the services create a new one through it, inside their own transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.accounts.models import User


class PartnerRecord(Protocol):
    """What the apps below ``partners`` need of a partner record."""

    pk: Any
    name: str
    municipality_id: int


@dataclass(frozen=True, kw_only=True)
class NewPartner:
    """A partner created inline on another form: its name and kind (a company with its CVR
    number)."""

    name: str
    kind: str
    cvr: str = ""


@dataclass(frozen=True)
class PartnerDirectory:
    """What ``partners`` offers the forms and services below it."""

    # The partners of these municipalities that a form may offer.
    offered: Callable[[Iterable[int]], QuerySet[Any]]
    # The kinds a new partner can be.
    kinds: Callable[[], Sequence[tuple[str, Any]]]
    # Create a partner in a municipality (ValidationError on a name it already has).
    create: Callable[[User, int, NewPartner], Model]


_DIRECTORY: list[PartnerDirectory] = []


def register(directory: PartnerDirectory) -> None:
    _DIRECTORY[:] = [directory]


def partner_directory() -> PartnerDirectory:
    if not _DIRECTORY:
        raise LookupError("The partners app has not registered its directory.")
    return _DIRECTORY[0]


def partner_resolve(
    *,
    actor: User,
    municipality_id: int,
    partner: PartnerRecord | None,
    new_partner: NewPartner | None,
    field: str,
) -> Any:
    """The partner a service writes: the one chosen (of the same municipality), or the new
    one created now, in the caller's transaction."""
    if partner is not None and new_partner is not None:
        raise ValidationError({field: _("Choose a partner or write a new one, not both.")})
    if new_partner is not None:
        return partner_directory().create(actor, municipality_id, new_partner)
    if partner is not None and partner.municipality_id != municipality_id:
        raise ValidationError({field: _("The partner belongs to another municipality.")})
    return partner


class PartnerFieldsMixin:
    """A form's partner field (a ModelChoiceField named ``partner_field``) limited to the
    partners of the municipalities given, and the "new partner" fields beside it: a name and
    a kind. ``new_partner()`` gives what the service creates."""

    partner_field = "partner"
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_partner_fields(self, municipality_ids: Iterable[int]) -> None:
        directory = partner_directory()
        ids = list(municipality_ids)
        field = self.fields[self.partner_field]
        field.queryset = directory.offered(ids)  # type: ignore[attr-defined]
        if len(ids) > 1:
            field.label_from_instance = (  # type: ignore[attr-defined]
                lambda partner: f"{partner.name} ({partner.municipality.name})"
            )
        self.fields["new_partner_name"] = forms.CharField(
            label=gettext_lazy("Or a new partner: its name"),
            max_length=200,
            required=False,
            help_text=gettext_lazy("Creates the partner in the municipality's partner list."),
        )
        self.fields["new_partner_kind"] = forms.ChoiceField(
            label=gettext_lazy("The new partner's kind"),
            choices=[("", "—"), *directory.kinds()],
            required=False,
        )
        self.fields["new_partner_cvr"] = forms.CharField(
            label=gettext_lazy("The new partner's CVR number"),
            max_length=10,
            required=False,
            help_text=gettext_lazy("Required for a company."),
        )
        # The new partner's fields right after the list they are an alternative to.
        new = ["new_partner_name", "new_partner_kind", "new_partner_cvr"]
        names = [name for name in self.fields if name not in new]
        at = names.index(self.partner_field) + 1
        self.fields = {name: self.fields[name] for name in [*names[:at], *new, *names[at:]]}

    def clean_new_partner_name(self) -> str:
        return str(self.cleaned_data.get("new_partner_name", "")).strip()

    def new_partner(self) -> NewPartner | None:
        """The new partner written on the form, or None; call after ``is_valid``."""
        name = self.cleaned_data.get("new_partner_name", "")
        if not name:
            return None
        return NewPartner(
            name=name,
            kind=self.cleaned_data.get("new_partner_kind") or "",
            cvr=str(self.cleaned_data.get("new_partner_cvr") or "").strip(),
        )

    def check_partner_choice(self) -> None:
        """From ``clean``: one partner, chosen or new, and a new one has a kind."""
        data = self.cleaned_data
        add_error: Callable[[str, str], None] = self.add_error  # type: ignore[attr-defined]
        if data.get("new_partner_name"):
            if data.get(self.partner_field) is not None:
                add_error("new_partner_name", _("Choose a partner or write a new one, not both."))
            if not data.get("new_partner_kind"):
                add_error("new_partner_kind", _("Choose the new partner's kind."))
