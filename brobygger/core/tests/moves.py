"""For the tests of a model that moves to another app with a state-only migration: go back
before the move and forward again, and compare every row on both sides."""

from __future__ import annotations

from typing import Any

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def table_rows(model: Any) -> list[tuple[Any, ...]]:
    """Every row of the model's table, each as its concrete fields in name order, sorted."""
    fields = sorted(field.attname for field in model._meta.concrete_fields)
    return sorted(model.objects.values_list(*fields))


def migrate_to(targets: list[tuple[str, str]] | None = None) -> Any:
    """Migrate to ``targets`` and return the models as they were there; without targets,
    forward to the latest migrations (and return None). Like ``migrate``, it then sends
    ``post_migrate`` with the plan, so the apps that rebuild derived rows after a migration
    (the fact table) do so here too."""
    executor = MigrationExecutor(connection)
    goal = targets or executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(goal)
    state = executor.migrate(goal, plan=plan)
    state.clear_delayed_apps_cache()
    emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
    return executor.loader.project_state(targets).apps if targets else None
