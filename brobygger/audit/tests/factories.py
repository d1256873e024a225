"""Entries of the access log (append-only: the factory only creates)."""

from __future__ import annotations

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partnerships.tests.factories import municipality


class AccessLogEntryFactory(factory.django.DjangoModelFactory):
    """A caseworker of Viborg viewed a person (``person_id=...``); the traits are the other
    kinds of use the log keeps."""

    class Meta:
        model = AccessLogEntry

    user = factory.SubFactory(UserFactory, caseworker=True)
    username = factory.SelfAttribute("user.username")
    action = AccessAction.VIEW
    object_type = "people.person"
    object_id = factory.LazyAttribute(lambda e: str(e.person_id or ""))
    person_id = None
    municipality_id = factory.LazyFunction(lambda: municipality().pk)
    ip_address = "192.0.2.10"

    class Params:
        search = factory.Trait(
            action=AccessAction.SEARCH,
            object_type="",
            search_criterion="name: Fatima",
            row_count=3,
        )
        export = factory.Trait(action=AccessAction.EXPORT, object_type="", row_count=12)
        refused = factory.Trait(action=AccessAction.REFUSED)
        failed_login = factory.Trait(
            action=AccessAction.LOGIN_FAILED,
            user=None,
            username="ukendt",
            object_type="",
            municipality_id=None,
        )
