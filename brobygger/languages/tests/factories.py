"""Languages beyond the seeded catalogue: a right-to-left one unless told."""

from __future__ import annotations

import factory

from brobygger.languages.models import Direction, Language


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"x{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}")
    name_da = "Kurdisk (sorani)"
    name_en = "Kurdish (Sorani)"
    native_name = "کوردی"
    direction = Direction.RIGHT_TO_LEFT
    position = 500

    class Params:
        left_to_right = factory.Trait(direction=Direction.LEFT_TO_RIGHT)
