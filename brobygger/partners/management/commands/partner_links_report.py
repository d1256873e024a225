"""``brobygger partner_links_report [--municipality CODE] [--match] [--json]``: the free text
that names a partner without a partner record (an outreach activity's partner, an
enrolment's provider), per municipality, with how often each occurs.

``--match`` first links what matches a partner record now (after partners were added), with
the same matching as the data migration (``partners.links``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.partners.links import links_match, live_index, live_text_fields, unmatched_texts
from brobygger.partnerships.models import Municipality


class Command(BaseCommand):
    help = "List partner names in free text that match no partner record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", metavar="CODE", help="One municipality only")
        parser.add_argument("--match", action="store_true", help="Link what matches first")
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("code")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"No municipality with the code {options['municipality']}")
        names = dict(municipalities.values_list("pk", "name"))
        fields = live_text_fields()
        if options["match"]:
            linked = links_match(live_index(), fields)
            self.stderr.write(f"Linked: {json.dumps(linked, sort_keys=True)}")
        rows = unmatched_texts(fields, municipality_ids=names)
        if options["json"]:
            out = [
                {
                    "municipality": names[row.municipality_id],
                    "field": row.field,
                    "text": row.text,
                    "count": row.count,
                }
                for row in rows
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        current = None
        for row in rows:
            if row.municipality_id != current:
                current = row.municipality_id
                self.stdout.write(f"\n{names[current]}")
            self.stdout.write(f"  {row.field:<10} {row.count:>6}  {row.text}")
        if not rows:
            self.stdout.write("Every partner named in free text has a partner record.")
