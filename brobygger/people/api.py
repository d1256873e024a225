"""The people part of the JSON API (/api/v1/persons). Reads go through the selectors, so the
API answers exactly what the pages answer: another municipality's person is a 404."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from brobygger.accounts.access import Permission, has_permission, scope_for
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.outreach.models import ContactAttempt, OutreachActivity

from . import selectors
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
    q: str = Field("", max_length=100, description="Name words, a phone number or a CPR number")
    status: str = Field("", max_length=30)
    page: int = Field(1, ge=1, le=100_000)


def _require_people(request: HttpRequest) -> None:
    from django.http import Http404

    if not has_permission(request.user, Permission.VIEW_PEOPLE):
        raise Http404


@router.get("/persons", response=PersonPage, summary="Search and list people")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, object]:
    _require_people(request)
    people = selectors.person_list(user=request.user, query=filters.q, status=filters.status)
    count = people.count()
    start = (filters.page - 1) * PAGE_SIZE
    items = list(people[start : start + PAGE_SIZE])
    criterion = "" if selectors.looks_like_cpr(filters.q) else f"q={filters.q}"
    access_bulk_record(
        user=request.user,
        action=AccessAction.EXPORT,
        rows=(person.municipality_id for person in items),
        searched=scope_for(request.user, Permission.VIEW_PEOPLE).municipality_ids,
        search_criterion=criterion,
        purpose="api:persons",
    )
    return {"count": count, "page": filters.page, "page_size": PAGE_SIZE, "items": items}


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
