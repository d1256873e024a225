"""Authentication for the JSON API: a personal token (Bearer) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from brobygger.accounts.models import User
from brobygger.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            # The selectors read request.user: a token acts exactly as its user.
            request.user = user
        return user
