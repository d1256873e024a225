"""The replies that withdraw consent to text messages, per language: "STOP" works in every
language; each language adds its own word. Administrators add more as data."""

from django.db import migrations

WORDS = {
    "da": ["stop", "stopp", "afmeld"],
    "en": ["stop", "unsubscribe"],
    "ar": ["توقف", "ستوب"],
    "th": ["หยุด"],
    "so": ["jooji"],
    "fa": ["توقف"],
    "prs": ["توقف"],
    "tr": ["dur"],
    "vi": ["dừng"],
    "tl": ["tigil"],
}


def add(apps, schema_editor):
    Language = apps.get_model("languages", "Language")
    OptOutWord = apps.get_model("messaging", "OptOutWord")
    languages = {language.code: language for language in Language.objects.all()}
    for code, words in WORDS.items():
        if code in languages:
            for word in words:
                OptOutWord.objects.get_or_create(language=languages[code], word=word)


def remove(apps, schema_editor):
    apps.get_model("messaging", "OptOutWord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("languages", "0002_seed_languages"),
    ]

    operations = [migrations.RunPython(add, remove)]
