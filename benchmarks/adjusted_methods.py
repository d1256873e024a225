"""The method page's new sections on the national demo (issue 19, points 5 and 6): contact
channels, people gone quiet, and the adjusted comparison of methods (the logistic regression).

    .venv/bin/python benchmarks/adjusted_methods.py
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/adjusted_methods.py

As ``criteria.py`` does, it adds a partnership of all 98 municipalities (2025-01-01 to
2027-12-31) beside the demo's own of four, and for each, over its default period (its start to
today), it measures the median of 5 runs of:

* ``people_of``: reading the people as the model sees them (two queries);
* ``compare_methods``: grouping them and fitting both models (contact, intervention) with
  the marginal standardisation and the multi-touch credit, no database;
* ``channel_reach`` and ``gone_quiet``: the channel figures' queries;
* ``sections_uncached``: what the sections add to the method page as a coordinator sees it
  (``sections.method_sections``: the cache key's queries, all the figures above, and the
  small-number suppression of their tables), the cache emptied before each run; and
  ``sections_cached``, the figures read from Django's cache. The method table itself (and its
  own suppression) is computed once, exactly and untimed: ``criteria.py`` measures its page.

It also records how many people the model saw and whether each model was fitted. A quick
check of the script on a smaller demo: ``benchmarks/adjusted_methods.py small`` (its result is
written under that scale's name).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Any

from _harness import measure, report, setup_django

RUNS = {"warmup": 1, "repeat": 5}


def main() -> None:
    scale = sys.argv[1] if len(sys.argv) > 1 else "national"
    database = setup_django(scale=scale)
    from django.core.cache import cache
    from django.utils import timezone

    from brobygger.demo.generator import DEMO_PARTNERSHIP_NAME
    from brobygger.measures import disclosure, sections
    from brobygger.measures.adjusted import compare_methods, people_of
    from brobygger.measures.channels import channel_reach, gone_quiet
    from brobygger.measures.effectiveness import compare
    from brobygger.measures.periods import Period
    from brobygger.partnerships.models import Municipality, Partnership
    from brobygger.people.models import ContactAttempt, Person

    national = Partnership.objects.create(
        name="Benchmark: alle 98 kommuner", starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)
    )
    national.municipalities.set(Municipality.objects.all())
    demo = Partnership.objects.get(name=DEMO_PARTNERSHIP_NAME)
    coordinator = disclosure.Viewer(frozenset())  # sees no municipality's exact counts
    everyone = disclosure.Viewer(frozenset(), everywhere=True)
    today = timezone.localdate()

    results: dict[str, Any] = {}
    for label, partnership in (("all_98_municipalities", national), ("demo_4", demo)):
        ids = list(partnership.municipalities.values_list("pk", flat=True))
        period = Period(partnership.starts_on, min(today, partnership.ends_on))
        people = people_of(municipality_ids=ids, period=period)
        compared = compare_methods(people)
        # The method table's raw cells, exact (its own suppression is not what is measured).
        table = disclosure.methods(compare(municipality_ids=ids, period=period), ids, everyone)

        def shown_sections(
            ids: list[int] = ids, period: Period = period, table: Any = table
        ) -> None:
            sections.method_sections(
                viewer=coordinator, municipality_ids=ids, period=period, figures=table.total
            )

        def uncached(shown_sections: Any = shown_sections) -> None:
            cache.clear()
            shown_sections()

        results[label] = {
            "municipalities": len(ids),
            "people_in_model": len(people),
            "contacted_model": compared.contacted.status.value,
            "intervention_model": compared.intervention.status.value,
            "people_of": measure(
                lambda ids=ids, period=period: people_of(municipality_ids=ids, period=period),
                **RUNS,
            ),
            "compare_methods": measure(lambda people=people: compare_methods(people), **RUNS),
            "channel_reach": measure(
                lambda ids=ids, period=period: channel_reach(municipality_ids=ids, period=period),
                **RUNS,
            ),
            "gone_quiet": measure(
                lambda ids=ids, period=period: gone_quiet(municipality_ids=ids, period=period),
                **RUNS,
            ),
            "sections_uncached": measure(uncached, **RUNS),
            "sections_cached": measure(shown_sections, **RUNS),
        }
        print(label, results[label], flush=True)

    report(
        "adjusted_methods" if scale == "national" else f"adjusted_methods-{scale}",
        database,
        {
            "today": today.isoformat(),
            "people": Person.objects.count(),
            "contact_attempts": ContactAttempt.objects.count(),
            "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
            **results,
        },
    )


if __name__ == "__main__":
    main()
