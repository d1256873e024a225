"""The people part of the JSON API (/api/v1/persons). Reads go through the selectors, so the
API answers exactly what the pages answer: another municipality's person is a 404."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from brobygger.accounts.access import Permission, has_permission, scope_for
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.outreach.models import OutreachActivity
from brobygger.people.models import ContactAttempt

from . import selectors
from .cpr import cpr_masked, normalise_cpr
from .models import Person

router = Router(tags=["persons"])

PAGE_SIZE = 50


class PersonItem(Schema):
    id: int
    municipality: str = Field(description="The three-digit municipality code")
    status: str
    first_name: str
    last_name: str

    @staticmethod
    def resolve_municipality(person: Person) -> str:
        return person.municipality.code


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PersonItem]


class SourceItem(Schema):
    method: str
    category: str
    note: str
    recorded_at: datetime


class PersonDetail(PersonItem):
    birth_date: date | None
    gender: str
    country_of_origin: str
    phone: str
    email: str
    cpr_masked: str = Field(description="DDMMYY-XXXX; the whole number is never sent")
    assigned_caseworker: str | None
    follow_up_on: date | None
    inform_due_on: date | None
    informed_on: date | None
    created_at: datetime
    sources: list[SourceItem]

    @staticmethod
    def resolve_phone(person: Person) -> str:
        return str(person.phone or "")

    @staticmethod
    def resolve_sources(person: Person) -> list[dict[str, object]]:
        return getattr(person, "sources_for_api", [])

    @staticmethod
    def resolve_assigned_caseworker(person: Person) -> str | None:
        worker = person.assigned_caseworker
        return worker.username if worker else None


class ContactAttemptItem(Schema):
    id: int
    occurred_at: datetime
    channel: str
    outcome: str
    note: str
    made_by: str | None

    @staticmethod
    def resolve_made_by(attempt: ContactAttempt) -> str | None:
        return attempt.made_by.username if attempt.made_by else None


class ActivityItem(Schema):
    id: int
    title: str
    method: str
    category: str
    place: str
    planned_on: date
    status: str

    @staticmethod
    def resolve_method(activity: OutreachActivity) -> str:
        return activity.method.name

    @staticmethod
    def resolve_category(activity: OutreachActivity) -> str:
        return activity.method.category


class Error(Schema):
    detail: str


class PersonFilters(Schema):
    q: str = Field(
        "",
        max_length=100,
        description=(
            "Name words or a phone number. A CPR number is refused here (400), because an "
            "address ends up in server and proxy logs: search for it with "
            "POST /api/v1/persons/search."
        ),
    )
    status: str = Field("", max_length=30)
    page: int = Field(1, ge=1, le=100_000)


class CprSearch(Schema):
    cpr: str = Field(
        ...,
        pattern=r"^[0-9]{6}-?[0-9]{4}$",
        description="The whole CPR number, DDMMYY-XXXX or DDMMYYXXXX",
        examples=["150385-1234"],
    )
    status: str = Field("", max_length=30)
    page: int = Field(1, ge=1, le=100_000)


def _require_people(request: HttpRequest) -> None:
    from django.http import Http404

    if not has_permission(request.user, Permission.VIEW_PEOPLE):
        raise Http404


def _page(
    request: HttpRequest, people: QuerySet[Person], page: int, *, criterion: str
) -> dict[str, object]:
    """One page of people, logged as an export: one entry per municipality whose people are
    on it, and one with 0 rows for each other municipality she searched."""
    start = (page - 1) * PAGE_SIZE
    items = list(people[start : start + PAGE_SIZE])
    access_bulk_record(
        user=request.user,
        action=AccessAction.EXPORT,
        rows=(person.municipality_id for person in items),
        searched=scope_for(request.user, Permission.VIEW_PEOPLE).municipality_ids,
        search_criterion=criterion,
        purpose="api:persons",
    )
    return {"count": people.count(), "page": page, "page_size": PAGE_SIZE, "items": items}


@router.get(
    "/persons",
    response={200: PersonPage, 400: Error},
    summary="Search and list people",
    description=(
        "Searches by name words or a phone number. A CPR number in `q` answers 400 and is not "
        "searched: send it in the body of POST /api/v1/persons/search instead."
    ),
    openapi_extra={"responses": {400: {"description": "`q` holds a CPR number"}}},
)
def person_list(
    request: HttpRequest, filters: Query[PersonFilters]
) -> dict[str, object] | Status[dict[str, str]]:
    _require_people(request)
    if selectors.looks_like_cpr(filters.q):
        # Refused, not searched: the number is already in the address, which is the harm.
        return Status(400, {"detail": cpr_in_query_message()})
    people = selectors.person_list(user=request.user, query=filters.q, status=filters.status)
    return _page(request, people, filters.page, criterion=f"q={filters.q}" if filters.q else "")


def cpr_in_query_message() -> str:
    return _(
        "A CPR number is not searched in q, because an address ends up in server and proxy "
        'logs. Send it in the body of POST /api/v1/persons/search: {"cpr": "DDMMYY-XXXX"}.'
    )


@router.post(
    "/persons/search",
    response={200: PersonPage, 400: Error},
    summary="Find people by CPR number",
    description=(
        "The CPR number travels in the body, so it stays out of addresses and server logs. "
        "Answers like GET /api/v1/persons; the access log keeps the number masked "
        "(DDMMYY-XXXX)."
    ),
    openapi_extra={"responses": {400: {"description": "Not a valid CPR number"}}},
)
def person_cpr_search(
    request: HttpRequest, search: CprSearch
) -> dict[str, object] | Status[dict[str, str]]:
    _require_people(request)
    try:
        number = normalise_cpr(search.cpr)
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    people = selectors.person_list(user=request.user, query=number, status=search.status)
    return _page(request, people, search.page, criterion=f"cpr={cpr_masked(number)}")


@router.get("/persons/{person_id}", response={200: PersonDetail, 404: Error}, summary="One person")
def person_detail(request: HttpRequest, person_id: int) -> Person:
    _require_people(request)
    person = selectors.person_get(user=request.user, pk=person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person, purpose="api:person")
    person.sources_for_api = [  # type: ignore[attr-defined]
        {
            "method": s.method.name,
            "category": s.method.category,
            "note": s.note,
            "recorded_at": s.created_at,
        }
        for s in selectors.person_sources(user=request.user, person=person)
    ]
    return person


@router.get(
    "/persons/{person_id}/contact-attempts",
    response={200: list[ContactAttemptItem], 404: Error},
    summary="A person's contact attempts, newest first",
)
def person_contact_attempts(request: HttpRequest, person_id: int) -> list[ContactAttempt]:
    _require_people(request)
    person = selectors.person_get(user=request.user, pk=person_id)
    attempts = selectors.person_contact_attempts(user=request.user, person=person)
    access_record(
        user=request.user,
        action=AccessAction.VIEW,
        obj=person,
        row_count=len(attempts),
        purpose="api:contact-attempts",
    )
    return attempts


@router.get(
    "/persons/{person_id}/activities",
    response={200: list[ActivityItem], 404: Error},
    summary="The outreach activities through which a person was found",
)
def person_activities(request: HttpRequest, person_id: int) -> list[OutreachActivity]:
    _require_people(request)
    person = selectors.person_get(user=request.user, pk=person_id)
    sources = selectors.person_sources(user=request.user, person=person)
    activities = [source.activity for source in sources if source.activity is not None]
    access_record(
        user=request.user,
        action=AccessAction.VIEW,
        obj=person,
        row_count=len(activities),
        purpose="api:activities",
    )
    return activities
