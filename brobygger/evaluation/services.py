"""The evaluator's extract: asked for → made by the task worker (with its progress) → kept
for ``EXTRACT_RETENTION_DAYS`` → downloaded, each download logged.

A national partnership's extract takes longer than a request may (gunicorn's timeout is
30 s), so the request only queues it. The worker builds the file in a temporary file and
moves it into ``EXTRACT_ROOT`` when it is whole: a run that fails half-way leaves no file.
The access log is told at each download, with the people per municipality counted when the
file was made, so each municipality's log shows every copy of her people's rows that left.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, islice
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record
from brobygger.partnerships.models import Partnership
from brobygger.targetgroups.choosing import Chosen
from brobygger.targetgroups.models import TargetGroupDefinition

from . import extract, files, layout, selectors
from .models import ACTIVE_STATUSES, ExtractFormat, ExtractRun, ExtractStatus
from .pseudonyms import pseudonymiser_for
from .tasks import extract_build

logger = logging.getLogger(__name__)

__all__ = ["ExtractFormat", "extract_build_run", "extract_download", "extract_request"]

Writer = Callable[..., dict[str, int]]

_WRITERS: dict[str, tuple[Writer, str, str]] = {
    ExtractFormat.XLSX: (
        files.write_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ExtractFormat.CSV: (files.write_csv_zip, "zip", "application/zip"),
}

NO_ACCESS = _("You no longer have access to this partnership's extract.")
BROKEN = _("The extract could not be made because of an error in Brobygger. Ask for it again.")
STUCK = _("The extract was not finished in time. Ask for it again.")

# An extract not finished this long after it was asked for is taken as lost.
STUCK_AFTER = timedelta(hours=1)

# The progress is written to the run every this many rows (a cheap UPDATE).
PROGRESS_EVERY = 20_000


@dataclass(frozen=True)
class ExtractFile:
    file: IO[bytes]  # positioned at the start; the caller closes it (FileResponse does)
    filename: str
    content_type: str


def extract_request(
    *,
    actor: AnyUser,
    partnership: Partnership,
    file_format: ExtractFormat,
    definition: TargetGroupDefinition | None = None,
) -> ExtractRun:
    """Queue the partnership's extract in ``file_format`` for ``actor``, of the people the
    target-group ``definition`` takes (everyone without one). While one of hers in the same
    format and definition is waiting or being made, that one is returned instead of a second."""
    if definition is not None and definition.partnership_id != partnership.pk:
        raise PermissionDenied
    if not isinstance(actor, User) or not selectors.extract_partnership_ids(user=actor).allows(
        partnership.pk
    ):
        raise PermissionDenied
    with transaction.atomic():
        # One request at a time per partnership: two clicks at once queue one extract.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        active = ExtractRun.objects.filter(
            partnership=partnership,
            requested_by=actor,
            file_format=file_format,
            definition=definition,
            status__in=ACTIVE_STATUSES,
        )
        # A run that has not finished in an hour was lost (a worker stopped): closed, so that
        # it does not stand in the way of a new one.
        _close_stuck(active.filter(created_at__lt=timezone.now() - STUCK_AFTER))
        running = active.first()
        if running is not None:
            return running
        run = ExtractRun.objects.create(
            partnership=partnership,
            requested_by=actor,
            file_format=file_format,
            definition=definition,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    result = extract_build.enqueue(run.pk)
    ExtractRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def extract_build_run(extract_id: int) -> ExtractRun:
    """Make the extract of the run (the task's body). A run that is not waiting is left as it
    is: the queue may hand a task out twice."""
    started = ExtractRun.objects.filter(pk=extract_id, status=ExtractStatus.QUEUED).update(
        status=ExtractStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    run = ExtractRun.objects.select_related("partnership", "requested_by", "definition").get(
        pk=extract_id
    )
    if not started:
        return run
    try:
        with translation.override(run.language):
            _build(run)
    except PermissionDenied:
        _failed(run, NO_ACCESS)
    except Exception:
        logger.exception("extract %s failed", run.pk)
        _failed(run, BROKEN)
    run.refresh_from_db()
    return run


def _failed(run: ExtractRun, message: Promise) -> None:
    """The run failed; its message is kept in Danish, the language of the service."""
    with translation.override(settings.LANGUAGE_CODE):
        error = str(message)
    ExtractRun.objects.filter(pk=run.pk).update(
        status=ExtractStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _build(run: ExtractRun) -> None:
    partnership = run.partnership
    if run.requested_by is None or not selectors.extract_partnership_ids(
        user=run.requested_by
    ).allows(partnership.pk):
        raise PermissionDenied  # her membership ended while the extract waited
    partnership = selectors.extract_partnership_get(user=run.requested_by, pk=partnership.pk)
    chosen = Chosen(run.definition)
    source = extract.source_for(
        partnership=partnership,
        pseudonymiser=pseudonymiser_for(partnership=partnership),
        where=chosen.where,
    )
    tables: Sequence[layout.Table] = extract.extract_tables(source=source)
    progress = _Progress(run.pk, total=extract.row_total(tables))
    tables = [dataclasses.replace(table, rows=progress.counted(table.rows)) for table in tables]
    made_at = timezone.now()
    text = files.about(
        partnership=partnership,
        tables=tables,
        made_at=made_at,
        target_group=chosen.label if run.definition is not None else "",
    )
    write, extension, _content_type = _WRITERS[run.file_format]
    filename = (
        f"pseudonymiseret-udtraek-{partnership.pk}-"
        f"{timezone.localtime(made_at):%Y-%m-%d}.{extension}"
    )
    people = {
        str(municipality_id): count
        for municipality_id, count in source.people.order_by()
        .values_list("municipality_id")
        .annotate(people=Count("id"))
    }
    with tempfile.TemporaryFile() as out:
        counts = write(tables=tables, text=text, out=out)
        size = out.tell()
        out.seek(0)
        run.file.save(filename, File(out), save=False)
    ExtractRun.objects.filter(pk=run.pk).update(
        file=run.file.name,
        filename=filename,
        size=size,
        counts=counts,
        people=people,
        status=ExtractStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )


class _Progress:
    """Counts the rows written and tells the run at every ``PROGRESS_EVERY`` rows."""

    def __init__(self, extract_id: int, total: int) -> None:
        self.extract_id = extract_id
        self.total = max(total, 1)
        self.done = 0

    def counted(
        self, rows: Callable[[], Iterator[layout.Row]]
    ) -> Callable[[], Iterator[layout.Row]]:
        def chunks() -> Iterator[list[layout.Row]]:
            produced = rows()
            while chunk := list(islice(produced, PROGRESS_EVERY)):
                self.done += len(chunk)
                self.tell()
                yield chunk

        # Counted a chunk at a time: no Python code runs per row (1.5 million nationally).
        return lambda: chain.from_iterable(chunks())

    def tell(self) -> None:
        # The file is not written yet at the last row: at most 99 % until it is.
        percent = min(99, 100 * self.done // self.total)
        ExtractRun.objects.filter(pk=self.extract_id).update(progress=percent)


def extract_download(*, actor: AnyUser, run: ExtractRun) -> ExtractFile:
    """The finished extract's file, opened, with the download written to the access log: one
    entry per municipality with her people's number, like every export."""
    if run.status != ExtractStatus.DONE or not run.file or run.requested_by_id != actor.pk:
        raise PermissionDenied
    if not selectors.extract_partnership_ids(user=actor).allows(run.partnership_id):
        raise PermissionDenied
    file = run.file.open("rb")
    try:
        access_bulk_record(
            user=actor,
            action=AccessAction.EXPORT,
            rows={int(municipality): count for municipality, count in run.people.items()},
            obj=run.partnership,
            search_criterion=(
                f"pseudonymised extract partnership={run.partnership_id} format={run.file_format}"
                + (f" definition={run.definition_id}" if run.definition_id else "")
            ),
        )
    except BaseException:
        file.close()
        raise
    _writer, _extension, content_type = _WRITERS[run.file_format]
    return ExtractFile(file=file, filename=run.filename, content_type=content_type)


def extracts_expire(now: datetime | None = None) -> int:
    """Delete the files of the extracts made more than ``EXTRACT_RETENTION_DAYS`` ago (the
    run stays, marked deleted, so the requester sees what became of it); the number deleted.
    A run that never finished is closed as failed after the same time."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXTRACT_RETENTION_DAYS)
    old = ExtractRun.objects.filter(created_at__lt=cutoff)
    deleted = 0
    for run in old.filter(status=ExtractStatus.DONE):
        run.file.delete(save=False)
        ExtractRun.objects.filter(pk=run.pk).update(file="", status=ExtractStatus.EXPIRED)
        deleted += 1
    _close_stuck(old.filter(status__in=ACTIVE_STATUSES))
    return deleted


def _close_stuck(runs: QuerySet[ExtractRun]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        stuck = str(STUCK)
    runs.update(status=ExtractStatus.FAILED, error=stuck, finished_at=timezone.now())
