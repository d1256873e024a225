"""What people tells the apps above it, which it does not import: a write that Django's model
signals do not see (a bulk insert, a queryset update, a merge moving her records) changed what
is recorded about these people (the measures keep their fact table by it, ``measures.receivers``);
and a person signed herself up (the linkage app checks her against the register).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# A person signed herself up through the public form (``contacts.interest_submit``); sent
# with ``person``. The linkage app puts a likely duplicate into its review queue.
person_signed_up = Signal()

# Sent with ``person_ids`` (a list of ids, or None for every person: a bulk load of demo data),
# inside the writing transaction: a receiver that fails undoes the write.
records_moved = Signal()


def tell_records_moved(sender: type, person_ids: Iterable[int] | None) -> None:
    """Send ``records_moved`` for these people (None: for everybody)."""
    ids = None if person_ids is None else sorted(set(person_ids))
    if ids is None or ids:
        records_moved.send(sender=sender, person_ids=ids)
