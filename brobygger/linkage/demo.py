"""Demo data for lists: one municipality imports the guarantee list through the real
pipeline, so the lists page, an import's result, the linkage model and the review queue
have something to show. Some rows are known people spelled another way, some are new,
two are unusable."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.files.base import ContentFile

from brobygger.accounts.models import Membership, Role
from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.demo.names import COUNTRY_WEIGHTS, NAMES
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.people.models import Person, PersonMerge

from .imports import import_run
from .models import DuplicateCandidate, ImportBatch, ListSource
from .wizard import import_map, import_upload

DEMO_LIST = "Garantistillelser (demo)"
HEADER = ["Løbenr", "Fornavn", "Efternavn", "Fødselsdato", "Telefon", "Postnr", "By"]


def _other_spelling(name: str) -> str:
    """Another spelling of a name the demo uses ("Fatima" → "Fatma"), or the name itself."""
    for female, male, surnames in NAMES.values():
        for variants in (*female, *male, *surnames):
            others = [variant for variant in variants if variant != name]
            if name in variants and others:
                return others[0]
    return name


@step(70)
def guarantee_list(context: DemoContext) -> None:
    municipality = context.municipalities[0]
    lead = Membership.objects.get(
        municipality=municipality, role=Role.MUNICIPAL_LEAD, user__is_demo=True
    ).user
    rng = context.rng
    known = Person.objects.filter(
        municipality=municipality, is_demo=True, birth_date__isnull=False
    ).order_by("pk")[:12]
    rows: list[list[str]] = []
    for person in known:
        birth = person.birth_date.strftime("%d-%m-%Y") if person.birth_date else ""
        rows.append([_other_spelling(person.first_name), _other_spelling(person.last_name), birth])
    countries = list(COUNTRY_WEIGHTS)
    for _ in range(15):
        female, _male, surnames = NAMES[rng.choices(countries, list(COUNTRY_WEIGHTS.values()))[0]]
        born = date(rng.randint(1968, 2000), rng.randint(1, 12), rng.randint(1, 28))
        rows.append([rng.choice(female)[0], rng.choice(surnames)[0], born.strftime("%d.%m.%Y")])
    rows.append(["", "Uden Fornavn", ""])  # rejected: no first name
    rows.append([rows[13][0], rows[13][1], rows[13][2]])  # the same woman twice in the list
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for number, (first, last, birth) in enumerate(rows, start=1):
        writer.writerow([str(1000 + number), first, last, birth, "", municipality.code, ""])

    lists = OutreachMethod.objects.filter(category=MethodCategory.LISTS).order_by("pk")
    method = lists.filter(name__icontains="garanti").first()
    if method is None:
        method = lists[0]
    source = ListSource.objects.create(municipality=municipality, name=DEMO_LIST, method=method)
    upload = ContentFile(buffer.getvalue().encode("cp1252", "replace"), "garantiliste.csv")
    batch = import_upload(actor=lead, source=source, upload=upload)
    batch = import_run(import_map(actor=lead, batch=batch, mapping=batch.mapping).pk, actor=lead)
    Person.objects.filter(import_rows__batch=batch).update(is_demo=True)
    context.counts["list rows imported"] = len(rows)


def _delete_demo_lists() -> None:
    sources = ListSource.objects.filter(name=DEMO_LIST)
    DuplicateCandidate.objects.filter(batch__source__in=sources).delete()
    PersonMerge.objects.filter(survivor__is_demo=True).delete()
    ImportBatch.objects.filter(source__in=sources).delete()
    sources.delete()


DEMO_CLEANUPS.append(_delete_demo_lists)
