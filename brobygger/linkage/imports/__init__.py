"""Importing a list into the registry: read and check every row, link the rows to the
municipality's people (and to each other), decide what becomes of each row, then save
everything in one transaction.

* ``rows``: reading streams the file; rows are checked and staged as ``ImportRow`` in chunks,
  and the linkage reads them back in chunks; no step holds the whole file.
* ``run``: the run from staging to saving, under the batch's run lock (``import_run``, which
  the task queue and the command line call), and the linkage.
* ``deciding``: each row matched, duplicate, new, for review or rejected.
* ``applying``: the registry changes only here, through ``people.services``, inside one
  transaction that a cancel or an error rolls back, so a failed or cancelled import leaves
  the registry exactly as before and can be run again. The batch becomes "done" in that same
  transaction, so an import whose process is killed at any moment is either wholly saved
  and done, or not saved at all.

The wizard's steps that come before (the list, its file and columns, the start that queues
the run) are in ``linkage.wizard``.
"""

from .progress import ImportCancelled
from .rows import Preview, preview
from .run import import_interrupted_check, import_run

__all__ = ["ImportCancelled", "Preview", "import_interrupted_check", "import_run", "preview"]
