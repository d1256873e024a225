"""Person search and caseload server time on the national demo (about 100,000 people).

    .venv/bin/python benchmarks/person_search.py
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/person_search.py

Two users: a caseworker of Copenhagen (who sees her municipality's ~1,000 people), and a
user with caseworker access to all 98 municipalities (every search runs over all 100,000).
Each query is a realistic search typed by a caseworker, including transliteration variants,
a prefix while typing and a phone number. The caseload page is measured for a caseworker
with 500 people, a quarter of them with a follow-up date.
"""

from __future__ import annotations

from _harness import measure, report, setup_django

QUERIES = [
    "Mohamed",
    "Fatima Al-Hassan",
    "Hussein",
    "Nguyen",
    "Malee Srisuk",
    "Ayse",
    "Yil",
    "Zainab",
    "Khan",
    "Hodan Warsame",
    "20 12 34 56",
    "Semhar",
]


def main() -> None:
    database = setup_django(scale="national")
    from django.test import Client

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.partnerships.models import Municipality

    everywhere = User.objects.create_user(username="bench-all", password="x", is_demo=True)
    Membership.objects.bulk_create(
        Membership(user=everywhere, role=Role.CASEWORKER, municipality=m)
        for m in Municipality.objects.all()
    )
    results = {}
    for label, username in [("caseworker", "cw-101"), ("all_municipalities", "bench-all")]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        position = 0

        def search(client: Client = client) -> None:
            nonlocal position
            query = QUERIES[position % len(QUERIES)]
            position += 1
            response = client.get("/people/", {"q": query})
            assert response.status_code == 200

        results[label] = measure(search, warmup=len(QUERIES), repeat=len(QUERIES) * 25)
    report("person_search", database, {"people": 100_058, "queries": QUERIES, **results})

    report("caseload", database, {"people_in_caseload": 500, **caseload_timing()})


def caseload_timing() -> dict[str, float]:
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from brobygger.accounts.models import User
    from brobygger.people.models import Person

    worker = User.objects.get(username="cw-101")
    ids = list(
        Person.objects.filter(municipality__code="101").order_by("pk").values_list("pk", flat=True)
    )[:500]
    Person.objects.filter(pk__in=ids).update(assigned_caseworker=worker)
    today = timezone.localdate()
    for offset, person_id in enumerate(ids[::4]):
        Person.objects.filter(pk=person_id).update(
            follow_up_on=today + timedelta(days=offset % 21 - 10)
        )
    client = Client()
    client.force_login(worker)

    def open_caseload() -> None:
        response = client.get("/people/caseload/")
        assert response.status_code == 200

    return measure(open_caseload, warmup=10, repeat=200)


if __name__ == "__main__":
    main()
