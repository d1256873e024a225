"""Running an import from its uploaded file to the end: stage the rows, link them, save.

The process running an import holds the batch's run lock (a file lock in ``IMPORT_ROOT``,
which the worker shares with the web servers because it reads the uploaded file from there).
The operating system releases it when the process ends, however it ends, so a batch that
says "running" while nobody holds its lock was interrupted: ``import_interrupted_check``
marks it failed, and it can be started again."""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.linkage import threshold
from brobygger.linkage.engine import Linkage, Pair
from brobygger.linkage.learning import Labels
from brobygger.linkage.models import ImportBatch, ImportPhase, ImportRow, ImportStatus, RowOutcome
from brobygger.linkage.reading import ListFileError
from brobygger.linkage.selectors import review_labels
from brobygger.people.selectors import registry_rows

from . import progress
from .applying import registry_save
from .progress import ImportCancelled
from .rows import rows_stage, rows_staged

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Linked:
    """What linking a list gave: its pairs, the model and how it was trained, the number of
    pairs compared, and the aggregates the model page shows."""

    pairs: list[Pair] = field(default_factory=list)
    model: dict[str, Any] | None = None
    em: bool = False
    count: int = 0
    learning: dict[str, Any] | None = None
    scores: dict[str, Any] | None = None


def import_run(batch_id: int, *, actor: User | None) -> ImportBatch:
    """Run an import from its uploaded file to the end. ``actor`` is None on the command
    line, which runs with the server's own rights.

    The run holds the batch's run lock throughout: a second run of the same batch waits for
    the first, and then finds it done (or runs it again if the first failed)."""
    with run_lock(batch_id):
        return _import_run_locked(batch_id, actor=actor)


def _import_run_locked(batch_id: int, *, actor: User | None) -> ImportBatch:
    batch = ImportBatch.objects.select_related("source__method", "municipality").get(pk=batch_id)
    if actor is not None:
        require_permission(actor, Permission.IMPORT_LISTS, municipality_id=batch.municipality_id)
    if batch.status == ImportStatus.DONE:
        logger.warning("import %s is already done; not run again", batch.pk)
        return batch
    started = time.perf_counter()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING,
        phase=ImportPhase.READING,
        rows_done=0,
        started_at=timezone.now(),
        error="",
        cancel_requested=False,
    )
    try:
        counts = _stage_link_save(batch, actor=actor)
    except ImportCancelled:
        return _import_ended(batch, status=ImportStatus.CANCELLED)
    except ListFileError as error:
        return _import_ended(batch, status=ImportStatus.FAILED, error=str(error))
    except Exception:
        logger.exception("import %s failed", batch.pk)
        _import_ended(
            batch,
            status=ImportStatus.FAILED,
            error=_("The import stopped because of an error in Brobygger. Nothing was saved."),
        )
        raise
    batch.refresh_from_db()
    if batch.file:
        batch.file.delete(save=True)  # the list has done its job; the registry holds the rows
    _run_lock_path(batch.pk).unlink(missing_ok=True)  # done is final: no run will need it
    logger.info("import %s done in %.1f s: %s", batch.pk, time.perf_counter() - started, counts)
    return batch


def _stage_link_save(batch: ImportBatch, *, actor: User | None) -> dict[str, int]:
    ImportRow.objects.filter(batch=batch).delete()  # rows of an earlier, failed attempt
    rows_stage(batch)
    progress.step(batch, phase=ImportPhase.LINKING)
    linked = _link(batch)
    pairs, model, trained_with_em, candidates = linked.pairs, linked.model, linked.em, linked.count
    progress.step(batch, phase=ImportPhase.SAVING)
    with transaction.atomic():
        # The registry and the batch's "done" are committed together, or not at all.
        counts = registry_save(batch, pairs=pairs, actor=actor)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.DONE,
            model=model,
            trained_with_em=trained_with_em,
            candidate_pairs=candidates,
            learning=linked.learning,
            scores=linked.scores,
            finished_at=timezone.now(),
            **counts,
        )
    return counts


def _import_ended(batch: ImportBatch, *, status: str, error: str = "") -> ImportBatch:
    """A cancelled or failed import: nothing of it reached the registry; its staged rows go."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, error=error, finished_at=timezone.now()
    )
    ImportRow.objects.filter(batch=batch).delete()
    batch.refresh_from_db()
    return batch


def _run_lock_path(batch_id: int) -> Path:
    return Path(settings.IMPORT_ROOT) / "running" / f"{batch_id}.lock"


@contextmanager
def run_lock(batch_id: int, *, wait: bool = True) -> Iterator[bool]:
    """The batch's run lock: an exclusive ``flock`` on a file in ``IMPORT_ROOT``. Yields
    whether it is held (always, when waiting). The kernel releases it when the holding
    process dies, even by SIGKILL."""
    path = _run_lock_path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def import_interrupted_check(batch: ImportBatch) -> ImportBatch:
    """A batch that says "running" while no process holds its run lock was interrupted (the
    worker or the command was killed, the machine stopped). Nothing of it reached the
    registry; mark it failed, so that it can be started again, and drop its staged rows."""
    if batch.status != ImportStatus.RUNNING:
        return batch
    with run_lock(batch.pk, wait=False) as nobody_runs_it:
        if nobody_runs_it and ImportBatch.objects.filter(
            pk=batch.pk, status=ImportStatus.RUNNING
        ).update(
            status=ImportStatus.FAILED,
            error=_(
                "The import was interrupted: the process running it stopped before it "
                "finished. Nothing of it was saved; start it again."
            ),
            finished_at=timezone.now(),
        ):
            logger.warning("import %s was interrupted; marked failed", batch.pk)
            ImportRow.objects.filter(batch=batch).delete()
    batch.refresh_from_db()
    return batch


def _link(batch: ImportBatch) -> Linked:
    """The pairs of rows and registry people (and of rows) that may be one person, with the
    trained model, whether EM trained it, how many pairs were compared, what the reviewers'
    labels changed and the spread of the scores."""
    if not ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.REJECTED).exists():
        return Linked()
    registry = ((str(pk), row) for pk, row in registry_rows(municipality_id=batch.municipality_id))
    labels = review_labels(municipality_id=batch.municipality_id)
    with Linkage(link_type="link_and_dedupe", evidence=True) as linkage:
        linkage.add("registry", registry)
        linkage.add("list", rows_staged(batch))
        if linkage.rows["registry"] == 0:
            linkage.close()
            return _link_list_only(batch, labels)
        return _scored(batch, linkage, labels, dataset="list")


def _link_list_only(batch: ImportBatch, labels: Labels) -> Linked:
    with Linkage(link_type="dedupe_only", evidence=True) as linkage:
        linkage.add("list", rows_staged(batch))
        return _scored(batch, linkage, labels, dataset=None)


def _scored(batch: ImportBatch, linkage: Linkage, labels: Labels, *, dataset: str | None) -> Linked:
    """Train (with the reviewers' labels), score down to the chart's floor, and keep the pairs
    at or above the review threshold (with a row of the list, when ``dataset`` says so)."""
    linkage.train(labels=labels)
    progress.step(batch)
    linkage.predict(threshold=min(threshold.FLOOR, settings.LINKAGE_REVIEW_THRESHOLD))
    pairs = [
        pair
        for pair in linkage.pairs(threshold=settings.LINKAGE_REVIEW_THRESHOLD)
        if dataset is None or dataset in (pair.left_dataset, pair.right_dataset)
    ]
    return Linked(
        pairs=pairs,
        model=linkage.model_json(),
        em=linkage.trained_with_em,
        count=linkage.candidate_pairs,
        learning=linkage.learning.as_json() if linkage.learning else None,
        scores=threshold.histogram(linkage, dataset=dataset),
    )
