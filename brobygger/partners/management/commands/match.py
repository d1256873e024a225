"""``brobygger match mentors --municipality CODE --json``: the mentor proposals of one
municipality, as the volunteer coordinator's page computes them.

Prints one JSON list of ``{"volunteer_id", "person_id", "score", "reasons"}`` (``person_id``
is the citizen's id in Brobygger; reasons carry a code, their share of the score and their
parameters). Without ``--json``, a readable table."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F
from django.utils import timezone, translation

from brobygger.partners.matching import competence_names, explain, mentor_proposals
from brobygger.partners.models import (
    DeclinedMatch,
    Referral,
    ReferralStatus,
    Review,
    Volunteer,
    VolunteerStatus,
)
from brobygger.partnerships.models import Municipality


class Command(BaseCommand):
    help = "Propose matches."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True)
        mentors = kinds.add_parser("mentors", help="Mentors for the citizens waiting for one.")
        mentors.add_argument("--municipality", required=True, metavar="CODE")
        mentors.add_argument("--json", action="store_true", help="Print JSON")
        mentors.add_argument("--date", help="Today as YYYY-MM-DD (for record-check expiry)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"there is no municipality with code {options['municipality']!r}")
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date as YYYY-MM-DD") from None
        today = today or timezone.localdate()
        volunteers = Volunteer.objects.filter(
            municipality=municipality,
            status=VolunteerStatus.ACTIVE,
            review=Review.APPROVED,
            active_mentees__lt=F("max_mentees"),
        ).prefetch_related("skills")
        referrals = (
            Referral.objects.filter(
                status=ReferralStatus.WAITING,
                person__municipality=municipality,
                person__merged_into__isnull=True,
            )
            .select_related("person")
            .prefetch_related("topics")
        )
        declined = set(
            DeclinedMatch.objects.filter(volunteer__municipality=municipality).values_list(
                "volunteer_id", "referral_id"
            )
        )
        proposals = mentor_proposals(
            volunteers=volunteers, referrals=referrals, today=today, declined=declined
        )
        if options["json"]:
            rows = [
                {
                    "volunteer_id": p.volunteer.pk,
                    "person_id": p.referral.person_id,
                    "score": round(p.score, 4),
                    "reasons": p.reasons,
                }
                for p in proposals
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        names = competence_names()
        with translation.override("en"):
            for p in proposals:
                reasons = "; ".join(explain(r, names) for r in p.reasons)
                self.stdout.write(
                    f"{p.volunteer.pk}\t{p.referral.person_id}\t{p.score:.3f}\t{reasons}"
                )
