"""What partners tells the apps above it, which it does not import: a referral's status
changed (cases makes a task for her caseworker when it was accepted, declined or ended)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``referral`` (Referral, its new status saved), ``event`` (the ReferralEvent that
# records the change) and ``actor`` (the staff member who recorded it), inside the change's
# transaction: a receiver that fails undoes the change.
referral_status_changed = Signal()
