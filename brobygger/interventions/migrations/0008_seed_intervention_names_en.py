"""English names of the seeded intervention types, for the English interface."""

from django.db import migrations

NAMES_EN = {
    "Afklarings- og vejledningsforløb": "Clarification and guidance course",
    "Netværksmøde": "Network meeting",
    "Informationsmøde": "Information meeting",
    "Virksomhedsbesøg": "Company visit",
    "Virksomhedspraktik": "Company internship",
    "Løntilskud": "Wage subsidy job",
    "Mentorforløb i virksomhed": "Mentoring in a company",
    "Sprogskole (danskuddannelse)": "Language school (Danish education)",
    "Vejledning om uddannelse": "Guidance on education",
    "Forberedende uddannelse (FVU, AMU o.l.)": "Preparatory education (FVU, AMU and the like)",
    "Frivilligt arbejde": "Volunteer work",
    "Fritidsaktivitet i forening": "Leisure activity in an association",
    "Madklub og sociale aktiviteter": "Food club and social activities",
    "Netværksgruppe for kvinder": "Network group for women",
}


def name(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    for kind in InterventionType.objects.filter(name__in=NAMES_EN, name_en=""):
        kind.name_en = NAMES_EN[kind.name]
        kind.save(update_fields=["name_en"])


def unname(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    for danish, english in NAMES_EN.items():
        InterventionType.objects.filter(name=danish, name_en=english).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("interventions", "0007_catalogue_name_en")]

    operations = [migrations.RunPython(name, unname)]
