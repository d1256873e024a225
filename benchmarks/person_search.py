"""Person search server time on the national demo (about 100,000 people).

    .venv/bin/python benchmarks/person_search.py
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/person_search.py

Two users: a caseworker of Copenhagen (who sees her municipality's ~1,000 people), and a
user with caseworker access to all 98 municipalities (every search runs over all 100,000).
Each query is a realistic search typed by a caseworker, including transliteration variants,
a prefix while typing and a phone number.
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


if __name__ == "__main__":
    main()
