from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.accounts.models import User
from brobygger.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is printed once and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API token", help="What the token is for.")
        parser.add_argument(
            "--days", type=int, default=365, help="Days until it expires (0: never)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        record, token = api_token_create(
            user=user, name=options["name"], valid_days=options["days"] or None
        )
        self.stdout.write(token)
        expiry = f"expires {record.expires_at:%Y-%m-%d}" if record.expires_at else "no expiry"
        self.stderr.write(f"Token {record.prefix}… for {user.username} ({expiry}).")
