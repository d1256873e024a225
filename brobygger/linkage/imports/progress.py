"""An import's progress on its batch, and the cancel that each step of it may meet."""

from __future__ import annotations

from typing import Any

from brobygger.linkage.models import ImportBatch


class ImportCancelled(Exception):
    pass


def step(batch: ImportBatch, **changes: Any) -> None:
    """Stop with ``ImportCancelled`` when someone asked to cancel the import; else write
    ``changes`` (the phase, the rows done) to the batch for the progress page."""
    if ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists():
        raise ImportCancelled
    if changes:
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)
