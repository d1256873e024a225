from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from brobygger.demo.generator import SCALES, DemoRefused, demo_data_present, demo_logins, generate

DEFAULT_PASSWORD = "brobygger-demo"  # nosec B105  # the documented password of demo accounts


class Command(BaseCommand):
    help = "Load deterministic synthetic demo data (refuses a database with non-demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when demo data is already loaded (used by `make run`).",
        )
        parser.add_argument(
            "--print-logins", action="store_true", help="List the demo logins afterwards."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("BROBYGGER_DEMO_PASSWORD") or DEFAULT_PASSWORD
        translation.activate("da")
        if options["if_empty"] and demo_data_present():
            self.stdout.write("Demo data is already loaded.")
        else:
            started = time.perf_counter()
            try:
                counts = generate(scale=options["scale"], seed=options["seed"], password=password)
            except DemoRefused as error:
                raise CommandError(str(error)) from None
            summary = ", ".join(f"{value} {key}" for key, value in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ({options['scale']}, seed {options['seed']}) loaded in "
                    f"{time.perf_counter() - started:.1f} s: {summary}."
                )
            )
        if options["print_logins"]:
            self.stdout.write(f"\nDemo logins (password: {password}):")
            for username, role in demo_logins(password=password):
                if username.startswith(("cw2-", "cw3-")):
                    continue
                self.stdout.write(f"  {username:<14} {role}")
