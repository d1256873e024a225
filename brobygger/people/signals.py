"""Signals of the people app, for apps above it (the layers: people imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# A person signed herself up through the public form (``contacts.interest_submit``); sent
# with ``person``. The linkage app puts a likely duplicate into its review queue.
person_signed_up = Signal()
