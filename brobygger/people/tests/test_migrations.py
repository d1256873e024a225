"""Moving contact attempts and drop-in visits from outreach to people loses nothing.

The move is state only (the tables keep their names): on a copy of the demo, going back before
it and forward again leaves every row as it was, and the content types (which the change history
and the permissions point at) follow the models."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from brobygger.people.models import ContactAttempt, DropInVisit

BEFORE = [
    ("people", "0011_person_erased_at_person_version"),
    ("outreach", "0011_seed_method_names_en"),
]
MOVED = {"contactattempt": ContactAttempt, "dropinvisit": DropInVisit}


def _rows(model: Any) -> list[tuple[Any, ...]]:
    fields = sorted(field.attname for field in model._meta.concrete_fields)
    return sorted(model.objects.values_list(*fields))


def _migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contact_records_survive_the_move_to_people_both_ways() -> None:
    call_command("demo", "--scale", "small", "--seed", "7")
    rows = {name: _rows(model) for name, model in MOVED.items()}
    content_types = {name: ContentType.objects.get_for_model(m).pk for name, m in MOVED.items()}
    assert all(rows.values()), "the demo has contact attempts and drop-in visits"

    try:
        old = _migrate(BEFORE)
        for name in MOVED:
            assert _rows(old.get_model("outreach", name)) == rows[name]
            assert (
                ContentType.objects.get(app_label="outreach", model=name).pk
                == (content_types[name])
            )
    finally:
        _migrate()

    ContentType.objects.clear_cache()
    for name, model in MOVED.items():
        assert _rows(model) == rows[name]
        assert ContentType.objects.get(app_label="people", model=name).pk == content_types[name]
        assert not ContentType.objects.filter(app_label="outreach", model=name).exists()
