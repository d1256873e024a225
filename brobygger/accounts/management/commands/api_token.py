from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.accounts.models import User
from brobygger.accounts.selectors import two_factor_device, two_factor_required
from brobygger.accounts.services import two_factor_code_verify
from brobygger.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user; the token is printed once and never stored. "
        "Users can also make their own on their account page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API token", help="What the token is for.")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DAYS,
            help=f"Days until it expires (1 to {settings.API_TOKEN_DAYS}).",
        )
        parser.add_argument(
            "--code",
            default="",
            help=(
                "A code from the user's authenticator app (or a recovery code). Required when "
                "a role of hers requires two-factor login: the token then counts as made "
                "after a second factor."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        second_factor = False
        if options["code"]:
            if two_factor_device(user=user) is None:
                raise CommandError(f"{user.username} has no two-factor login to check --code on")
            try:
                two_factor_code_verify(user=user, code=options["code"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            second_factor = True
        elif two_factor_required(user):
            raise CommandError(
                f"a role of {user.username} requires two-factor login: give --code with a code "
                "from her authenticator app, or let her make the token on her account page"
            )
        try:
            record, token = api_token_create(
                user=user,
                name=options["name"],
                valid_days=options["days"],
                second_factor=second_factor,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(token)
        assert record.expires_at is not None  # nosec B101  # every token expires
        self.stderr.write(
            f"Token {record.prefix}… for {user.username} (expires {record.expires_at:%d.%m.%Y})."
        )
