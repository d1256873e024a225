"""A document's file goes with its row: when a row is deleted (by hand, with her record at
erasure or retention, or with its partner or agreement), its file is deleted once the
transaction has committed, so a rolled-back delete keeps both."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import PartnerDocument, PersonDocument
from .storage import file_delete


@receiver(post_delete, sender=PersonDocument)
@receiver(post_delete, sender=PartnerDocument)
def _file_goes_with_its_row(
    sender: Any, instance: PersonDocument | PartnerDocument, **kwargs: Any
) -> None:
    stored_name = instance.stored_name
    transaction.on_commit(lambda: file_delete(stored_name))
