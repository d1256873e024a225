from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.http import AuthedRequest

from . import selectors, services
from .access import Permission, has_permission
from .decorators import permission_required
from .forms import (
    BaseMembershipFormSet,
    LoginForm,
    MembershipFormSet,
    PasswordResetForm,
    SetPasswordForm,
    UserForm,
)

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
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
        messages.success(request, _("The changes to %(user)s were saved.") % {"user": user})
        return redirect("accounts:user-list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "formset": formset, "creating": False, "edited_user": user},
    )


@permission_required(Permission.MANAGE_USERS)
@require_POST
def user_send_password_link(request: AuthedRequest, user_id: int) -> HttpResponse:
    user = selectors.user_get(user=request.user, pk=user_id)
    services.user_send_password_link(actor=request.user, user=user, request=request)
    messages.success(request, _("A password link was sent to %(email)s.") % {"email": user.email})
    return redirect("accounts:user-update", user_id=user.pk)
