"""Stable pseudonyms for the evaluator's extract.

A person's pseudonym is HMAC-SHA256 under the partnership's secret key of ``person:<pk>``,
shortened to 16 hexadecimal characters (64 bits: for 100,000 people the chance of two sharing
one is about one in four billion). An enrolment gets ``enrolment:<pk>`` under the same key,
so progression scores can be joined to their enrolment without a database id.

* **Stable**: the same person has the same pseudonym in every extract of the partnership, so
  the evaluator can follow her from one extract to the next.
* **Not reversible**: database ids are small consecutive numbers; an unkeyed hash (or one
  under a guessable key) is undone by hashing 1, 2, 3, ... The key is 32 random bytes that
  never leave the server, so without it the pseudonym says nothing.

**Why a key per partnership.** A municipality can belong to several partnerships. With one
key for all, a person would carry the same pseudonym in the extracts of two partnerships,
and two evaluators (or one evaluator of two projects) could join their data sets on it. With
a key per partnership the extracts cannot be linked. It also lets one partnership's key be
deleted when its evaluation ends, which makes every extract it received impossible to link
back to the registry, without touching any other partnership.

**Why not derived from ``SECRET_KEY``.** ``SECRET_KEY`` signs sessions and password-reset
links and must be rotated the day it leaks; pseudonyms derived from it would all change with
it and break the evaluator's series (or the rotation would be put off to keep them). Anyone
who learns it for its other uses (a developer's settings file, a leaked environment) could
also recompute every pseudonym. The pseudonym key has one use only, is random rather than
derived (nothing outside its database row can recreate it), and is stored encrypted with
``FIELD_ENCRYPTION_KEY``, like the CPR numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from brobygger.core.crypto import decrypt, encrypt
from brobygger.partnerships.models import Partnership

from .models import PseudonymKey

PSEUDONYM_LENGTH = 16  # hexadecimal characters


class _Remembered(dict[int, str]):
    """The pseudonyms of one kind of id, each made when it is first asked for: one made
    before is found by the dictionary alone, without a call into Python code."""

    def __init__(self, make: Callable[[str], str], kind: str) -> None:
        super().__init__()
        self._make, self._kind = make, kind

    def __missing__(self, pk: int) -> str:
        pseudonym = self[pk] = self._make(f"{self._kind}:{pk}")
        return pseudonym


class Pseudonymiser:
    """Keyed hashes of one partnership's ids. A person's and an enrolment's pseudonyms are
    remembered once made: her rows in every table of an extract carry hers (ten contact
    attempts a person at national scale), the lines of its progression cards the enrolment's,
    and HMAC's set-up per message was a tenth of the extract's time. ``person`` and
    ``enrolment`` are the dictionaries' own lookups (1.5 million of them in a national
    extract)."""

    def __init__(self, secret: bytes) -> None:
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)
        self.person: Callable[[int], str] = _Remembered(self._hash, "person").__getitem__
        self.enrolment: Callable[[int], str] = _Remembered(self._hash, "enrolment").__getitem__

    def _hash(self, message: str) -> str:
        digest = self._keyed.copy()
        digest.update(message.encode())
        return digest.hexdigest()[:PSEUDONYM_LENGTH]

    def activity(self, pk: int) -> str:
        return self._hash(f"activity:{pk}")


def _new_secret() -> str:
    return encrypt(secrets.token_hex(32))


def pseudonymiser_for(*, partnership: Partnership) -> Pseudonymiser:
    """The partnership's pseudonymiser; the key is made on first use. Two first downloads at
    the same moment are safe: the one-to-one constraint lets one insert win, and Django's
    ``get_or_create`` then reads the winner's key."""
    key, _created = PseudonymKey.objects.get_or_create(
        partnership=partnership, defaults={"secret": _new_secret()}
    )
    return Pseudonymiser(bytes.fromhex(decrypt(key.secret)))
