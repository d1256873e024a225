"""Seed the intervention catalogue from seed 004 (Danish names, as users say them).

Network-oriented interventions happen in a group or network (criterion 1); company-oriented
ones in or with a company (criterion 4)."""

from django.db import migrations

# name, category, network_oriented, company_oriented, education, citizenship
TYPES = [
    ("Afklarings- og vejledningsforløb", "employment", False, False, False, False),
    ("Netværksmøde", "employment", True, False, False, False),
    ("Informationsmøde", "employment", True, False, False, False),
    ("Virksomhedsbesøg", "employment", True, True, False, False),
    ("Virksomhedspraktik", "employment", False, True, False, False),
    ("Løntilskud", "employment", False, True, False, False),
    ("Mentorforløb i virksomhed", "employment", False, True, False, False),
    ("Sprogskole (danskuddannelse)", "education", False, False, True, False),
    ("Vejledning om uddannelse", "education", False, False, True, False),
    ("Forberedende uddannelse (FVU, AMU o.l.)", "education", True, False, True, False),
    ("Frivilligt arbejde", "citizenship", True, False, False, True),
    ("Fritidsaktivitet i forening", "citizenship", True, False, False, True),
    ("Madklub og sociale aktiviteter", "citizenship", True, False, False, True),
    ("Netværksgruppe for kvinder", "citizenship", True, False, False, True),
]


def seed(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    for position, (name, category, network, company, education, citizenship) in enumerate(TYPES):
        InterventionType.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "network_oriented": network,
                "company_oriented": company,
                "education": education,
                "citizenship": citizenship,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
