"""A language an administrator adds (the seeded ones come with the migration)."""

from __future__ import annotations

import factory

from brobygger.languages.models import Direction, Language


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = factory.Iterator(["am", "om", "sw", "ne"])
    name_da = factory.Iterator(["Amharisk", "Oromo", "Swahili", "Nepalesisk"])
    name_en = factory.Iterator(["Amharic", "Oromo", "Swahili", "Nepali"])
    native_name = factory.Iterator(["አማርኛ", "Afaan Oromoo", "Kiswahili", "नेपाली"])
    direction = Direction.LEFT_TO_RIGHT

    class Params:
        right_to_left = factory.Trait(
            code="ckb",
            name_da="Kurdisk (sorani)",
            name_en="Kurdish (Sorani)",
            native_name="کوردی",
            direction=Direction.RIGHT_TO_LEFT,
        )
        retired = factory.Trait(is_active=False)
