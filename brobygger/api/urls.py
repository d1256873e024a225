"""The JSON API, version 1: /api/v1/ with its OpenAPI document at /api/v1/openapi.json.

Every operation needs a personal token (``Authorization: Bearer bbg_...``) or a logged-in
session; what a caller may see is decided by the same access policy as the web pages."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from brobygger.people.api import router as people_router

from .security import TokenAuth

api = NinjaAPI(
    title="Brobygger API",
    version="1",
    description=(
        "People, contact attempts and outreach of the municipalities the caller works for. "
        "Another municipality's record answers 404, exactly as a record that does not exist."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
)
api.add_router("/", people_router)

urlpatterns = api.urls[0]
