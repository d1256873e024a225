"""Importing a list into the registry: read and check every row, link the rows to the
municipality's people (and to each other), then save everything in one transaction.

Reading streams the file: rows are checked and staged as ``ImportRow`` in chunks, and the
linkage reads them back in chunks; no step holds the whole file. The registry changes only
in the last step, inside one transaction that a cancel or an error rolls back, so a failed
or cancelled import leaves the registry exactly as before and can be run again. The batch
becomes "done" in that same transaction, so an import whose process is killed at any moment
is either wholly saved and done, or not saved at all.

The process running an import holds the batch's run lock (a file lock in ``IMPORT_ROOT``,
which the worker shares with the web servers because it reads the uploaded file from there).
The operating system releases it when the process ends, however it ends, so a batch that
says "running" while nobody holds its lock was interrupted: ``import_interrupted_check``
marks it failed, and it can be started again.

Each row ends as one of:

* matched: the same person as someone in the registry (probability ≥ the match threshold);
  the list is added to her sources and her blank fields are filled from the row;
* duplicate: the same person as an earlier row of this list;
* review: a new person who may be someone already known (between the review and match
  thresholds); the pair waits in the review queue;
* new: a new person, with the GDPR art. 14 duty to inform her within one month;
* rejected: the row cannot be used (no name, a duplicate id, ...); the reason is kept.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person
from brobygger.people.selectors import people_by_ids, registry_rows
from brobygger.people.services import (
    NewPerson,
    Origin,
    people_create,
    people_found_again,
    person_build,
    person_fill_blanks,
)

from .engine import Linkage, Pair
from .fields import CheckedRow, Problem, check_row, guess_mapping, mapping_problems, split_address
from .models import (
    CandidateStatus,
    DuplicateCandidate,
    ImportBatch,
    ImportPhase,
    ImportRow,
    ImportStatus,
    ListSource,
    RowOutcome,
)
from .reading import ListFile, ListFileError, MalformedRow, open_list

logger = logging.getLogger(__name__)

CHUNK = 1000


class ImportCancelled(Exception):
    pass


# Preview ----------------------------------------------------------------------------------


@dataclass
class Preview:
    rows: int = 0
    rejected: int = 0
    with_warnings: int = 0
    sample: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problems_left_off: int = 0


def preview(
    list_file: ListFile, mapping: dict[str, str], *, sample: int = 20, problems: int = 500
) -> Preview:
    """Check every row without saving anything: the first rows as they will be read, and
    the problems of all rows (the first ``problems`` of them in full)."""
    result = Preview()
    today = timezone.localdate()
    for number, checked in _checked_rows(list_file, mapping, today=today):
        result.rows += 1
        if checked.rejected:
            result.rejected += 1
        elif checked.problems:
            result.with_warnings += 1
        if len(result.sample) < sample:
            result.sample.append(
                {"row": number, "values": checked.values, "problems": checked.problems}
            )
        for problem in checked.problems:
            if len(result.problems) < problems:
                result.problems.append({"row": number, **problem.as_dict()})
            else:
                result.problems_left_off += 1
    return result


def _checked_rows(
    list_file: ListFile, mapping: dict[str, str], *, today: Any
) -> Iterator[tuple[int, Any]]:
    """Checked rows; a malformed row and a repeated list id reject the row; too many rows
    stop the file."""
    seen_ids: dict[str, int] = {}
    id_header = next((header for header, target in mapping.items() if target == "id"), "")
    for count, (number, row) in enumerate(list_file.rows_and_malformed(), start=1):
        if count > settings.IMPORT_MAX_ROWS:
            raise ListFileError(
                _("The list has more than %(limit)s rows; split it into parts.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        if isinstance(row, MalformedRow):
            yield number, CheckedRow(values={}, problems=[Problem("", row.message, rejects=True)])
            continue
        checked = check_row(row, mapping, today=today)
        identifier = checked.values.get("id")
        if identifier:
            if identifier in seen_ids:
                checked.problems.append(
                    Problem(
                        id_header,
                        _("the id “%(id)s” is also in row %(row)s.")
                        % {"id": identifier, "row": seen_ids[identifier]},
                        rejects=True,
                    )
                )
            else:
                seen_ids[identifier] = number
        yield number, checked


# Running ----------------------------------------------------------------------------------


def import_run(batch_id: int, *, actor: User | None) -> ImportBatch:
    """Run an import from its uploaded file to the end. ``actor`` is None on the command
    line, which runs with the server's own rights.

    The run holds the batch's run lock throughout: a second run of the same batch waits for
    the first, and then finds it done (or runs it again if the first failed)."""
    with _run_lock(batch_id):
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
        ImportRow.objects.filter(batch=batch).delete()  # rows of an earlier, failed attempt
        _stage_rows(batch)
        _progress(batch, phase=ImportPhase.LINKING)
        pairs, model, trained_with_em, candidates = _link(batch)
        _progress(batch, phase=ImportPhase.SAVING)
        with transaction.atomic():
            # The registry and the batch's "done" are committed together, or not at all.
            counts = _save(batch, pairs=pairs, actor=actor)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.DONE,
                model=model,
                trained_with_em=trained_with_em,
                candidate_pairs=candidates,
                finished_at=timezone.now(),
                **counts,
            )
    except ImportCancelled:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.CANCELLED, finished_at=timezone.now()
        )
        ImportRow.objects.filter(batch=batch).delete()
        batch.refresh_from_db()
        return batch
    except ListFileError as error:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED, error=str(error), finished_at=timezone.now()
        )
        ImportRow.objects.filter(batch=batch).delete()
        batch.refresh_from_db()
        return batch
    except Exception:
        logger.exception("import %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED,
            error=_("The import stopped because of an error in Brobygger. Nothing was saved."),
            finished_at=timezone.now(),
        )
        ImportRow.objects.filter(batch=batch).delete()
        raise
    batch.refresh_from_db()
    if batch.file:
        batch.file.delete(save=True)  # the list has done its job; the registry holds the rows
    _run_lock_path(batch.pk).unlink(missing_ok=True)  # done is final: no run will need it
    logger.info("import %s done in %.1f s: %s", batch.pk, time.perf_counter() - started, counts)
    return batch


def _run_lock_path(batch_id: int) -> Path:
    return Path(settings.IMPORT_ROOT) / "running" / f"{batch_id}.lock"


@contextmanager
def _run_lock(batch_id: int, *, wait: bool = True) -> Iterator[bool]:
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
    with _run_lock(batch.pk, wait=False) as nobody_runs_it:
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


def _progress(batch: ImportBatch, **changes: Any) -> None:
    if ImportBatch.objects.filter(pk=batch.pk, cancel_requested=True).exists():
        raise ImportCancelled
    if changes:
        ImportBatch.objects.filter(pk=batch.pk).update(**changes)


def _stage_rows(batch: ImportBatch) -> None:
    list_file = open_list(
        Path(batch.file.path), max_bytes=settings.IMPORT_MAX_BYTES, encoding=batch.encoding
    )
    today = timezone.localdate()
    chunk: list[ImportRow] = []
    done = 0
    for number, checked in _checked_rows(list_file, batch.mapping, today=today):
        # Staged and rejected rows keep the CPR number encrypted, never in clear.
        values, cpr_ciphertext = ImportRow.protected(checked.values)
        chunk.append(
            ImportRow(
                batch=batch,
                row_number=number,
                values=values,
                cpr_ciphertext=cpr_ciphertext,
                problems=[problem.as_dict() for problem in checked.problems],
                outcome=RowOutcome.REJECTED if checked.rejected else "",
            )
        )
        if len(chunk) >= CHUNK:
            ImportRow.objects.bulk_create(chunk)
            done += len(chunk)
            chunk = []
            _progress(batch, rows_done=done)
    ImportRow.objects.bulk_create(chunk)
    _progress(batch, rows_done=done + len(chunk))


def _staged(batch: ImportBatch) -> Iterator[tuple[str, dict[str, Any]]]:
    rows = ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.REJECTED)
    for row in rows.only("row_number", "values", "cpr_ciphertext").iterator(chunk_size=CHUNK):
        yield str(row.row_number), row.row_values


def _link(batch: ImportBatch) -> tuple[list[Pair], dict[str, Any] | None, bool, int]:
    if not ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.REJECTED).exists():
        return [], None, False, 0
    registry = ((str(pk), row) for pk, row in registry_rows(municipality_id=batch.municipality_id))
    with Linkage(link_type="link_and_dedupe", evidence=True) as linkage:
        linkage.add("registry", registry)
        linkage.add("list", _staged(batch))
        if linkage.rows["registry"] == 0:
            linkage.close()
            return _link_list_only(batch)
        linkage.train()
        _progress(batch)
        linkage.predict(threshold=settings.LINKAGE_REVIEW_THRESHOLD)
        pairs = [
            pair
            for pair in linkage.pairs(threshold=settings.LINKAGE_REVIEW_THRESHOLD)
            if "list" in (pair.left_dataset, pair.right_dataset)
        ]
        return pairs, linkage.model_json(), linkage.trained_with_em, linkage.candidate_pairs


def _link_list_only(batch: ImportBatch) -> tuple[list[Pair], dict[str, Any] | None, bool, int]:
    with Linkage(link_type="dedupe_only", evidence=True) as linkage:
        linkage.add("list", _staged(batch))
        linkage.train()
        _progress(batch)
        linkage.predict(threshold=settings.LINKAGE_REVIEW_THRESHOLD)
        pairs = list(linkage.pairs(threshold=settings.LINKAGE_REVIEW_THRESHOLD))
        return pairs, linkage.model_json(), linkage.trained_with_em, linkage.candidate_pairs


@dataclass
class _Candidates:
    """The pairs of one list row: people of the registry and earlier rows of the list."""

    registry: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)
    rows: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)


def _by_row(pairs: list[Pair]) -> dict[int, _Candidates]:
    by_row: dict[int, _Candidates] = defaultdict(_Candidates)
    for pair in pairs:
        ends = [(pair.left_dataset, pair.left_id), (pair.right_dataset, pair.right_id)]
        evidence = {name: list(value) for name, value in pair.evidence.items()}
        if ends[0][0] == ends[1][0] == "list":
            first, second = sorted(int(end[1]) for end in ends)
            by_row[second].rows.append((pair.probability, first, evidence))
        else:
            row = next(int(identifier) for dataset, identifier in ends if dataset == "list")
            person = next(int(identifier) for dataset, identifier in ends if dataset == "registry")
            by_row[row].registry.append((pair.probability, person, evidence))
    for candidates in by_row.values():
        candidates.registry.sort(reverse=True)
        candidates.rows.sort(reverse=True)
    return by_row


@transaction.atomic
def _save(batch: ImportBatch, *, pairs: list[Pair], actor: User | None) -> dict[str, int]:
    """Resolve every row and write the registry: all of it, or (on cancel) none of it."""
    match = settings.LINKAGE_MATCH_THRESHOLD
    by_row = _by_row(pairs)
    wanted = {person for candidates in by_row.values() for _p, person, _e in candidates.registry}
    existing = people_by_ids(municipality_id=batch.municipality_id, ids=wanted)
    today = timezone.localdate()
    person_of_row: dict[int, Person] = {}
    resolved: list[ImportRow] = []
    new_people: list[Person] = []
    matched: dict[int, Person] = {}
    # (row, registry person id or -earlier row, probability, evidence)
    review: list[tuple[int, int, float, dict[str, Any]]] = []
    rejected = 0

    rows = ImportRow.objects.filter(batch=batch).order_by("row_number")
    for row in rows.iterator(chunk_size=CHUNK):
        if row.outcome == RowOutcome.REJECTED:
            rejected += 1
            continue
        candidates = by_row.get(row.row_number, _Candidates())
        best = next(
            ((p, pk) for p, pk, _e in candidates.registry if p >= match and pk in existing), None
        )
        earlier = next(
            ((p, r) for p, r, _e in candidates.rows if p >= match and r in person_of_row), None
        )
        if best:
            person = existing[best[1]]
            person_fill_blanks(person, _row_person(row.row_values))
            matched[person.pk] = person
            row.outcome, row.probability = RowOutcome.MATCHED, best[0]
        elif earlier:
            person = person_of_row[earlier[1]]
            row.outcome, row.probability = RowOutcome.DUPLICATE, earlier[0]
        else:
            # Data from a list did not come from her: the art. 14 duty to inform starts now.
            person = person_build(
                _row_person(row.row_values),
                municipality=batch.municipality,
                created_by=actor,
                from_third_party=True,
                today=today,
            )
            new_people.append(person)
            row.outcome = RowOutcome.NEW
        person_of_row[row.row_number] = person
        resolved.append(row)
        review += [
            (row.row_number, pk, p, evidence)
            for p, pk, evidence in candidates.registry
            if pk in existing and (best is None or pk != best[1])
        ]
        review += [
            (row.row_number, -other, p, evidence)
            for p, other, evidence in candidates.rows
            if other in person_of_row and (earlier is None or other != earlier[1])
        ]
        if len(resolved) % CHUNK == 0:
            _progress(batch)

    name = batch.source.name
    origin = Origin(method=batch.source.method, note=name[:200], event_note=name[:500])
    people_create(new_people, actor=actor, origin=origin, username=_username(actor))
    people_found_again(
        list(matched.values()), actor=actor, origin=origin, username=_username(actor)
    )
    reviewed_rows = _queue_for_review(batch, review, person_of_row)
    for row in resolved:
        row.person = person_of_row[row.row_number]
        if row.row_number in reviewed_rows and row.outcome == RowOutcome.NEW:
            row.outcome = RowOutcome.REVIEW
        # The person now holds the data; the row keeps what became of it.
        row.values, row.cpr_ciphertext = {}, ""
    # Every row exists (staged); an upsert on (batch, row number) writes them back in one
    # statement per chunk, where bulk_update's CASE per row took a minute for 20,000 rows.
    ImportRow.objects.bulk_create(
        [
            ImportRow(
                batch=batch,
                row_number=row.row_number,
                values=row.values,
                cpr_ciphertext=row.cpr_ciphertext,
                problems=row.problems,
                outcome=row.outcome,
                person=row.person,
                probability=row.probability,
            )
            for row in resolved
        ],
        update_conflicts=True,
        unique_fields=["batch", "row_number"],
        update_fields=["outcome", "person", "probability", "values", "cpr_ciphertext"],
        batch_size=CHUNK,
    )
    _progress(batch)  # a cancel up to here rolls everything back
    outcomes = [row.outcome for row in resolved]
    counts = {
        "new_count": outcomes.count(RowOutcome.NEW) + outcomes.count(RowOutcome.REVIEW),
        "matched_count": outcomes.count(RowOutcome.MATCHED),
        "duplicate_count": outcomes.count(RowOutcome.DUPLICATE),
        "review_count": outcomes.count(RowOutcome.REVIEW),
        "rejected_count": rejected,
    }
    access_record(
        user=actor,
        action=AccessAction.IMPORT,
        obj=batch,
        row_count=len(resolved) + rejected,
        search_criterion=f"{batch.source.name}: {batch.original_name}",
        username=_username(actor),
    )
    return counts


def _username(actor: User | None) -> str:
    """How the access log names an import run from the command line (no user)."""
    return "" if actor else "command line"


def _row_person(values: dict[str, Any]) -> NewPerson:
    """A row's checked values as what is known of the person."""
    street, floor_door = split_address(values.get("address", ""))
    birth_date = values.get("birth_date")
    return NewPerson(
        first_name=values["first_name"],
        last_name=values.get("last_name", ""),
        birth_date=date.fromisoformat(birth_date) if birth_date else None,
        cpr=values.get("cpr", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        street=street,
        floor_door=floor_door,
        postal_code=values.get("postal_code", ""),
        city=values.get("city", ""),
    )


def _queue_for_review(
    batch: ImportBatch,
    review: list[tuple[int, int, float, dict[str, Any]]],
    person_of_row: dict[int, Person],
) -> set[int]:
    """Put the uncertain pairs in the review queue; returns the rows that got one. A pair
    already in the queue (or already decided) is not added again."""
    wanted: dict[tuple[int, int], tuple[int, float, dict[str, Any]]] = {}
    for row_number, target, probability, evidence in review:
        mine = person_of_row[row_number].pk
        other = target if target > 0 else person_of_row[-target].pk
        if mine == other:
            continue
        pair = (min(mine, other), max(mine, other))
        if pair not in wanted or wanted[pair][1] < probability:
            wanted[pair] = (row_number, probability, evidence)
    known = set(
        DuplicateCandidate.objects.filter(
            person_a__in={a for a, _b in wanted}, person_b__in={b for _a, b in wanted}
        ).values_list("person_a", "person_b")
    )
    DuplicateCandidate.objects.bulk_create(
        [
            DuplicateCandidate(
                municipality=batch.municipality,
                person_a_id=a,
                person_b_id=b,
                probability=probability,
                evidence=evidence,
                batch=batch,
                status=CandidateStatus.OPEN,
            )
            for (a, b), (_row, probability, evidence) in wanted.items()
            if (a, b) not in known
        ]
    )
    return {row for (a, b), (row, _p, _e) in wanted.items() if (a, b) not in known}


def import_cancel(*, actor: User, batch: ImportBatch) -> None:
    require_permission(actor, Permission.IMPORT_LISTS, municipality_id=batch.municipality_id)
    if not batch.is_active:
        raise ValidationError(_("Only a waiting or running import can be cancelled."))
    ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)


# The wizard's steps ---------------------------------------------------------------------


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
    from .tasks import import_list

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
