from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import DkfdsFormMixin, Form
from brobygger.partnerships.models import Municipality, Partnership

from .models import MUNICIPAL_ROLES, PARTNERSHIP_ROLES, Role, User
from .selectors import TwoFactorRequirementRow
from .services import MembershipSpec


class LoginForm(DkfdsFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(DkfdsFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(DkfdsFormMixin, auth_forms.SetPasswordForm):
    pass


class UserForm(Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, instance: User | None = None, **kwargs: Any) -> None:
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["username"].disabled = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        others = User.objects.filter(username__iexact=username)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This user name is taken."))
        return username


class MembershipForm(Form):
    # The empty choice lets an unused extra row stay unchanged, so it is ignored on save.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—")] + list(Role.choices))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.all(), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, municipality, partnership = (
            data.get("role"),
            data.get("municipality"),
            data.get("partnership"),
        )
        if role in MUNICIPAL_ROLES:
            if municipality is None:
                self.add_error("municipality", _("Choose the municipality for this role."))
            data["partnership"] = None
        elif role in PARTNERSHIP_ROLES:
            if partnership is None:
                self.add_error("partnership", _("Choose the partnership for this role."))
            data["municipality"] = None
        else:
            data["municipality"] = data["partnership"] = None
        return data

    def to_spec(self) -> MembershipSpec:
        data = self.cleaned_data
        return MembershipSpec(
            role=data["role"], municipality=data["municipality"], partnership=data["partnership"]
        )


class BaseMembershipFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this role")
            form.fields["DELETE"].widget.attrs["class"] = "form-checkbox"

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            spec = form.to_spec()
            if spec in seen:
                raise ValidationError(_("The same role is listed twice."))
            seen.add(spec)

    def specs(self) -> list[MembershipSpec]:
        return [
            form.to_spec()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


MembershipFormSet = cast(
    type[BaseMembershipFormSet],
    forms.formset_factory(
        MembershipForm, formset=BaseMembershipFormSet, extra=1, can_delete=True, max_num=20
    ),
)


class TwoFactorCodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class TwoFactorRequirementsForm(Form):
    """One tick box per role; its hint says how many of the role's users have set it up."""

    def __init__(self, *args: Any, rows: Sequence[TwoFactorRequirementRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.role.value] = forms.BooleanField(
                label=row.role.label,
                required=False,
                initial=row.required,
                help_text=_("%(enabled)s of %(users)s active users have set it up.")
                % {"enabled": row.users_with_two_factor, "users": row.users},
            )
        self.style_widgets()

    def required_roles(self) -> set[str]:
        return {name for name, value in self.cleaned_data.items() if value}


class SensitiveNotesGrantForm(Form):
    """One tick box per role of the municipality that may be granted reading sensitive notes."""

    def __init__(self, *args: Any, roles: Sequence[str], granted: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in roles:
            self.fields[role] = forms.BooleanField(
                label=Role(role).label, required=False, initial=role in granted
            )
        self.style_widgets()

    def granted_roles(self) -> set[str]:
        return {name for name, value in self.cleaned_data.items() if value}


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example the name of the program that will use it."),
    )
