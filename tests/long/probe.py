"""Looks into (and acts on) the long suites' database from a process of its own.

The suites' servers run with production settings and the run's own secrets; this script runs
in that same environment (as a subprocess of the test, which never opens the database
itself) and prints one JSON object:

    python tests/long/probe.py COMMAND '{"argument": ...}'

Commands: registry, queue-import, batch, check-interrupted, restart-import, verify-import,
verify-registrations.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

django.setup()

from django.utils import translation  # noqa: E402

# Like the command line, the probe speaks English: the messages it stores and returns (an
# interrupted import's error) are compared by the tests.
translation.activate("en")

from auditlog.models import LogEntry  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files import File  # noqa: E402
from django.db.models import Count  # noqa: E402

from brobygger.accounts.models import User  # noqa: E402
from brobygger.audit.models import AccessAction, AccessLogEntry  # noqa: E402
from brobygger.linkage import imports, wizard  # noqa: E402
from brobygger.linkage.models import ImportBatch, ImportRow, RowOutcome  # noqa: E402
from brobygger.outreach.models import MethodCategory, OutreachMethod  # noqa: E402
from brobygger.partnerships.models import Municipality  # noqa: E402
from brobygger.people.cpr import cpr_lookup_hash  # noqa: E402
from brobygger.people.models import (  # noqa: E402
    Person,
    PersonNameKey,
    PersonSource,
    StatusEvent,
)


def registry(municipality: str, source: str) -> dict[str, Any]:
    """What an import into the municipality would change: its people and their sources."""
    people = Person.objects.filter(municipality__code=municipality)
    return {
        "people": people.count(),
        "sources_of_the_list": PersonSource.objects.filter(
            person__municipality__code=municipality, note=source
        ).count(),
        "name_keys": PersonNameKey.objects.filter(person__in=people).count(),
        "status_events": StatusEvent.objects.filter(person__in=people).count(),
    }


def queue_import(csv: str, municipality: str, source: str, username: str) -> dict[str, Any]:
    """The wizard's steps for a list: upload, columns (as recognised), start (queued for the
    task worker)."""
    actor = User.objects.get(username=username)
    place = Municipality.objects.get(code=municipality)
    method = OutreachMethod.objects.filter(category=MethodCategory.LISTS).order_by("pk").first()
    list_source = wizard.list_source_save(
        actor=actor, municipality_id=place.pk, name=source, method=method
    )
    path = Path(csv)
    with path.open("rb") as handle:
        batch = wizard.import_upload(
            actor=actor, source=list_source, upload=File(handle, path.name)
        )
    batch = wizard.import_map(actor=actor, batch=batch, mapping=batch.mapping)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    batch = wizard.import_start(actor=actor, batch=batch, rows=rows)
    return {"batch": batch.pk, "status": batch.status, "mapping": batch.mapping}


def batch_facts(batch_id: int) -> dict[str, Any]:
    found = ImportBatch.objects.get(pk=batch_id)
    return {
        "status": found.status,
        "phase": found.phase,
        "error": found.error,
        "has_file": bool(found.file),
        "staged_rows": ImportRow.objects.filter(batch=found).count(),
        "new": found.new_count,
        "matched": found.matched_count,
        "duplicates": found.duplicate_count,
        "review": found.review_count,
        "rejected": found.rejected_count,
    }


def check_interrupted(batch_id: int) -> dict[str, Any]:
    """What the import pages do when they show a batch."""
    imports.import_interrupted_check(ImportBatch.objects.get(pk=batch_id))
    return batch_facts(batch_id)


def restart_import(batch_id: int, username: str) -> dict[str, Any]:
    """What the "start the same file again" button does."""
    found = ImportBatch.objects.get(pk=batch_id)
    wizard.import_start(
        actor=User.objects.get(username=username), batch=found, rows=found.rows_total
    )
    return batch_facts(batch_id)


def verify_import(batch_id: int, cprs: str) -> dict[str, Any]:
    """The people an import created, against the list's truth (one person per CPR number):
    every expected person exactly once, nothing else, and each with what an imported person
    gets (the list as source, the first status event, name keys, the access log entry)."""
    found = ImportBatch.objects.get(pk=batch_id)
    expected = {cpr_lookup_hash(cpr) for cpr in Path(cprs).read_text().split()}
    created = Person.objects.filter(
        import_rows__batch=found, import_rows__outcome__in=[RowOutcome.NEW, RowOutcome.REVIEW]
    ).distinct()
    hashes = list(created.values_list("cpr_hash", flat=True))
    municipality = Person.objects.filter(municipality=found.municipality)
    repeated = (
        municipality.exclude(cpr_hash="")
        .values("cpr_hash")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    ids = list(created.values_list("pk", flat=True))
    with_source = set(
        PersonSource.objects.filter(person_id__in=ids, note=found.source.name[:200]).values_list(
            "person_id", flat=True
        )
    )
    with_event = set(
        StatusEvent.objects.filter(person_id__in=ids, from_status="").values_list(
            "person_id", flat=True
        )
    )
    with_keys = set(
        PersonNameKey.objects.filter(person_id__in=ids).values_list("person_id", flat=True)
    )
    logged = set(
        AccessLogEntry.objects.filter(person_id__in=ids, action=AccessAction.CREATE).values_list(
            "person_id", flat=True
        )
    )
    incomplete = [
        pk
        for pk in ids
        if pk not in with_source or pk not in with_event or pk not in with_keys or pk not in logged
    ]
    unresolved = ImportRow.objects.filter(batch=found, person__isnull=True).exclude(
        outcome=RowOutcome.REJECTED
    )
    return {
        **batch_facts(batch_id),
        "expected_people": len(expected),
        "created_people": len(ids),
        "created_equals_expected": set(hashes) == expected and len(hashes) == len(expected),
        "unexpected": len(set(hashes) - expected),
        "not_created": len(expected - set(hashes)),
        "cpr_numbers_twice_in_municipality": repeated,
        "incomplete_people": incomplete[:20],
        "rows_without_outcome": unresolved.count(),
    }


def verify_registrations(
    prefix: str, acknowledged: dict[str, int], sent: list[str]
) -> dict[str, Any]:
    """Registrations of a burst, by the marker each carried as last name and source note:
    every acknowledged one present once with the acknowledged id, every present one complete
    (source, first status event, name keys, access log entry, change history), and none that
    was never sent."""
    people = list(
        Person.objects.filter(last_name__startswith=prefix).values_list("pk", "last_name")
    )
    by_marker: dict[str, list[int]] = {}
    for pk, marker in people:
        by_marker.setdefault(marker, []).append(pk)
    ids = [pk for pk, _marker in people]
    sources = Counter(
        PersonSource.objects.filter(person_id__in=ids).values_list("person_id", "note")
    )
    events = Counter(
        StatusEvent.objects.filter(person_id__in=ids, from_status="").values_list(
            "person_id", flat=True
        )
    )
    keys = set(PersonNameKey.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    logged = Counter(
        AccessLogEntry.objects.filter(person_id__in=ids, action=AccessAction.CREATE).values_list(
            "person_id", flat=True
        )
    )
    history = Counter(
        int(pk)
        for pk in LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk__in=[str(pk) for pk in ids],
            action=LogEntry.Action.CREATE,
        ).values_list("object_pk", flat=True)
    )
    incomplete = [
        marker
        for pk, marker in people
        if sources[(pk, marker)] != 1
        or events[pk] != 1
        or pk not in keys
        or logged[pk] != 1
        or history[pk] != 1
    ]
    missing = [m for m, pk in acknowledged.items() if by_marker.get(m) != [pk]]
    unacknowledged = [m for m in sent if m not in acknowledged]
    return {
        "people": len(people),
        "acknowledged": len(acknowledged),
        "acknowledged_missing_or_other_id": missing[:20],
        "twice": [m for m, pks in by_marker.items() if len(pks) > 1][:20],
        "never_sent": [m for m in by_marker if m not in set(sent)][:20],
        "incomplete": incomplete[:20],
        "unacknowledged": len(unacknowledged),
        "unacknowledged_present": len([m for m in unacknowledged if m in by_marker]),
    }


COMMANDS: dict[str, Callable[..., dict[str, Any]]] = {
    "registry": registry,
    "queue-import": queue_import,
    "batch": batch_facts,
    "check-interrupted": check_interrupted,
    "restart-import": restart_import,
    "verify-import": verify_import,
    "verify-registrations": verify_registrations,
}


if __name__ == "__main__":
    command, arguments = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    if arguments.get("@file"):
        arguments = json.loads(Path(arguments["@file"]).read_text(encoding="utf-8"))
    print(json.dumps(COMMANDS[command](**arguments)))
