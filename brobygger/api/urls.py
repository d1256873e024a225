"""The JSON API, version 1: /api/v1/ with its OpenAPI document at /api/v1/openapi.json.

Every operation needs a personal token (``Authorization: Bearer bbg_...``) or a logged-in
session; what a caller may see is decided by the same access policy as the web pages."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from brobygger.people.api import router as people_router

from .security import TokenAuth

# Answers that every operation can give, whatever it declares itself: no or a bad token (401),
# an operation or object outside the caller's role and municipalities (404, exactly like one
# that does not exist), and parameters that do not fit the document (422).
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERRORS = {
    "type": "object",
    "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
    "required": ["detail"],
}
SHARED_RESPONSES: dict[int, dict[str, Any]] = {
    401: {"description": "No token or session, or one that is not valid", "schema": "ApiDetail"},
    404: {
        "description": "Not found, or outside the caller's role and municipalities",
        "schema": "ApiDetail",
    },
    422: {"description": "A parameter does not fit this document", "schema": "ApiValidationErrors"},
}


class BrobyggerAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with the shared answers added to every operation that does not
        declare them itself (Schemathesis checks every status code against the document)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ApiDetail", DETAIL)
        components.setdefault("ApiValidationErrors", VALIDATION_ERRORS)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                declared = {str(status) for status in responses}
                for status, shared in SHARED_RESPONSES.items():
                    if str(status) not in declared:
                        responses[status] = {
                            "description": shared["description"],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{shared['schema']}"}
                                }
                            },
                        }
        return schema


api = BrobyggerAPI(
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
