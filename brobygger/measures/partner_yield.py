"""Which partners bring results (issue 17, point 2): per partner, the people reached through
it (a source names it), the people in an intervention it provided (an enrolment's provider),
and of all of them those in an ordinary job or education after it: after the enrolment's
start for an intervention, at any time for a source (she came to us through the partner).

One grouped query per kind of record; the people are joined in Python by partner, so that
a partner page can list them and the table counts them. ``benchmarks/partner_yield.py``
holds the figures to DuckDB's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min

from brobygger.interventions.models import Enrolment, Outcome
from brobygger.partners.models import Organisation
from brobygger.people.models import PersonSource

from .disclosure import ShownShare, Viewer
from .effectiveness import Share
from .suppression import Cell


@dataclass
class PartnerYield:
    """The people of one partner, by what came of it."""

    partner: Organisation
    reached: set[int] = field(default_factory=set)
    enrolled: set[int] = field(default_factory=set)
    outcome: set[int] = field(default_factory=set)

    @property
    def through(self) -> set[int]:
        return self.reached | self.enrolled

    @property
    def result(self) -> Share:
        """In a job or education after it, of all the people through it."""
        return Share(len(self.outcome), len(self.through))


def partner_yield(
    *, municipality_ids: Iterable[int], partner_ids: Sequence[int] | None = None
) -> list[PartnerYield]:
    """The partners of these municipalities (or only ``partner_ids``) with people through
    them, by name. A merged record counts as the person it was merged into (it has no
    records of its own left)."""
    ids = list(municipality_ids)
    partners = Organisation.objects.filter(municipality_id__in=ids)
    if partner_ids is not None:
        partners = partners.filter(pk__in=list(partner_ids))
    sources = PersonSource.objects.filter(partner__in=partners, person__merged_into__isnull=True)
    enrolments = (
        Enrolment.objects.filter(provider__in=partners, person__merged_into__isnull=True)
        .order_by()
        .values_list("provider_id", "person_id")
        .annotate(first=Min("started_on"))
    )
    rows: dict[int, PartnerYield] = {}
    by_id = {p.pk: p for p in partners.only("pk", "name", "municipality_id")}

    def row(partner_id: int) -> PartnerYield:
        if partner_id not in rows:
            rows[partner_id] = PartnerYield(by_id[partner_id])
        return rows[partner_id]

    for partner_id, person_id in sources.order_by().values_list("partner_id", "person_id"):
        row(partner_id).reached.add(person_id)
    firsts: dict[tuple[int, int], date] = {}
    for partner_id, person_id, first in enrolments:
        row(partner_id).enrolled.add(person_id)
        firsts[(partner_id, person_id)] = first
    people = {person for r in rows.values() for person in r.through}
    last_outcome = _last_outcomes(people)
    for r in rows.values():
        pk = r.partner.pk
        r.outcome = {
            person
            for person in r.through
            if person in last_outcome
            and (person in r.reached or last_outcome[person] >= firsts[(pk, person)])
        }
    return sorted(rows.values(), key=lambda r: (r.partner.name, r.partner.pk))


def _last_outcomes(people: set[int]) -> dict[int, date]:
    """Each person's latest outcome start: one after a day exists if the latest is."""
    found: dict[int, date] = {}
    chunk = sorted(people)
    for start in range(0, len(chunk), 20_000):
        part = chunk[start : start + 20_000]
        found.update(
            Outcome.objects.filter(person_id__in=part)
            .order_by()
            .values_list("person_id")
            .annotate(last=Max("started_on"))
            .values_list("person_id", "last")
        )
    return found


@dataclass(frozen=True)
class ShownYield:
    """A partner's counts as a viewer may see them."""

    partner: Organisation
    reached: Cell
    enrolled: Cell
    outcome: Cell
    through: Cell

    @property
    def result(self) -> ShownShare:
        """In a job or education after it, of all the people through it."""
        return ShownShare(self.outcome, self.through)


def shown(rows: Sequence[PartnerYield], viewer: Viewer) -> list[ShownYield]:
    """Small numbers hidden where the viewer may not see the partner's municipality's
    people; each count is tied to the people through the partner by its complement, so a
    hidden one cannot be worked out."""
    sheet = viewer.sheet()
    cells = []
    for r in rows:
        known = viewer.knows(r.partner.municipality_id)
        through = sheet.add(len(r.through), known=known)
        parts = []
        for part in (r.reached, r.enrolled, r.outcome):
            count = sheet.add(len(part), known=known)
            rest = sheet.add(len(r.through) - len(part), known=known)
            sheet.line([count, rest], through)
            parts.append(count)
        cells.append((r.partner, parts, through))
    protected = sheet.protect()
    return [
        ShownYield(partner, protected[a], protected[b], protected[c], protected[through])
        for partner, (a, b, c), through in cells
    ]
