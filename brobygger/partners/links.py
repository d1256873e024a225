"""Free text that names a partner, matched to the partner records (issue 17, point 1).

The outreach activity's partner, the provider of an enrolment and the note of a source were
once free text. ``name_key`` normalises a name (case, spaces, punctuation, "via", common
company suffixes such as ApS and A/S), and ``links_match`` gives each text the one
organisation of its municipality with that key, or else the one organisation of a
municipality it shares a partnership with; a text that matches none, or more than one, is
left as it is and shown by ``unmatched_texts`` (``brobygger partner_links_report``).

The functions take the model classes, so the data migration runs them on its historical
models and the demo on today's."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Words that say nothing of which partner it is: company forms and "via ...".
SUFFIXES = frozenset({"aps", "as", "a s", "is", "i s", "ivs", "ps", "p s", "ks", "k s", "amba"})
_NOT_WORD = re.compile(r"[^\w]+")
_VIA = re.compile(r"^(via|gennem|through)\s+")


def name_key(text: str) -> str:
    """ "Via  Netto A/S." → "netto"; "" for a text without letters or digits."""
    words = _NOT_WORD.sub(" ", text.casefold().replace("_", " ")).split()
    key = _VIA.sub("", " ".join(words))
    changed = True
    while changed and key:
        changed = False
        for suffix in SUFFIXES:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1], True
    return key.strip()


@dataclass(frozen=True)
class PartnerIndex:
    """The organisations by municipality and key; a key two organisations share is
    ambiguous (``None``) and matches nothing."""

    by_municipality: Mapping[tuple[int, str], int | None]
    neighbours: Mapping[int, frozenset[int]]

    def match(self, text: str, municipality_id: int) -> int | None:
        key = name_key(text)
        if not key:
            return None
        own = (municipality_id, key)
        if own in self.by_municipality:
            return self.by_municipality[own]
        found = {
            self.by_municipality[(other, key)]
            for other in self.neighbours.get(municipality_id, frozenset())
            if (other, key) in self.by_municipality
        }
        return found.pop() if len(found) == 1 else None


def partner_index(organisation_model: Any, partnership_model: Any) -> PartnerIndex:
    """The index of every organisation; municipalities are neighbours when a partnership
    holds both."""
    keys: dict[tuple[int, str], int | None] = {}
    rows = organisation_model.objects.order_by("pk").values_list("pk", "municipality_id", "name")
    for pk, municipality_id, name in rows:
        slot = (municipality_id, name_key(name))
        keys[slot] = None if slot in keys else pk
    neighbours: dict[int, set[int]] = defaultdict(set)
    members = partnership_model.municipalities.through.objects.values_list(
        "partnership_id", "municipality_id"
    )
    by_partnership: dict[int, set[int]] = defaultdict(set)
    for partnership_id, municipality_id in members:
        by_partnership[partnership_id].add(municipality_id)
    for municipalities in by_partnership.values():
        for municipality_id in municipalities:
            neighbours[municipality_id] |= municipalities - {municipality_id}
    return PartnerIndex(keys, {m: frozenset(n) for m, n in neighbours.items()})


@dataclass(frozen=True)
class TextField:
    """Where free text names a partner: the model, its text field, the partner field, the
    path to the municipality, and whether a match clears the text (a source's note says
    more than the partner, so it is kept)."""

    label: str
    model: Any
    text: str
    partner: str
    municipality: str
    clear: bool


def text_fields(activity: Any, enrolment: Any, source: Any) -> tuple[TextField, ...]:
    return (
        TextField("activity", activity, "partner_note", "partner", "municipality_id", True),
        TextField(
            "enrolment", enrolment, "provider_note", "provider", "person__municipality_id", True
        ),
        TextField("source", source, "note", "partner", "person__municipality_id", False),
    )


def links_match(
    index: PartnerIndex, fields: Iterable[TextField], *, only: Mapping[str, Any] | None = None
) -> dict[str, int]:
    """Set the partner of each row whose text matches one organisation; ``only`` narrows the
    rows (the demo's). Returns how many rows were linked per field."""
    linked: dict[str, int] = {}
    for field in fields:
        rows = field.model.objects.filter(**{f"{field.partner}__isnull": True, **(only or {})})
        rows = rows.exclude(**{field.text: ""}).values_list("pk", field.text, field.municipality)
        by_partner: dict[int, list[int]] = defaultdict(list)
        for pk, text, municipality_id in rows.iterator(chunk_size=5_000):
            partner_id = index.match(text, municipality_id)
            if partner_id is not None:
                by_partner[partner_id].append(pk)
        for partner_id, pks in by_partner.items():
            changes: dict[str, object] = {f"{field.partner}_id": partner_id}
            if field.clear:
                changes[field.text] = ""
            for start in range(0, len(pks), 900):
                field.model.objects.filter(pk__in=pks[start : start + 900]).update(**changes)
        linked[field.label] = sum(len(pks) for pks in by_partner.values())
    return linked


@dataclass(frozen=True)
class Unmatched:
    """A text no partner record matched, how often it occurs, and where."""

    municipality_id: int
    field: str
    text: str
    count: int


def unmatched_texts(
    fields: Iterable[TextField], *, municipality_ids: Iterable[int] | None = None
) -> list[Unmatched]:
    """The partner texts still without a record, per municipality (a source's note is left
    out: most notes name a list or a link, not a partner)."""
    found: Counter[tuple[int, str, str]] = Counter()
    for field in fields:
        if not field.clear:
            continue
        rows = field.model.objects.filter(**{f"{field.partner}__isnull": True})
        if municipality_ids is not None:
            rows = rows.filter(**{f"{field.municipality}__in": list(municipality_ids)})
        rows = rows.exclude(**{field.text: ""}).values_list(field.municipality, field.text)
        for municipality_id, text in rows.iterator(chunk_size=5_000):
            found[(municipality_id, field.label, text.strip())] += 1
    return [
        Unmatched(municipality_id, label, text, count)
        for (municipality_id, label, text), count in sorted(found.items())
    ]


def live_text_fields() -> tuple[TextField, ...]:
    """``text_fields`` of today's models, reached through the partner record's relations
    (the apps that hold them stand below ``partners`` or beside it)."""
    from .models import Organisation

    def related(name: str) -> Any:
        return Organisation._meta.get_field(name).related_model

    return text_fields(
        related("outreach_activities"), related("enrolments"), related("person_sources")
    )


def live_index() -> PartnerIndex:
    from brobygger.partnerships.models import Partnership

    from .models import Organisation

    return partner_index(Organisation, Partnership)
