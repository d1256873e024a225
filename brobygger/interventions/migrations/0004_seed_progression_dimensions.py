"""The default lines of the progression card (seed 004 follows people in internships)."""

from django.db import migrations

DIMENSIONS = [
    ("Dansk på arbejdspladsen", "Forstår og bruger dansk i arbejdet."),
    ("Fremmøde og stabilitet", "Møder til tiden, giver besked ved fravær."),
    ("Samarbejde", "Samarbejder med kolleger og leder."),
    ("Arbejdsopgaver", "Løser de opgaver, der hører til stillingen."),
    ("Selvstændighed", "Tager initiativ og arbejder uden tæt vejledning."),
    ("Tiltro til egne jobmuligheder", "Tror på at kunne få et ordinært job."),
]


def seed(apps, schema_editor):
    ProgressionDimension = apps.get_model("interventions", "ProgressionDimension")
    for position, (name, description) in enumerate(DIMENSIONS):
        ProgressionDimension.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0003_progression_cards")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
