from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from .access import Permission, has_permission


def permission_required(
    permission: Permission,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in first; then the user must hold ``permission`` somewhere, or gets 404.

    A page outside one's role answers like a page that does not exist (fail closed, and the
    same answer as an object of another municipality). Which objects the user may touch is
    still decided per object by the selectors."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_permission(request.user, permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
