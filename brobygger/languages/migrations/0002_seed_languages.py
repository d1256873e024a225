"""The languages the job centres meet most often (seeds 003 and 004, DESIGN.md): Danish first,
then English, then the target group's languages. Administrators add more on the languages page.
"""

from django.db import migrations

LANGUAGES = [
    # code, Danish name, English name, own name, direction
    ("da", "Dansk", "Danish", "Dansk", "ltr"),
    ("en", "Engelsk", "English", "English", "ltr"),
    ("ar", "Arabisk", "Arabic", "العربية", "rtl"),
    ("th", "Thai", "Thai", "ไทย", "ltr"),
    ("so", "Somali", "Somali", "Soomaali", "ltr"),
    ("ti", "Tigrinya", "Tigrinya", "ትግርኛ", "ltr"),
    ("fa", "Farsi", "Persian (Farsi)", "فارسی", "rtl"),
    ("prs", "Dari", "Dari", "دری", "rtl"),
    ("ur", "Urdu", "Urdu", "اردو", "rtl"),
    ("tr", "Tyrkisk", "Turkish", "Türkçe", "ltr"),
    ("vi", "Vietnamesisk", "Vietnamese", "Tiếng Việt", "ltr"),
    ("tl", "Tagalog", "Tagalog", "Tagalog", "ltr"),
    ("ku", "Kurdisk (kurmanji)", "Kurdish (Kurmanji)", "Kurdî", "ltr"),
    ("ps", "Pashto", "Pashto", "پښتو", "rtl"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    for position, (code, name_da, name_en, native_name, direction) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code,
            defaults={
                "name_da": name_da,
                "name_en": name_en,
                "native_name": native_name,
                "direction": direction,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("languages", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
