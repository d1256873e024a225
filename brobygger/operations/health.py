"""What the load balancer asks: is the process alive, and can it serve requests?"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations the code has that the database has not applied (raises
    ``DatabaseError`` when the database cannot be reached)."""
    connection = connections[alias]
    connection.ensure_connection()
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def readiness_problem(alias: str = DEFAULT_DB_ALIAS) -> str:
    """Why this process cannot serve requests yet, or "" when it can: the database must be
    reachable and every migration applied (a new release before `migrate`, or a database
    restored from an older backup, is not ready)."""
    try:
        unapplied = unapplied_migrations(alias)
    except DatabaseError as error:
        logger.warning("Not ready: the database cannot be reached (%s)", type(error).__name__)
        return "database unreachable"
    if unapplied:
        logger.warning("Not ready: %d migrations are not applied", unapplied)
        return "migrations not applied"
    return ""
