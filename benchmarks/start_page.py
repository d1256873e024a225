"""Start page server time for a caseworker on the small demo.

.venv/bin/python benchmarks/start_page.py                       # SQLite
.venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/start_page.py
"""

from __future__ import annotations

from _harness import measure, report, setup_django


def main() -> None:
    database = setup_django(scale="small")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from brobygger.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="cw-791"))

    def start_page() -> None:
        response = client.get("/")
        assert response.status_code == 200

    with CaptureQueriesContext(connection) as queries:
        start_page()
    query_count = len(queries)
    result = measure(start_page, warmup=20, repeat=300)
    report("start_page", database, {**result, "queries": query_count, "scale": "small"})


if __name__ == "__main__":
    main()
