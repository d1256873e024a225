"""The import wizard's steps: the list (chosen or named), its file, its columns, and the
start that queues the run (``linkage.tasks``, which runs ``linkage.imports``) or its cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.partnerships.models import Municipality

from .fields import guess_mapping, mapping_problems
from .models import ImportBatch, ImportStatus, ListSource
from .reading import ListFile, ListFileError, open_list
from .tasks import import_list


def list_source_save(
    *, actor: User, municipality_id: int, name: str, method: Any, source: ListSource | None = None
) -> ListSource:
    """A new list, or ``source`` renamed. A new name that an earlier attempt of the wizard
    left behind (its file refused, abandoned at the columns, its import failed or cancelled:
    nothing of it reached the registry) takes that list up again; a name already imported
    under is refused, whatever its capitals."""
    require_permission(actor, Permission.IMPORT_LISTS, municipality_id=municipality_id)
    name = name.strip()
    same_name = ListSource.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if source is not None:
        same_name = same_name.exclude(pk=source.pk)
    existing = same_name.first()
    if existing is not None:
        if source is not None or _list_in_use(existing):
            raise ValidationError({"new_source_name": _list_name_taken(municipality_id)})
        source = existing  # keeps the name as first written
    else:
        source = source or ListSource(municipality_id=municipality_id)
        source.name = name
    source.method = method
    source.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a colleague may take the name meanwhile
            source.save()
    except IntegrityError:
        raise ValidationError({"new_source_name": _list_name_taken(municipality_id)}) from None
    return source


def _list_in_use(source: ListSource) -> bool:
    """Whether a list has an import that reached the registry or may still reach it."""
    in_use = [ImportStatus.DONE, ImportStatus.QUEUED, ImportStatus.RUNNING]
    return source.batches.filter(status__in=in_use).exists()


def _list_name_taken(municipality_id: int) -> str:
    municipality = Municipality.objects.get(pk=municipality_id)
    taken = _("There is already a list with that name in %(municipality)s.") % {
        "municipality": f"{municipality.name} Kommune"
    }
    return f"{taken} {_('Choose it under “List” to import a new file of it.')}"


@transaction.atomic
def import_begin(
    *,
    actor: User,
    municipality_id: int,
    upload: File,
    source: ListSource | None = None,
    name: str = "",
    method: Any = None,
) -> ImportBatch:
    """The wizard's first step: the list (chosen, or a new one named) and its file, in one
    transaction, so that a refused file leaves no new list behind to take the name."""
    if source is None:
        source = list_source_save(
            actor=actor, municipality_id=municipality_id, name=name, method=method
        )
    return import_upload(actor=actor, source=source, upload=upload)


def import_upload(*, actor: User | None, source: ListSource, upload: File) -> ImportBatch:
    """Keep the uploaded file and read its header; a file that cannot be read is refused
    with the reason, and nothing is kept."""
    if actor is not None:
        require_permission(actor, Permission.IMPORT_LISTS, municipality_id=source.municipality_id)
    if upload.size and upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. Split the list into parts."
                )
                % {
                    "size": f"{upload.size / 1e6:.1f}".replace(".", ","),
                    "limit": f"{settings.IMPORT_MAX_BYTES / 1e6:.1f}".replace(".", ","),
                }
            }
        )
    name = Path(upload.name or "list.csv").name[:255]
    batch = ImportBatch(
        municipality_id=source.municipality_id, source=source, original_name=name, created_by=actor
    )
    batch.file.save(name, upload, save=False)
    try:
        list_file = open_list(Path(batch.file.path), max_bytes=settings.IMPORT_MAX_BYTES)
    except ListFileError as error:
        batch.file.delete(save=False)
        raise ValidationError({"file": str(error)}) from None
    batch.encoding = list_file.encoding
    batch.mapping = guess_mapping(list_file.headers, source.column_mapping)
    batch.save()
    return batch


def batch_list_file(batch: ImportBatch, *, encoding: str = "") -> ListFile:
    try:
        return open_list(
            Path(batch.file.path),
            max_bytes=settings.IMPORT_MAX_BYTES,
            encoding=encoding or batch.encoding,
        )
    except ListFileError as error:
        raise ValidationError(str(error)) from None


def import_map(
    *, actor: User | None, batch: ImportBatch, mapping: dict[str, str], encoding: str = ""
) -> ImportBatch:
    """Save the column mapping, and remember it for the next file of the same list."""
    if actor is not None:
        require_permission(actor, Permission.IMPORT_LISTS, municipality_id=batch.municipality_id)
    if batch.status != ImportStatus.UPLOADED:
        raise ValidationError(_("This import has already started."))
    problems = mapping_problems(mapping)
    if problems:
        raise ValidationError(problems)
    if encoding and encoding != batch.encoding:
        batch_list_file(batch, encoding=encoding)
        batch.encoding = encoding
    batch.mapping = mapping
    batch.save(update_fields=["mapping", "encoding", "updated_at"])
    source = batch.source
    source.column_mapping = {**source.column_mapping, **mapping}
    source.save(update_fields=["column_mapping", "updated_at"])
    return batch


def import_start(*, actor: User, batch: ImportBatch, rows: int) -> ImportBatch:
    """Queue the import; the worker runs it and the page follows its progress."""
    require_permission(actor, Permission.IMPORT_LISTS, municipality_id=batch.municipality_id)
    startable = [ImportStatus.UPLOADED, ImportStatus.FAILED, ImportStatus.CANCELLED]
    if batch.status not in startable:
        raise ValidationError(_("This import is already running or done."))
    if not batch.file:
        raise ValidationError(_("The file of this import is gone; upload it again."))
    problems = mapping_problems(batch.mapping)
    if problems:
        raise ValidationError(problems)
    # One conditional update: two clicks at once queue the import once.
    if not ImportBatch.objects.filter(pk=batch.pk, status__in=startable).update(
        status=ImportStatus.QUEUED, rows_total=rows, rows_done=0, phase="", cancel_requested=False
    ):
        raise ValidationError(_("This import is already running or done."))
    result = import_list.enqueue(batch.pk, actor.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
    batch.refresh_from_db()
    return batch


def import_cancel(*, actor: User, batch: ImportBatch) -> None:
    require_permission(actor, Permission.IMPORT_LISTS, municipality_id=batch.municipality_id)
    if not batch.is_active:
        raise ValidationError(_("Only a waiting or running import can be cancelled."))
    ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)
