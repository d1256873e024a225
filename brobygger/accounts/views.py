from __future__ import annotations

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from brobygger.accounts.http import AuthedRequest
from brobygger.core.forms import apply_errors
from brobygger.core.http import safe_next

from . import selectors, services, tokens, twofactor
from .access import GRANTABLE, ROLE_PERMISSIONS, Permission, has_permission, memberships_of
from .decorators import permission_required
from .forms import (
    ApiTokenForm,
    BaseMembershipFormSet,
    LoginForm,
    MembershipFormSet,
    PasswordResetForm,
    SensitiveNotesGrantForm,
    SetPasswordForm,
    TwoFactorCodeForm,
    TwoFactorRequirementsForm,
    UserForm,
)
from .models import MUNICIPAL_ROLES, Role
from .oidc import oidc_enabled


class LoginView(auth_views.LoginView):
    """The password step. A user with two-factor login is not logged in yet: the code page
    completes the login (``twofactor.py``)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if selectors.two_factor_device(user=user) is None:
            return super().form_valid(form)
        twofactor.pending_login_start(
            self.request,
            user=user,
            backend=str(getattr(user, "backend", "django.contrib.auth.backends.ModelBackend")),
            next_url=self.get_success_url(),
        )
        return redirect("accounts:login-code")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        return context


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=PasswordResetForm,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=SetPasswordForm,
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@permission_required(Permission.VIEW_USERS)
def user_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    users = selectors.user_list(user=request.user, query=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "can_manage": has_permission(request.user, Permission.MANAGE_USERS),
    }
    template = "accounts/user_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permission_required(Permission.MANAGE_USERS)
def user_create(request: AuthedRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    formset: BaseMembershipFormSet = MembershipFormSet(request.POST or None, prefix="memberships")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                memberships=formset.specs(),
            )
            services.user_send_password_link(actor=request.user, user=user, request=request)
        messages.success(
            request,
            _("%(user)s was created and has been sent a link to choose a password.")
            % {"user": user.username},
        )
        return redirect("accounts:user-list")
    return render(
        request, "accounts/user_form.html", {"form": form, "formset": formset, "creating": True}
    )


@permission_required(Permission.MANAGE_USERS)
def user_update(request: AuthedRequest, user_id: int) -> HttpResponse:
    user = selectors.user_get(user=request.user, pk=user_id)
    initial_memberships = [
        {"role": m.role, "municipality": m.municipality, "partnership": m.partnership}
        for m in user.memberships.all()
    ]
    form = UserForm(
        request.POST or None,
        instance=user,
        initial={
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "organisation": user.organisation,
            "is_active": user.is_active,
        },
    )
    formset: BaseMembershipFormSet = MembershipFormSet(
        request.POST or None, prefix="memberships", initial=initial_memberships
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                is_active=data["is_active"],
                memberships=formset.specs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes to %(user)s were saved.") % {"user": user})
            return redirect("accounts:user-list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "formset": formset,
            "creating": False,
            "edited_user": user,
            "two_factor": selectors.two_factor_status(user=user),
        },
    )


@permission_required(Permission.MANAGE_USERS)
@require_POST
def user_send_password_link(request: AuthedRequest, user_id: int) -> HttpResponse:
    user = selectors.user_get(user=request.user, pk=user_id)
    services.user_send_password_link(actor=request.user, user=user, request=request)
    messages.success(request, _("A password link was sent to %(email)s.") % {"email": user.email})
    return redirect("accounts:user-update", user_id=user.pk)


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code.

    Completes a pending login; or verifies a session that is logged in but has not passed a
    second factor (opened before she turned two-factor login on), when a page sends it here."""
    pending = twofactor.pending_login(request)
    if pending is not None:
        user, next_url = pending.user, pending.next_url
    elif request.user.is_authenticated:
        if (
            twofactor.two_factor_satisfied(request)
            or selectors.two_factor_device(user=request.user) is None
        ):
            return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)
        user, next_url = request.user, safe_next(request)
    else:
        if request.method == "POST":
            messages.info(request, _("The login took too long. Log in again."))
        return redirect("accounts:login")

    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_code_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if pending is not None:
                twofactor.complete_login(request, pending=pending, device=device)
            else:
                django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)s is left. Make new ones on your "
                        "account page.",
                        "You used a recovery code; %(count)s are left. Make new ones on your "
                        "account page if you are running out.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/login_code.html", {"form": form, "next": next_url})


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    """The user's own page: her roles, her two-factor login and her API tokens."""
    return _account_page(request, token_form=ApiTokenForm())


def _account_page(
    request: AuthedRequest, *, token_form: ApiTokenForm, new_token: str = ""
) -> HttpResponse:
    context = {
        "memberships": memberships_of(request.user),
        "two_factor": selectors.two_factor_status(user=request.user),
        "api_tokens": selectors.api_tokens_of(user=request.user),
        "token_form": token_form,
        "new_token": new_token,
        "now": timezone.now(),
        "api_token_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def api_token_create(request: AuthedRequest) -> HttpResponse:
    """A personal token for the JSON API, shown once. It counts as made after a second factor
    when this session passed one; a user whose role requires two-factor login can use no other
    (and has always passed one here: the two-factor middleware lets her nowhere before)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, token_form=form)
    _record, token = tokens.api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        second_factor=twofactor.two_factor_satisfied(request),
    )
    return _account_page(request, token_form=ApiTokenForm(), new_token=token)


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, pk=token_id)
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(token)s no longer works.") % {"token": token})
    return redirect("accounts:account")


def _needs_code_first(request: AuthedRequest) -> HttpResponse | None:
    """Changing two-factor login needs a session that has passed it, when she has it."""
    if twofactor.two_factor_satisfied(request):
        return None
    if selectors.two_factor_device(user=request.user) is None:
        return None
    return redirect(f"{reverse('accounts:login-code')}?{urlencode({'next': request.path})}")


@login_required
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Show the secret as a QR code and as text; a code from the app confirms it."""
    if (response := _needs_code_first(request)) is not None:
        return response
    key = twofactor.pending_totp_key(request)
    device = services.totp_device_pending(actor=request.user, key=key)
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].help_text = _("The six digits the app shows for Brobygger.")
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_device_confirm(
                actor=request.user, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            twofactor.pending_totp_key_forget(request)
            django_otp.login(request, device)
            messages.success(request, _("Two-factor login is on."))
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=4, light="#fff", svgclass="qr-code", title=_("QR code to scan")
        ),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "two_factor": selectors.two_factor_status(user=request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_disable(request: AuthedRequest) -> HttpResponse:
    if selectors.two_factor_device(user=request.user) is None:
        return redirect("accounts:account")
    required = selectors.two_factor_required(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not required:
        try:
            services.two_factor_disable(actor=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:account")
    return render(request, "accounts/two_factor_disable.html", {"form": form, "required": required})


@login_required
@require_POST
def recovery_codes_renew(request: AuthedRequest) -> HttpResponse:
    if (response := _needs_code_first(request)) is not None:
        return response
    try:
        codes = services.recovery_codes_renew(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@permission_required(Permission.MANAGE_USERS)
def two_factor_requirements(request: AuthedRequest) -> HttpResponse:
    """Which roles require two-factor login."""
    rows = selectors.two_factor_requirement_rows(user=request.user)
    form = TwoFactorRequirementsForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_requirements_set(
                actor=request.user, required_roles=form.required_roles()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The two-factor requirements were saved."))
            return redirect("accounts:two-factor-requirements")
    return render(request, "accounts/two_factor_requirements.html", {"form": form})


@permission_required(Permission.GRANT_TO_ROLES)
def sensitive_notes_grants(request: AuthedRequest) -> HttpResponse:
    """Which roles of her municipality read every sensitive case note there (beyond a
    person's own caseworker and the roles that hold it by themselves)."""
    municipality = selectors.granting_municipality(user=request.user)
    permission = Permission.VIEW_SENSITIVE_NOTES
    roles = sorted(GRANTABLE[permission])
    granted = selectors.granted_roles(municipality=municipality, permission=permission)
    data = request.POST if request.method == "POST" else None  # no box ticked: still a post
    form = SensitiveNotesGrantForm(data, roles=roles, granted=granted)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grants_set(
                actor=request.user,
                municipality=municipality,
                permission=permission,
                roles=form.granted_roles(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Who reads sensitive notes is saved."))
            return redirect("accounts:sensitive-notes-grants")
    holders = ", ".join(
        str(Role(role).label).lower()
        for role in sorted(MUNICIPAL_ROLES)
        if permission in ROLE_PERMISSIONS[role]
    )
    context = {"form": form, "municipality": municipality, "holders": holders}
    return render(request, "accounts/sensitive_notes_grants.html", context)


@permission_required(Permission.MANAGE_USERS)
@require_POST
def user_two_factor_reset(request: AuthedRequest, user_id: int) -> HttpResponse:
    """Remove a user's two-factor devices, e.g. after a lost phone."""
    user = selectors.user_get(user=request.user, pk=user_id)
    services.two_factor_reset(actor=request.user, user=user)
    messages.success(
        request,
        _("Two-factor login was turned off for %(user)s.") % {"user": user.username},
    )
    return redirect("accounts:user-update", user_id=user.pk)
